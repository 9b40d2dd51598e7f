"""Where a version's template lives, and the deterministic pack id: same inputs, same pack."""

import hashlib
from pathlib import Path

from django.conf import settings

from ..models import FormVersion
from ..services.referrals import REFERENCE_ALPHABET
from .errors import TemplateMissing

TEMPLATE_NAME = "pack.docx"
PACK_ID_LENGTH = 12


def templates_root() -> Path:
    return Path(settings.BASE_DIR) / "templates_docs"


def template_path(version: FormVersion) -> Path:
    """templates_docs/<form key>/v<number>/pack.docx for the referral's pinned version."""
    path = templates_root() / version.form.key / f"v{version.number}" / TEMPLATE_NAME
    if not path.is_file():
        raise TemplateMissing(f"There is no pack template for {version.label}")
    return path


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as source:
        for chunk in iter(lambda: source.read(1024 * 1024), b""):
            digest.update(chunk)
    return digest.hexdigest()


def bytes_sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def pack_digest(*, answers_hash: str, template_sha256: str, home_slug: str) -> str:
    """SHA-256 over the referral snapshot, the template and the recipient: the identity of a pack."""
    return bytes_sha256("\n".join(("pack/1", answers_hash, template_sha256, home_slug)).encode())


def pack_id(digest: str) -> str:
    """A short id from the digest in the reference alphabet (read out on the phone), like PK-7KQD-93HX-AC4F."""
    number, base, chars = int(digest, 16), len(REFERENCE_ALPHABET), []
    for _ in range(PACK_ID_LENGTH):
        number, index = divmod(number, base)
        chars.append(REFERENCE_ALPHABET[index])
    groups = ["".join(chars[i : i + 4]) for i in range(0, PACK_ID_LENGTH, 4)]
    return "PK-" + "-".join(groups)
