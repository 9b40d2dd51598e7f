"""Protected files: written atomically (a temporary name in the same folder, fsync, then os.replace, so readers never
see half a file), readable and writable by the service's own user only (files 0600, the folders it makes 0700).

Every file the service keeps under PROTECTED_ROOT (attachments, packs, Ofsted letters, uploaded templates) is written
here, so that one place decides who else on the machine may read a child's records: no one.
"""

import contextlib
import os
import tempfile
from collections.abc import Iterable
from pathlib import Path

FILE_MODE = 0o600
FOLDER_MODE = 0o700


def protected_folder(folder: Path) -> Path:
    """The folder, made with any missing parents as owner-only (0700) folders; folders already there are left as they
    are. Returns the folder."""
    missing = []
    here = folder
    while not here.exists():
        missing.append(here)
        here = here.parent
    for made in reversed(missing):
        with contextlib.suppress(FileExistsError):  # another worker made it first
            made.mkdir(mode=FOLDER_MODE)
        os.chmod(made, FOLDER_MODE)  # mkdir's mode is narrowed by the umask; make it exact
    return folder


def atomic_write(path: Path, data: bytes) -> None:
    """Write data to path so that it is either the old file or the complete new one, even if the worker dies."""
    atomic_write_all(path.parent, [(path.name, data)])


def atomic_write_chunks(path: Path, chunks: Iterable[bytes]) -> None:
    """atomic_write for data that arrives in pieces (an upload), never held in memory whole."""
    protected_folder(path.parent)
    _write_one(path, chunks)
    _fsync_dir(path.parent)


def atomic_move(source: Path, target: Path) -> None:
    """Rename a file written here (so already 0600) to its place in another protected folder, durably."""
    protected_folder(target.parent)
    os.chmod(source, FILE_MODE)
    os.replace(source, target)
    _fsync_dir(target.parent)


def atomic_write_all(folder: Path, files: list[tuple[str, bytes]]) -> None:
    """atomic_write for each (name, data) in turn, in one folder, with the folder synced once at the end."""
    protected_folder(folder)
    for name, data in files:
        _write_one(folder / name, [data])
    _fsync_dir(folder)


def _write_one(path: Path, chunks: Iterable[bytes]) -> None:
    """The one place a protected file's bytes are written: a 0600 temporary file, synced, then renamed into place."""
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=path.suffix)
    try:
        with os.fdopen(fd, "wb") as out:
            os.fchmod(out.fileno(), FILE_MODE)  # mkstemp makes 0600 already; say so here rather than rely on it
            for chunk in chunks:
                out.write(chunk)
            out.flush()
            os.fsync(out.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise


def _fsync_dir(folder: Path) -> None:
    descriptor = os.open(folder, os.O_DIRECTORY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


def remove_quietly(path: Path) -> None:
    """Remove a file if it is there."""
    with contextlib.suppress(FileNotFoundError):
        path.unlink()
