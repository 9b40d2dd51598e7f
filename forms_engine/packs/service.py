"""pack_render: the one entry point that turns a submitted referral into a pack for one secure home."""

import errno
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime
from functools import partial
from pathlib import Path

from django.utils import timezone
from pypdf.errors import PyPdfError
from reportlab.platypus.doctemplate import LayoutError

from accounts.models import Organisation
from documents.confinement import Limits
from documents.files import atomic_write, atomic_write_all, remove_quietly
from documents.safety import reportlab_harden
from ops import storage

from ..models import Referral
from .child import run_confined
from .content import (
    PackContent,
    PackSource,
    pack_answers,
    pack_attachments,
    pack_facts,
    pack_glance,
    pack_sections,
    source_from_referral,
)
from .docx import pack_docx
from .errors import PackError, PackRenderError, RecipientNotAHome, ReferralNotSubmitted
from .identity import TemplateRef, pack_digest, pack_id, template_current
from .limits import content_refuse_if_too_large
from .manifest import PackFile, manifest_bytes
from .pdf_assemble import pack_pdf
from .pdf_body import cover_pdf
from .pdf_merge import SharedPdf
from .shared import shared_keep, shared_pages
from .warm import pack_worker_warm

DOCX_NAME, PDF_NAME, MANIFEST_NAME = "pack.docx", "pack.pdf", "manifest.json"


@dataclass(frozen=True)
class PackResult:
    """The files written for one referral and one home, with their hashes."""

    pack_id: str
    docx_path: Path
    pdf_path: Path
    manifest_path: Path
    sha256: dict[str, str]
    pdf_pages: int


@dataclass(frozen=True)
class Recipient:
    """Who a pack is issued to: a secure home, or the fictional home of an example pack."""

    slug: str
    name: str


def _refuse_unless_ready(referral: Referral, home: Organisation, issued_at: datetime) -> None:
    if referral.status != Referral.Status.SUBMITTED or not referral.answers_hash:
        raise ReferralNotSubmitted(f"Only a submitted referral can be made into a pack (referral {referral.pk})")
    if home.kind != Organisation.Kind.SECURE_HOME:
        raise RecipientNotAHome(f"{home.slug} is not a secure children's home")
    if timezone.is_naive(issued_at):
        raise ValueError("issued_at must be timezone-aware")


def pack_write_failure(error: BaseException) -> str:
    """The error's class, and for an operating-system error its code and text (ENOSPC, No space left on device):
    the reason a failed job records. Never the file name, which the message of an OSError also carries."""
    if isinstance(error, OSError) and error.errno:
        return f"{type(error).__name__} {errno.errorcode.get(error.errno, error.errno)} ({error.strerror})"
    return type(error).__name__


def _issued_label(issued_at: datetime) -> str:
    local = timezone.localtime(issued_at)
    return f"{local:%-d %B %Y, %H:%M} {local.tzname()}"


@dataclass(frozen=True)
class _Pdf:
    data: bytes
    pages: int
    # the contents, sections and attachments for the worker to keep for the next home (None: it has them already,
    # and sending them back would only cost the time to copy them)
    shared: tuple[str, SharedPdf | None]


def _render_pdf(content: PackContent, issued_at: datetime) -> _Pdf:
    """The cover for this home, then the contents, sections and attachments shared by every home."""
    try:
        cover = cover_pdf(content)
        key, shared, merged_now = shared_pages(content, first_page=cover.pages + 1)
        data = pack_pdf(content, cover, shared, issued_at)
    except (LayoutError, ValueError, PyPdfError, OSError, RecursionError) as error:
        raise PackRenderError(f"The PDF pack could not be built: {pack_write_failure(error)}") from error
    return _Pdf(data, cover.pages + len(shared.pages), (key, shared if merged_now else None))


def pack_content(
    source: PackSource, recipient: Recipient, *, template_sha256: str, issued_at: datetime, example: str = ""
) -> PackContent:
    """The pack's content for one recipient, refused as section_too_large when it cannot be printed."""
    digest = pack_digest(answers_hash=source.answers_hash, template_sha256=template_sha256, home_slug=recipient.slug)
    facts = pack_facts(source, recipient.name, pack_id=pack_id(digest), issued_at=_issued_label(issued_at))
    sections = pack_sections(source)
    content_refuse_if_too_large(sections)
    glance = pack_glance(source, timezone.localtime(issued_at).date())
    return PackContent(facts, sections, pack_attachments(source), pack_answers(source), example, glance)


def pack_write_in_process(
    *,
    source: PackSource,
    recipient: Recipient,
    template: TemplateRef,
    out_dir: Path,
    issued_at: datetime,
    example: str = "",
) -> PackResult:
    """Render and write pack.docx, pack.pdf and manifest.json (last) here, unconfined: pack_write runs it confined."""
    return _pack_build(source, recipient, template, out_dir, issued_at, example)[0]


