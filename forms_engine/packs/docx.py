"""The DOCX pack: the version's docxtpl template rendered in the Jinja sandbox with plain data only."""

import io
import zipfile
from dataclasses import asdict
from pathlib import Path
from typing import Any

from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.text.paragraph import Paragraph
from docxtpl import DocxTemplate
from jinja2 import TemplateError

from .content import PackContent, PackGroup, PackSection
from .errors import PackRenderError
from .safety import docx_environment

# A fixed timestamp for every zip member, so identical inputs give byte-identical files.
_ZIP_TIME = (2000, 1, 1, 0, 0, 0)


def _group_context(group: PackGroup) -> dict[str, Any]:
    return {
        "label": group.label,
        "item_label": group.item_label,
        "columns": list(group.columns),
        "entries": [[asdict(cell) for cell in item] for item in group.items],
    }


def _section_context(section: PackSection) -> dict[str, Any]:
    return {
        "key": section.key,
        "title": section.title,
        "rows": [asdict(row) for row in section.rows],
        "groups": [_group_context(group) for group in section.groups],
    }


def docx_context(content: PackContent) -> dict[str, Any]:
    """Plain dicts and strings only: no model instances or querysets ever reach a template."""
    facts = content.facts
    return {
        "referral": {
            "reference": facts.reference,
            "local_authority": facts.local_authority,
            "version_label": facts.version_label,
            "issued_at": facts.issued_at,
            "recipient": facts.recipient,
            "pack_id": facts.pack_id,
            "signed_by": facts.signed_by,
        },
        "sections": [_section_context(section) for section in content.sections],
        "answers": content.answers,
        "attachments": [attachment.label for attachment in content.attachments],
    }


def _normalised(data: bytes) -> bytes:
    """Rewrite the zip with fixed timestamps: python-docx stamps members with the time of saving."""
    source, out = zipfile.ZipFile(io.BytesIO(data)), io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            target.writestr(zipfile.ZipInfo(info.filename, _ZIP_TIME), source.read(info), zipfile.ZIP_DEFLATED)
    return out.getvalue()


def pack_docx(template: Path, content: PackContent) -> bytes:
    """Render the template; any template error (including a sandbox SecurityError) fails the pack cleanly."""
    document = DocxTemplate(str(template))
    try:
        document.render(docx_context(content), jinja_env=docx_environment())
    except (TemplateError, TypeError, ValueError, AttributeError, LookupError, OverflowError) as error:
        raise PackRenderError(f"The pack template could not be rendered: {type(error).__name__}") from error
    if content.example:
        _stamp(document, content.example)
    buffer = io.BytesIO()
    document.save(buffer)
    return _normalised(buffer.getvalue())


def _stamp(document: DocxTemplate, stamp: str) -> None:
    """An example pack says so at the top of the body and in every page header, whatever the template."""
    body = document.docx.paragraphs[0] if document.docx.paragraphs else document.docx.add_paragraph()
    _bold_centred(body.insert_paragraph_before(), stamp)
    for section in document.docx.sections:
        others = [h for h in (section.first_page_header, section.even_page_header) if not h.is_linked_to_previous]
        for header in (section.header, *others):
            first = header.paragraphs[0] if header.paragraphs else header.add_paragraph()
            _bold_centred(first.insert_paragraph_before(), stamp)


def _bold_centred(paragraph: Paragraph, text: str) -> None:
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = paragraph.add_run(text)
    run.bold = True
