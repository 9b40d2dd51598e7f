"""Attachment files on disk: generated names under PROTECTED_ROOT, never the uploader's file name."""

import uuid
from pathlib import Path

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile

from documents.files import atomic_move, atomic_write_chunks, protected_folder


def _folder(name: str) -> Path:
    return protected_folder(Path(settings.PROTECTED_ROOT) / name)


def upload_to_quarantine(upload: UploadedFile) -> Path:
    """Copy an upload to a quarantine file with a generated name, ready for validation."""
    path = _folder("quarantine") / f"{uuid.uuid4().hex}.upload"
    atomic_write_chunks(path, upload.chunks())
    return path


def quarantine_accept(path: Path) -> str:
    """Move a validated file into the attachment store; returns its stored name."""
    stored_name = f"{uuid.uuid4().hex}.pdf"
    atomic_move(path, _folder("attachments") / stored_name)
    return stored_name


def stored_path(stored_name: str) -> Path:
    """Where a stored attachment lives."""
    return _folder("attachments") / Path(stored_name).name


def discard(path: Path) -> None:
    path.unlink(missing_ok=True)
