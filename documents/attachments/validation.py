"""Attachment intake: cheap checks in the caller's process, everything that parses in a confined child process."""

import hashlib
import json
import os
import stat
from dataclasses import asdict, dataclass
from enum import StrEnum
from pathlib import Path

from documents.confinement import ConfinementFailed, Limits, run_module

MIB = 1024 * 1024
SANDBOX_MODULE = "documents.attachments.sandbox"
HEAD_BYTES = 1024  # PDF readers accept the header anywhere in the first 1024 bytes
TAIL_BYTES = 1024  # ... and look for %%EOF in the last 1024


@dataclass(frozen=True)
class AttachmentLimits:
    """Bounds on what an uploaded PDF may cost to check; every refusal names the bound it hit."""

    max_bytes: int = 20 * MIB
    max_pages: int = 2000
    max_decoded_bytes: int = 256 * MIB  # all decoded streams together
    max_stream_bytes: int = 64 * MIB  # one decoded stream
    max_ratio: int = 100  # decoded/encoded, per stream, once a stream decodes to more than ratio_floor_bytes
    ratio_floor_bytes: int = 16 * MIB
    max_objects: int = 500_000
    cpu_seconds: int = 10
    memory_bytes: int = 512 * MIB  # address space of the child
    wall_seconds: float = 20.0

    def process(self) -> Limits:
        """The child's process limits; it may write no file at all (its verdict goes down a pipe)."""
        return Limits(
            cpu_seconds=self.cpu_seconds, memory_bytes=self.memory_bytes, file_bytes=0, wall_seconds=self.wall_seconds
        )


class Code(StrEnum):
    """Stable machine codes for a verdict; the storage layer and the audit log key on these."""

    OK = "ok"
    EMPTY = "empty"
    NOT_PDF = "not_pdf"
    TOO_LARGE = "too_large"
    TRUNCATED = "truncated"
    ENCRYPTED = "encrypted"
    ACTIVE_CONTENT = "active_content"
    EMBEDDED_FILES = "embedded_files"
    DECOMPRESSION_BOMB = "decompression_bomb"
    REFERENCE_LOOP = "reference_loop"
    TOO_MANY_PAGES = "too_many_pages"
    TIMEOUT = "timeout"
    RESOURCE_LIMIT = "resource_limit"
    UNREADABLE = "unreadable"


RESAVE = "Save it again as a PDF and upload the new copy"
MESSAGES = {
    Code.OK: "",
    Code.EMPTY: "The selected file is empty",
    Code.NOT_PDF: "The selected file must be a PDF",
    Code.TOO_LARGE: "The selected file must be smaller than {max_mb:g}MB",
    Code.TRUNCATED: "The selected file is incomplete. Save or download it again and upload the new copy",
    Code.ENCRYPTED: "The selected file is password protected. Remove the password and upload it again",
    Code.ACTIVE_CONTENT: "The selected file contains scripts or actions. Print it to a new PDF and upload that instead",
    Code.EMBEDDED_FILES: "The selected file has other files attached inside it. Upload each document as a separate PDF",
    Code.DECOMPRESSION_BOMB: f"The selected file is too complex to check. {RESAVE}",
    Code.REFERENCE_LOOP: f"The selected file is damaged. {RESAVE}",
    Code.TOO_MANY_PAGES: "The selected file must have {max_pages:,} pages or fewer",
    Code.TIMEOUT: f"The selected file took too long to check. {RESAVE}",
    Code.RESOURCE_LIMIT: f"The selected file is too complex to check. {RESAVE}",
    Code.UNREADABLE: f"The selected file could not be read. {RESAVE}",
}


@dataclass(frozen=True)
class Verdict:
    """The outcome of checking one file: a stable code, a message for the user, and facts about the file."""

    ok: bool
    code: str
    message: str
    pages: int = 0
    sha256: str = ""
    size: int = 0


def _verdict(code: Code, limits: AttachmentLimits, *, pages: int = 0, sha256: str = "", size: int = 0) -> Verdict:
    """Build a verdict whose message is filled in from the limits that applied."""
    message = MESSAGES[code].format(max_mb=limits.max_bytes / MIB, max_pages=limits.max_pages)
    return Verdict(ok=code == Code.OK, code=code, message=message, pages=pages, sha256=sha256, size=size)


def validate_pdf(path: Path, *, limits: AttachmentLimits = AttachmentLimits()) -> Verdict:
    """Check an untrusted file at path is a safe, readable PDF; never raises for anything in the file."""
    info = os.stat(path)
    if not stat.S_ISREG(info.st_mode):
        return _verdict(Code.UNREADABLE, limits)
    if info.st_size > limits.max_bytes:
        return _verdict(Code.TOO_LARGE, limits, size=info.st_size)
    code = _cheap_code(path, info.st_size)
    if code != Code.OK:
        return _verdict(code, limits, size=info.st_size)
    code, pages, sha256 = _check_in_child(path, limits)
    return _verdict(code, limits, pages=pages, sha256=sha256, size=info.st_size)


def _cheap_code(path: Path, size: int) -> Code:
    """Refuse on size and framing alone: no header in the first 1024 bytes, or no %%EOF at the end."""
    if size == 0:
        return Code.EMPTY
    with path.open("rb") as file:
        head = file.read(HEAD_BYTES)
        file.seek(max(0, size - TAIL_BYTES))
        tail = file.read(TAIL_BYTES)
    if b"%PDF-" not in head:
        return Code.NOT_PDF
    if b"%%EOF" not in tail:
        return Code.TRUNCATED
    return Code.OK


def _sha256(path: Path) -> str:
    """SHA-256 of the file, read in chunks so large files never sit in memory."""
    digest = hashlib.sha256()
    with path.open("rb") as file:
        while chunk := file.read(MIB):
            digest.update(chunk)
    return digest.hexdigest()


def _check_in_child(path: Path, limits: AttachmentLimits) -> tuple[Code, int, str]:
    """Parse in a confined child while hashing here; a child past a limit is a refusal, never an exception."""
    args = [str(path.resolve()), "--limits", json.dumps(asdict(limits))]
    try:
        line, sha256 = run_module(SANDBOX_MODULE, args, limits.process(), meanwhile=lambda: _sha256(path))
    except ConfinementFailed as failure:
        code = Code.TIMEOUT if failure.kind in ("wall_clock", "cpu") else Code.RESOURCE_LIMIT
        return code, 0, _sha256(path)
    code, pages = _child_result(line)
    return code, pages, sha256


def _child_result(line: bytes) -> tuple[Code, int]:
    """Read the child's one-line JSON verdict; anything else is a refusal."""
    try:
        result = json.loads(line)
        return Code(result["code"]), int(result["pages"])
    except (ValueError, KeyError, TypeError):
        return Code.RESOURCE_LIMIT, 0
