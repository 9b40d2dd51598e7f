"""Which template a version's packs use, and the deterministic pack id: same inputs, same pack."""

import hashlib
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings

from documents.files import atomic_write
from ops import storage

from ..models import FormVersion, PackTemplate
from ..services.referrals import REFERENCE_ALPHABET
from .errors import TemplateMissing

TEMPLATE_NAME = "pack.docx"
UPLOADED_TEMPLATES = "pack-templates"
PACK_ID_LENGTH = 12


@dataclass(frozen=True)
class TemplateRef:
    """A template file, its SHA-256 and the name the manifest records for it."""

    path: Path
    sha256: str
    name: str


def templates_root() -> Path:
    return Path(settings.BASE_DIR) / "templates_docs"


def uploaded_template_key(stored_name: str) -> str:
    """Where an editor's uploaded template is kept in the protected storage, by generated name."""
    return f"{UPLOADED_TEMPLATES}/{Path(stored_name).name}"


def uploaded_template_local(template: PackTemplate) -> Path:
    """A copy of an uploaded template on this machine (renders read a file), in SCRATCH_ROOT by its SHA-256: a copy
    is never stale, and each machine fetches each template once. TemplateMissing if the kept file is not the one
    recorded."""
    path = storage.scratch_root() / UPLOADED_TEMPLATES / f"{template.sha256}.docx"
    if not path.is_file():
        try:
            data = storage.read_bytes(uploaded_template_key(template.stored_name))
        except FileNotFoundError as missing:
            raise TemplateMissing(f"The uploaded pack template of {template.version.label} is not on file") from missing
        if bytes_sha256(data) != template.sha256:
            raise TemplateMissing(f"The uploaded pack template of {template.version.label} does not match its record")
        atomic_write(path, data)
    return path


def shipped_template_path(version: FormVersion) -> Path:
    """templates_docs/<form key>/v<number>/pack.docx, shipped with the code."""
    return templates_root() / version.form.key / f"v{version.number}" / TEMPLATE_NAME


def _uploaded_ref(template: PackTemplate) -> TemplateRef:
    return TemplateRef(uploaded_template_local(template), template.sha256, f"uploaded/{template.stored_name}")


def _shipped_ref(version: FormVersion) -> TemplateRef | None:
    path = shipped_template_path(version)
    if not path.is_file():
        return None
    return TemplateRef(path, file_sha256(path), path.relative_to(templates_root()).as_posix())


def template_current(version: FormVersion) -> TemplateRef:
    """The live uploaded template of the version, or the shipped one when no upload is live."""
    live = version.pack_templates.filter(state=PackTemplate.State.LIVE).first()
    if live is not None:
        return _uploaded_ref(live)
    shipped = _shipped_ref(version)
    if shipped is None:
        raise TemplateMissing(f"There is no pack template for {version.label}")
    return shipped


def template_pinned(version: FormVersion, sha256: str) -> TemplateRef | None:
    """The template with this SHA-256 that was live for the version (jobs keep the template they asked for)."""
    states = (PackTemplate.State.LIVE, PackTemplate.State.REPLACED)
    uploaded = version.pack_templates.filter(sha256=sha256, state__in=states).first()
    if uploaded is not None and storage.exists(uploaded_template_key(uploaded.stored_name)):
        return _uploaded_ref(uploaded)
    shipped = _shipped_ref(version)
    return shipped if shipped is not None and shipped.sha256 == sha256 else None


def template_path(version: FormVersion) -> Path:
    """The path of the template the next pack of this version will use."""
    return template_current(version).path


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
