"""The protected storage itself, on whichever backend this run uses (TEST_STORAGE=s3: moto's S3 server)."""

import os
import stat
import threading
from pathlib import Path
from typing import Any

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage

from ops import storage
from ops.storage import ProtectedFileSystemStorage, protected_storage
from tests import s3


def test_a_file_saved_again_under_its_name_replaces_the_old_one() -> None:
    assert storage.store_bytes("packs/1/pack.pdf", b"first") == "packs/1/pack.pdf"
    assert storage.store_bytes("packs/1/pack.pdf", b"second, longer") == "packs/1/pack.pdf"
    assert storage.read_bytes("packs/1/pack.pdf") == b"second, longer"
    assert storage.listing("packs/1") == ([], ["pack.pdf"])


def test_a_missing_file_reads_as_not_found_and_deletes_quietly() -> None:
    with pytest.raises(FileNotFoundError):
        storage.read_bytes("attachments/none.pdf")
    storage.delete_quietly("attachments/none.pdf")
    assert not storage.exists("attachments/none.pdf")


def test_delete_tree_removes_everything_under_a_prefix_and_nothing_else() -> None:
    storage.store_bytes("packs/7/pack.pdf", b"a")
    storage.store_bytes("packs/7/manifest.json", b"{}")
    storage.store_bytes("packs/70/pack.pdf", b"b")
    storage.delete_tree("packs/7")
    assert storage.listing("packs/7") == ([], [])
    assert storage.read_bytes("packs/70/pack.pdf") == b"b"


def test_files_from_a_scratch_folder_are_stored_and_the_scratch_removed() -> None:
    with storage.scratch_folder() as folder:
        (folder / "pack.docx").write_bytes(b"docx")
        storage.store_files("packs/3", folder, ["pack.docx"])
        kept = folder
    assert not kept.exists()
    with storage.scratch_folder() as again:
        copy = storage.fetch_to("packs/3/pack.docx", again / "copy.docx")
        assert copy.read_bytes() == b"docx"
        assert stat.S_IMODE(copy.stat().st_mode) == 0o600


def test_protected_files_have_no_url() -> None:
    storage.store_bytes("ofsted/1/notification.docx", b"x")
    if isinstance(protected_storage(), FileSystemStorage):
        with pytest.raises(NotImplementedError):
            protected_storage().url("ofsted/1/notification.docx")


# The local backend (every run: it is the embedded default).


def test_local_files_are_owner_only_and_written_atomically(tmp_path: Path) -> None:
    local = ProtectedFileSystemStorage(location=tmp_path / "root")
    local.save("packs/5/pack.pdf", _content(b"one"))
    path = Path(local.path("packs/5/pack.pdf"))
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    assert stat.S_IMODE(path.parent.parent.stat().st_mode) == 0o700
    inode = path.stat().st_ino
    local.save("packs/5/pack.pdf", _content(b"two"))
    assert path.read_bytes() == b"two"
    assert path.stat().st_ino != inode  # a new file renamed into place, not the old one rewritten
    assert sorted(os.listdir(path.parent)) == ["pack.pdf"]  # no temporary left beside it


def test_a_reader_sees_the_old_file_or_the_whole_new_one(tmp_path: Path) -> None:
    local = ProtectedFileSystemStorage(location=tmp_path / "root")
    old, new = b"o" * 200_000, b"n" * 400_000
    local.save("big.bin", _content(old))
    seen: set[bytes] = set()
    done = threading.Event()

    def read() -> None:
        while not done.is_set():
            with local.open("big.bin") as stored:
                seen.add(stored.read())

    reader = threading.Thread(target=read)
    reader.start()
    for _ in range(20):
        local.save("big.bin", _content(new))
        local.save("big.bin", _content(old))
    done.set()
    reader.join()
    assert seen <= {old, new}


def test_the_local_backend_follows_protected_root(settings: Any, tmp_path: Path) -> None:
    settings.PROTECTED_ROOT = tmp_path / "elsewhere"
    local = ProtectedFileSystemStorage()
    local.save("a.txt", _content(b"a"))
    assert (tmp_path / "elsewhere" / "a.txt").read_bytes() == b"a"


def _content(data: bytes) -> ContentFile:
    return ContentFile(data)


# The S3 backend (TEST_STORAGE=s3): objects private and encrypted at rest.


@pytest.mark.skipif(not s3.wanted(), reason="TEST_STORAGE=s3 runs the protected storage against moto's S3 server")
def test_objects_are_private_and_encrypted(s3_server: s3.S3Server) -> None:
    storage.store_bytes("attachments/secret.pdf", b"%PDF-1.7 child data")
    key = f"{protected_storage().location}/attachments/secret.pdf"  # type: ignore[attr-defined]
    client = s3_server.client()
    head = client.head_object(Bucket=s3_server.bucket, Key=key)
    assert head["ServerSideEncryption"] == "AES256"
    grants = client.get_object_acl(Bucket=s3_server.bucket, Key=key)["Grants"]
    assert [grant["Permission"] for grant in grants] == ["FULL_CONTROL"]
    assert all("URI" not in grant["Grantee"] for grant in grants)  # no AllUsers / AuthenticatedUsers grant
