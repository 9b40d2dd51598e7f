"""The protected storage: the one way the service keeps a child's files (attachments, packs, Ofsted letters,
uploaded templates, mock documents, subject-access exports).

`protected_storage()` is `STORAGES["protected"]` (config/settings/storage.py): on one machine the local backend below,
files under PROTECTED_ROOT; on several, an S3-compatible bucket (django-storages' S3Storage) that every web and
worker host shares. Code names files by key ("packs/12/pack.pdf"), never by path, and reads them back through
`storage.open`, so nothing depends on which machine wrote a file. Work that needs real files (the confined children
render into a folder; the attachment sandbox reads a file) does it in a `scratch_folder()` on this machine and
stores the results with `store_files`.
"""

import contextlib
import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.files import File
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage, Storage, storages

from documents.files import FOLDER_MODE, atomic_write_chunks, protected_folder

PROTECTED = "protected"


def protected_storage() -> Storage:
    """The storage every protected file goes through."""
    return storages[PROTECTED]


class ProtectedFileSystemStorage(FileSystemStorage):
    """Files under PROTECTED_ROOT: written atomically (temporary name, fsync, rename: readers see the old file or the
    whole new one), files 0600 and folders 0700, a file saved again under its name replaced (a pack rebuilt from the
    same inputs), and no URL: files are served only through the access-checked views."""

    def __init__(self, location: str | os.PathLike[str] | None = None, **kwargs: Any) -> None:
        kwargs.setdefault("file_permissions_mode", 0o600)
        kwargs.setdefault("directory_permissions_mode", FOLDER_MODE)
        kwargs.setdefault("allow_overwrite", True)
        super().__init__(location=location, base_url=None, **kwargs)

    # Not cached: tests (and a management command given another root) change PROTECTED_ROOT at run time.
    @property
    def base_location(self) -> str:
        return str(self._value_or_setting(self._location, settings.PROTECTED_ROOT))  # type: ignore[attr-defined]

    @property
    def location(self) -> str:
        return os.path.abspath(self.base_location)

    def _save(self, name: str, content: File) -> str:
        atomic_write_chunks(Path(self.path(name)), content.chunks())
        return name.replace("\\", "/")

    def url(self, name: str | None) -> str:
        raise NotImplementedError("Protected files have no URL: serve them through an access-checked view.")


def store_bytes(name: str, data: bytes) -> str:
    """Keep data under the key name (replacing what was there); returns the key."""
    return protected_storage().save(name, ContentFile(data))


def store_files(prefix: str, folder: Path, names: list[str], *, names_as: list[str] | None = None) -> None:
    """Keep each named file of a local folder under prefix/name (or prefix/ the matching name of names_as), in
    order: a caller that stores a manifest last lists it last."""
    storage = protected_storage()
    for name, stored_as in zip(names, names_as or names, strict=True):
        with (folder / name).open("rb") as source:
            storage.save(f"{prefix}/{stored_as}", File(source, name=stored_as))


def read_bytes(name: str) -> bytes:
    """A stored file's content (FileNotFoundError when there is none)."""
    with protected_storage().open(name, "rb") as stored:
        return bytes(stored.read())


def fetch_to(name: str, target: Path) -> Path:
    """Copy a stored file to a local path (in a scratch folder) for work that needs a real file; returns it."""
    with protected_storage().open(name, "rb") as stored, target.open("wb") as out:
        os.fchmod(out.fileno(), 0o600)
        shutil.copyfileobj(stored, out)
    return target


def exists(name: str) -> bool:
    return bool(protected_storage().exists(name))


def delete_quietly(name: str) -> None:
    """Remove a stored file if it is there."""
    with contextlib.suppress(FileNotFoundError):
        protected_storage().delete(name)


def listing(prefix: str) -> tuple[list[str], list[str]]:
    """(folders, files) directly under prefix; empty when there is nothing."""
    try:
        folders, files = protected_storage().listdir(prefix)
    except (FileNotFoundError, NotADirectoryError):
        return [], []
    return list(folders), list(files)


def delete_tree(prefix: str) -> None:
    """Remove every stored file under prefix/ (and, on the local backend, the emptied folders)."""
    folders, files = listing(prefix)
    for name in files:
        delete_quietly(f"{prefix}/{name}")
    for folder in folders:
        delete_tree(f"{prefix}/{folder}")
    storage = protected_storage()
    if isinstance(storage, FileSystemStorage):
        with contextlib.suppress(OSError):  # not empty (a file arrived meanwhile) or already gone
            os.rmdir(storage.path(prefix))


def scratch_root() -> Path:
    """This machine's folder for scratch work (SCRATCH_ROOT), made owner-only if missing."""
    return protected_folder(Path(settings.SCRATCH_ROOT))


@contextlib.contextmanager
def scratch_folder(prefix: str = "work-") -> Iterator[Path]:
    """An owner-only temporary folder on this machine, removed with everything in it on leaving."""
    folder = Path(tempfile.mkdtemp(prefix=prefix, dir=scratch_root()))
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)
