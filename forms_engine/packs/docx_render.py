"""Render a docxtpl template with plain data in the sandbox; no Django here, so the confined child can use it."""

import io
import zipfile
from functools import lru_cache
from pathlib import Path
from typing import Any, cast

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.opc.pkgwriter import PackageWriter
from docx.text.paragraph import Paragraph
from docxtpl import DocxTemplate

from .safety import docx_environment

# A fixed timestamp for every zip member, so identical inputs give byte-identical files.
_ZIP_TIME = (2000, 1, 1, 0, 0, 0)


@lru_cache(maxsize=8)
def _patched(src_xml: str) -> str:
    """docxtpl's clean-up of a part's XML before Jinja sees it; it depends on the XML alone, so it is kept."""
    return DocxTemplate.patch_xml(cast(Any, None), src_xml)  # it reads nothing of the template (docxtpl 0.20)


class _Template(DocxTemplate):
    """docxtpl's template with its XML clean-up remembered per process (a pack template's parts repeat per home)."""

    def patch_xml(self, src_xml: str) -> str:
        return _patched(src_xml)


class _FixedTimeZip:
    """python-docx's zip writer, but every member has one fixed timestamp: identical inputs give identical bytes."""

    def __init__(self, stream: io.BytesIO) -> None:
        self._zip = zipfile.ZipFile(stream, "w", zipfile.ZIP_DEFLATED)

    def write(self, pack_uri: Any, blob: bytes) -> None:
        self._zip.writestr(zipfile.ZipInfo(pack_uri.membername, _ZIP_TIME), blob, zipfile.ZIP_DEFLATED)

    def close(self) -> None:
        self._zip.close()


def _saved(document: DocxDocument) -> bytes:
    """The document's package written once, as python-docx's `Package.save` does, with fixed member timestamps."""
    package = document.part.package
    parts = package.parts
    for part in parts:
        part.before_marshal()
    buffer = io.BytesIO()
    writer = _FixedTimeZip(buffer)
    PackageWriter._write_content_types_stream(writer, parts)
    PackageWriter._write_pkg_rels(writer, package.rels)
    PackageWriter._write_parts(cast(Any, writer), parts)
    writer.close()
    return buffer.getvalue()


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
        return _saved(document.docx)
    buffer = io.BytesIO()
    document.save(buffer)
    return _saved(_stamp(buffer.getvalue(), stamp))
