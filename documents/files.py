"""Atomic file writes: a temporary name in the same folder, fsync, then os.replace, so readers never see half a file."""

import contextlib
import os
import tempfile
from pathlib import Path


def atomic_write(path: Path, data: bytes) -> None:
    """Write data to path so that it is either the old file or the complete new one, even if the worker dies."""
    atomic_write_all(path.parent, [(path.name, data)])


def atomic_write_all(folder: Path, files: list[tuple[str, bytes]]) -> None:
    """atomic_write for each (name, data) in turn, in one folder, with the folder synced once at the end."""
    for name, data in files:
        path = folder / name
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=".tmp-", suffix=path.suffix)
        try:
            with os.fdopen(fd, "wb") as out:
                out.write(data)
                out.flush()
                os.fsync(out.fileno())
            os.replace(tmp, path)
        except BaseException:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(tmp)
            raise
    _fsync_dir(folder)


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
