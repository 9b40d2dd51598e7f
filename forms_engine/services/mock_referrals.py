"""Mock referrals: loaded from forms_engine/mocks, checked like real ones, with example packs as Wagtail documents."""

import datetime
import io
from pathlib import Path
from typing import Any

from django.core.files.base import ContentFile
from django.db import transaction
from wagtail.documents import get_document_model
from wagtail.utils.file import hash_filelike

from documents.files import atomic_write, protected_folder
from ops import storage
from ops.queue import enqueue_on_commit

from ..mocks import MOCKS, MockSpec
from ..mocks.documents import EXAMPLE_STAMP, mock_document_pdf
from ..mocks.validation import mock_problems
from ..models import Form, FormVersion, MockReferral
from ..packs.content import PackSource, SourceDocument
from ..packs.docx import docx_context
from ..packs.identity import TemplateRef, bytes_sha256, template_current
from ..packs.service import Recipient, pack_content, pack_write
from .referrals import answers_hash

EXAMPLE_RECIPIENT = Recipient("example-home", "Example Secure Children's Home")


class MockInvalid(ValueError):
    """A shipped mock referral would not get through the journey; it is never loaded."""


def _documents_folder(mock: MockReferral) -> Path:
    """The mock's synthetic documents, made on this machine (they are generated, never uploaded, so each machine
    writes its own copy in its scratch folder rather than keeping them in the protected storage)."""
    return protected_folder(storage.scratch_root() / "mock-documents" / mock.key)


def _reference(mock: MockReferral) -> str:
    return next((spec.reference for spec in MOCKS if spec.key == mock.key), f"EX-{mock.pk:04d}")


def mock_source(mock: MockReferral) -> PackSource:
    """A mock referral as a pack source, its synthetic documents written (deterministically) on first use."""
    documents = []
    for number, document in enumerate(mock.documents, start=1):
        path = _documents_folder(mock) / f"{number}.pdf"
        data = mock_document_pdf(document["title"], int(document["pages"]), _reference(mock))
        if not path.is_file() or path.read_bytes() != data:
            atomic_write(path, data)
        documents.append(SourceDocument(document["question_key"], document["title"], path, bytes_sha256(data)))
    return PackSource(
        version=mock.version,
        answers=mock.answers,
        documents=documents,
        reference=_reference(mock),
        answers_hash=answers_hash(mock.answers),
        local_authority=mock.local_authority_name,
        signed_by=mock.signed_by,
    )


def _issued_at(mock: MockReferral) -> datetime.datetime:
    day = mock.written_on or datetime.date(2025, 1, 1)
    return datetime.datetime.combine(day, datetime.time(9, 0), tzinfo=datetime.UTC)


def mock_contexts(version: FormVersion) -> list[tuple[str, dict[str, Any]]]:
    """(title, DOCX context) of every mock referral of the version, for the template gate's dry renders."""
    result = []
    for mock in version.mock_referrals.all():
        source = mock_source(mock)
        content = pack_content(source, EXAMPLE_RECIPIENT, template_sha256="0" * 64, issued_at=_issued_at(mock))
        result.append((mock.title, docx_context(content)))
    return result


def _document(title: str, filename: str, data: bytes, existing: Any) -> Any:
    model = get_document_model()
    document = existing or model(title=title)
    document.title = title
    document.file = ContentFile(data, name=filename)
    document.file_size, document.file_hash = len(data), hash_filelike(io.BytesIO(data))
    document.save()
    return document


def _inputs(mock: MockReferral, template: TemplateRef) -> str:
    return bytes_sha256(f"{answers_hash(mock.answers)}\n{template.sha256}\n{EXAMPLE_STAMP}".encode())


def _examples_current(mock: MockReferral, inputs: str) -> bool:
    return bool(mock.examples_sha256 == inputs and mock.example_pdf_id and mock.example_docx_id)