def _pack_build(
    source: PackSource, recipient: Recipient, template: TemplateRef, out_dir: Path, issued_at: datetime, example: str
) -> tuple[PackResult, tuple[str, SharedPdf | None]]:
    reportlab_harden()
    content = pack_content(source, recipient, template_sha256=template.sha256, issued_at=issued_at, example=example)
    docx = pack_docx(template.path, content)
    pdf = _render_pdf(content, issued_at)
    files = [PackFile.of(DOCX_NAME, docx), PackFile.of(PDF_NAME, pdf.data)]
    digest = pack_digest(answers_hash=source.answers_hash, template_sha256=template.sha256, home_slug=recipient.slug)
    manifest = manifest_bytes(
        reference=source.reference,
        answers_hash=source.answers_hash,
        version=source.version,
        recipient={"slug": recipient.slug, "name": recipient.name},
        pack_id=content.facts.pack_id,
        digest=digest,
        template={"path": template.name, "sha256": template.sha256},
        issued_at=issued_at,
        files=files,
    )
    try:
        atomic_write_all(out_dir, [(DOCX_NAME, docx), (PDF_NAME, pdf.data)])
        atomic_write(out_dir / MANIFEST_NAME, manifest)  # last, once the others are durable: a manifest means complete
    except OSError as error:  # a full disk, a file-size limit: say which, so the failed job records why
        raise PackRenderError(f"The pack files could not be written: {pack_write_failure(error)}") from error
    hashes = {f.name: f.sha256 for f in files} | {MANIFEST_NAME: PackFile.of(MANIFEST_NAME, manifest).sha256}
    paths = (out_dir / DOCX_NAME, out_dir / PDF_NAME, out_dir / MANIFEST_NAME)
    return PackResult(content.facts.pack_id, *paths, hashes, pdf.pages), pdf.shared


def pack_write(
    *,
    source: PackSource,
    recipient: Recipient,
    template: TemplateRef,
    out_dir: Path,
    issued_at: datetime,
    example: str = "",
    limits: Limits | None = None,
    heartbeat: Callable[[], None] | None = None,
) -> PackResult:
    """Build and write the pack in a confined child; on any failure no pack file is left in out_dir.

    The child hands back the shared pages it used, which the worker keeps for the referral's next home.
    `heartbeat` is called just before the child starts (a pack job renews its lease there: the child's wall-clock
    limit is then all the lease has to cover); it may raise to stop the build before anything is written.
    Temporary files a killed earlier build left in out_dir are removed first.
    """
    _ = source.version.form  # loaded here: the child must not query the database
    pack_worker_warm()
    if heartbeat is not None:
        heartbeat()
    pack_temporaries_remove(out_dir)
    try:
        result, shared = run_confined(
            partial(_pack_build, source, recipient, template, out_dir, issued_at, example), limits
        )
    except PackError:
        pack_files_remove(out_dir)
        raise
    shared_keep(*shared)
    return result


def pack_temporaries_remove(out_dir: Path) -> None:
    """Remove the temporary files (`.tmp-*`) of writes that never finished: a build killed with its worker (SIGKILL,
    a lost machine) runs no clean-up of its own, so the next build of the same folder, or a job given up, does it."""
    if out_dir.is_dir():
        for path in out_dir.glob(".tmp-*"):
            remove_quietly(path)


def pack_files_remove(out_dir: Path) -> None:
    """A failed build leaves neither a half-written pack nor a mix of old and new files."""
    pack_temporaries_remove(out_dir)
    if out_dir.is_dir():
        for path in (out_dir / name for name in (MANIFEST_NAME, DOCX_NAME, PDF_NAME)):
            remove_quietly(path)


def pack_render(
    *,
    referral: Referral,
    home: Organisation,
    out_dir: Path,
    issued_at: datetime,
    template: TemplateRef | None = None,
    heartbeat: Callable[[], None] | None = None,
    answers_hash: str | None = None,
) -> PackResult:
    """Write the pack for this home from the given (pinned) template or the version's current one, and from the
    referral's answers as pinned (`answers_hash`, a job's) or as they are now (its amendments included)."""
    _refuse_unless_ready(referral, home, issued_at)
    with storage.scratch_folder("pack-documents-") as documents:
        return pack_write(
            source=documents_local(source_from_referral(referral, answers_hash), documents),
            recipient=Recipient(home.slug, home.name),
            template=template or template_current(referral.version),
            out_dir=out_dir,
            issued_at=issued_at,
            heartbeat=heartbeat,
        )


def documents_local(source: PackSource, folder: Path) -> PackSource:
    """The source with each attachment kept in the protected storage copied into a local folder (the confined child
    reads files, never the storage); documents already local (a mock referral's) are left where they are."""
    documents = [
        document
        if document.path.is_absolute()
        else replace(document, path=storage.fetch_to(str(document.path), folder / document.path.name))
        for document in source.documents
    ]
    return replace(source, documents=documents)
