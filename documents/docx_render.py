"""Render a docxtpl template with plain data in the sandbox; no Django here, so the confined child can use it."""

import io
from functools import lru_cache
from pathlib import Path
from typing import Any

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.text.paragraph import Paragraph
from docxtpl import DocxTemplate

from .adapters import docx_package_bytes, docxtpl_patch_xml
from .safety import docx_environment


@lru_cache(maxsize=8)
def _patched(src_xml: str) -> str:
    """docxtpl's clean-up of a part's XML before Jinja sees it; it depends on the XML alone, so it is kept."""
    return docxtpl_patch_xml(src_xml)


class _Template(DocxTemplate):
    """docxtpl's template with its XML clean-up remembered per process (a pack template's parts repeat per home)."""

    def patch_xml(self, src_xml: str) -> str:
        return _patched(src_xml)


def _bold_centred(paragraph: Paragraph, text: str) -> None:
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    paragraph.add_run(text).bold = True


def _stamp(data: bytes, stamp: str) -> DocxDocument:
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
    return document


def docx_render(template: Path, context: dict[str, Any], stamp: str = "") -> bytes:
    """The rendered DOCX; template errors (a sandbox SecurityError included) propagate to the caller."""
    document = _Template(str(template))
    document.render(context, jinja_env=docx_environment())
    if not stamp:
        return docx_package_bytes(document.docx)
    buffer = io.BytesIO()
    document.save(buffer)
    return docx_package_bytes(_stamp(buffer.getvalue(), stamp))