def mock_examples_stale(*, mock: MockReferral) -> bool:
    """Whether the example packs are missing or were made from other answers or another template."""
    return not _examples_current(mock, _inputs(mock, template_current(mock.version)))


def mock_examples_render(*, mock: MockReferral, force: bool = False) -> bool:
    """Render the example PDF and DOCX with the version's live template; False when they were already current, or
    when the answers or the template changed while they were rendered (the change queued a render of its own).

    The render (a confined child: seconds) runs outside any transaction, so no database lock is held meanwhile;
    the documents are saved in one short transaction that first checks, under the mock's row lock, that they are
    still wanted.
    """
    mock = MockReferral.objects.select_related("version__form").get(pk=mock.pk)
    template = template_current(mock.version)
    inputs = _inputs(mock, template)
    if not force and _examples_current(mock, inputs):
        return False
    source = mock_source(mock)
    with storage.scratch_folder("mock-pack-") as folder:
        result = pack_write(
            source=source,
            recipient=EXAMPLE_RECIPIENT,
            template=template,
            out_dir=folder,
            issued_at=_issued_at(mock),
            example=EXAMPLE_STAMP,
        )
        pdf, docx = result.pdf_path.read_bytes(), result.docx_path.read_bytes()
    return _examples_save(mock.pk, inputs, pdf, docx, force=force)


@transaction.atomic
def _examples_save(mock_id: int, inputs: str, pdf: bytes, docx: bytes, *, force: bool) -> bool:
    """Store rendered example packs, unless the mock's answers or its version's template changed since they were
    read, or (not forced) another render stored the same ones first: re-checked under the row lock."""
    mock = MockReferral.objects.select_for_update().select_related("version__form").get(pk=mock_id)
    if _inputs(mock, template_current(mock.version)) != inputs or (not force and _examples_current(mock, inputs)):
        return False
    title = f"Example pack: {mock.title}"
    mock.example_pdf = _document(f"{title} (PDF)", f"example-pack-{mock.key}.pdf", pdf, mock.example_pdf)
    mock.example_docx = _document(f"{title} (Word)", f"example-pack-{mock.key}.docx", docx, mock.example_docx)
    mock.examples_sha256 = inputs
    mock.save(update_fields=["example_pdf", "example_docx", "examples_sha256"])
    return True


def _load(spec: MockSpec, form: Form) -> MockReferral:
    version = form.versions.get(number=spec.version_number)
    problems = mock_problems(spec, version)
    if problems:
        raise MockInvalid(f"{spec.key}: " + "; ".join(problems))
    documents = [{"question_key": d.question_key, "title": d.title, "pages": d.pages} for d in spec.documents]
    mock, _ = MockReferral.objects.update_or_create(
        key=spec.key,
        defaults={
            "title": spec.title,
            "summary": spec.summary,
            "version": version,
            "written_on": spec.as_of,
            "local_authority_name": spec.local_authority_name,
            "signed_by": spec.signed_by,
            "answers": spec.answers,
            "documents": documents,
        },
    )
    return mock


def mock_examples_enqueue(*, version: FormVersion) -> None:
    """Render the version's example packs in the background once the current transaction commits."""
    enqueue_on_commit("forms_engine.tasks.render_mock_examples", version.pk)


def mock_referrals_seed(*, form: Form) -> list[MockReferral]:
    """Load every shipped mock referral (checked first); missing or stale example packs are rendered after commit."""
    mocks = [_load(spec, form) for spec in MOCKS]
    for version in {mock.version for mock in mocks}:
        if any(mock_examples_stale(mock=mock) for mock in version.mock_referrals.all()):
            mock_examples_enqueue(version=version)
    return mocks


def mock_examples_refresh(*, version: FormVersion) -> int:
    """Re-render the example packs of a version's mock referrals (after its template changed)."""
    return sum(mock_examples_render(mock=mock) for mock in version.mock_referrals.all())
