"""Attachment files: an upload waits in a local quarantine file (this machine's scratch folder) while the sandbox
validates it; an accepted one is kept in the protected storage (ops/storage.py) under a generated name, never the
uploader's file name."""

import uuid
from pathlib import Path

from django.core.files.uploadedfile import UploadedFile

from documents.files import atomic_write_chunks
from ops import storage

ATTACHMENTS = "attachments"


def upload_to_quarantine(upload: UploadedFile) -> Path:
    """Copy an upload to a local quarantine file with a generated name, ready for validation."""
    path = storage.scratch_root() / "quarantine" / f"{uuid.uuid4().hex}.upload"
    atomic_write_chunks(path, upload.chunks())
    return path


def quarantine_accept(path: Path) -> str:
    """Keep a validated file in the attachment store; returns its stored name. The quarantine file stays for the
    caller's `discard`."""
    stored_name = f"{uuid.uuid4().hex}.pdf"
    storage.store_files(ATTACHMENTS, path.parent, [path.name], names_as=[stored_name])
    return stored_name


def attachment_key(stored_name: str) -> str:
    """The storage key of a stored attachment."""
    return f"{ATTACHMENTS}/{Path(stored_name).name}"


def attachment_remove(stored_name: str) -> None:
    storage.delete_quietly(attachment_key(stored_name))


def discard(path: Path) -> None:
    path.unlink(missing_ok=True)
