"""Protected files are the service user's alone: every writer in documents.files makes files 0600 and folders 0700."""

import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from documents.files import atomic_move, atomic_write, atomic_write_all, atomic_write_chunks, protected_folder


def _mode(path: Path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


@pytest.fixture(autouse=True)
def permissive_umask() -> Iterator[None]:
    """A umask of 0 would leave open() and mkdir() files world-readable: the modes must not depend on it."""
    before = os.umask(0)
    try:
        yield
    finally:
        os.umask(before)


def test_atomic_write_makes_an_owner_only_file_and_folders(tmp_path: Path) -> None:
    path = tmp_path / "ofsted" / "7" / "notification.docx"
    atomic_write(path, b"letter")
    assert path.read_bytes() == b"letter"
    assert _mode(path) == 0o600
    assert _mode(tmp_path / "ofsted") == _mode(tmp_path / "ofsted" / "7") == 0o700


def test_replacing_a_file_keeps_it_owner_only(tmp_path: Path) -> None:
    """A file left 0644 by an older release becomes 0600 when it is written again."""
    path = tmp_path / "pack.pdf"
    path.write_bytes(b"old")
    path.chmod(0o644)
    atomic_write(path, b"new")
    assert (path.read_bytes(), _mode(path)) == (b"new", 0o600)


def test_atomic_write_all_and_chunks(tmp_path: Path) -> None:
    atomic_write_all(tmp_path / "packs" / "1", [("pack.docx", b"d"), ("pack.pdf", b"p")])
    atomic_write_chunks(tmp_path / "quarantine" / "a.upload", iter([b"%PDF", b"-1.7"]))
    assert (tmp_path / "quarantine" / "a.upload").read_bytes() == b"%PDF-1.7"
    for path in [tmp_path / "packs" / "1" / "pack.docx", tmp_path / "packs" / "1" / "pack.pdf"]:
        assert _mode(path) == 0o600
    assert _mode(tmp_path / "quarantine" / "a.upload") == 0o600
    assert {_mode(tmp_path / "packs"), _mode(tmp_path / "packs" / "1"), _mode(tmp_path / "quarantine")} == {0o700}
    assert not list(tmp_path.rglob(".tmp-*"))


def test_atomic_move_into_another_folder(tmp_path: Path) -> None:
    source = tmp_path / "quarantine" / "a.upload"
    atomic_write(source, b"%PDF-1.7")
    atomic_move(source, tmp_path / "attachments" / "b.pdf")
    assert not source.exists()
    assert _mode(tmp_path / "attachments" / "b.pdf") == 0o600
    assert _mode(tmp_path / "attachments") == 0o700


def test_protected_folder_leaves_existing_folders_alone(tmp_path: Path) -> None:
    """It only decides the mode of folders it makes: the root the operator made keeps its own."""
    root = tmp_path / "protected"
    root.mkdir(mode=0o750)
    assert protected_folder(root / "attachments") == root / "attachments"
    assert (_mode(root), _mode(root / "attachments")) == (0o750, 0o700)
    protected_folder(root / "attachments")  # again: nothing to do
    assert _mode(root / "attachments") == 0o700


def test_a_failed_write_leaves_no_temporary_file(tmp_path: Path) -> None:
    def chunks() -> Iterator[bytes]:
        yield b"half"
        raise OSError("disk full")

    with pytest.raises(OSError, match="disk full"):
        atomic_write_chunks(tmp_path / "a.upload", chunks())
    assert list(tmp_path.iterdir()) == []
