"""Render a docxtpl template with plain data in the sandbox; no Django here, so the confined child can use it."""

import io
import zipfile
from pathlib import Path
from typing import Any

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.text.paragraph import Paragraph
from docxtpl import DocxTemplate

from .safety import docx_environment

# A fixed timestamp for every zip member, so identical inputs give byte-identical files.
_ZIP_TIME = (2000, 1, 1, 0, 0, 0)


def _normalised(data: bytes) -> bytes:
    """Rewrite the zip with fixed timestamps: python-docx stamps members with the time of saving."""
    source, out = zipfile.ZipFile(io.BytesIO(data)), io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            target.writestr(zipfile.ZipInfo(info.filename, _ZIP_TIME), source.read(info), zipfile.ZIP_DEFLATED)
    return out.getvalue()


def _bold_centred(paragraph: Paragraph, text: str) -> None:
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    paragraph.add_run(text).bold = True


def _stamp(data: bytes, stamp: str) -> bytes:
    """An example pack says so at the top of the body and in every page header, whatever the template.

    The rendered file is opened again: docxtpl swaps header parts in at save time, so they cannot be edited before.
    """
    document = Document(io.BytesIO(data))
    body = document.paragraphs[0] if document.paragraphs else document.add_paragraph()
    _bold_centred(body.insert_paragraph_before(), stamp)
    for section in document.sections:
        others = [h for h in (section.first_page_header, section.even_page_header) if not h.is_linked_to_previous]
        for header in (section.header, *others):
            first = header.paragraphs[0] if header.paragraphs else header.add_paragraph()
            _bold_centred(first.insert_paragraph_before(), stamp)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def docx_render(template: Path, context: dict[str, Any], stamp: str = "") -> bytes:
    """The rendered DOCX; template errors (a sandbox SecurityError included) propagate to the caller."""
    document = DocxTemplate(str(template))
    document.render(context, jinja_env=docx_environment())
    buffer = io.BytesIO()
    document.save(buffer)
    data = buffer.getvalue()
    return _normalised(_stamp(data, stamp) if stamp else data)
