"""Every call this project makes into a library's private API, in one place, each checked by a contract test.

pypdf (pinned `>=7.1,<8` in pyproject.toml) gives no public way to reserve object numbers, add a bare object or
hand a writer objects that are already serialised; python-docx (`>=1.1,<1.3`) has no public way to write a package
with fixed zip timestamps; docxtpl (`>=0.20,<0.21`) cleans a part's XML only through a bound method. Packs need all
three to be fast and byte-for-byte repeatable. tests/documents/test_adapters.py pins each behaviour used here to the
installed versions, so an upgrade that changes one fails there first, not in a pack.
"""

import io
import zipfile
from collections.abc import Iterable, Iterator
from typing import Any, cast

from docx.document import Document as DocxDocument
from docx.opc.pkgwriter import PackageWriter
from docx.table import Table
from docx.text.paragraph import Paragraph
from docxtpl import DocxTemplate
from pypdf import PdfWriter
from pypdf.generic import IndirectObject, PdfObject

# A fixed timestamp for every zip member, so identical inputs give byte-identical files.
ZIP_TIME = (2000, 1, 1, 0, 0, 0)


class RawObject(PdfObject):
    """A PDF object written as bytes it was serialised to earlier (by the same pypdf)."""

    def __init__(self, data: bytes) -> None:
        self.data = data
        self.indirect_reference = None

    def write_to_stream(self, stream: Any, encryption_key: Any = None) -> None:
        """Copy the bytes."""
        stream.write(self.data)


def pdf_add_object(writer: PdfWriter, obj: PdfObject) -> IndirectObject:
    """Add an object that no page refers to yet and return its reference."""
    return writer._add_object(obj)


def pdf_object_count(writer: PdfWriter) -> int:
    """How many object numbers the writer has given out."""
    return len(writer._objects)


def pdf_objects_from(writer: PdfWriter, first: int) -> Iterator[tuple[int, PdfObject | None]]:
    """(object number, object) for every object numbered `first` or later."""
    return enumerate(writer._objects[first - 1 :], start=first)


def pdf_objects_append(writer: PdfWriter, objects: Iterable[bytes | None]) -> None:
    """Append already serialised objects (None for a free number) under the next object numbers."""
    writer._objects.extend(None if data is None else RawObject(data) for data in objects)


def pdf_object_replace(writer: PdfWriter, idnum: int, data: bytes) -> None:
    """Replace object `idnum` by already serialised bytes."""
    writer._objects[idnum - 1] = RawObject(data)


def pdf_resolve_links(writer: PdfWriter) -> None:
    """Point links between appended pages at their merged copies (pypdf does this itself only on write)."""
    writer._resolve_links()


class _FixedTimeZip:
    """python-docx's zip writer, but every member has one fixed timestamp: identical inputs give identical bytes."""

    def __init__(self, stream: io.BytesIO) -> None:
        self._zip = zipfile.ZipFile(stream, "w", zipfile.ZIP_DEFLATED)

    def write(self, pack_uri: Any, blob: bytes) -> None:
        self._zip.writestr(zipfile.ZipInfo(pack_uri.membername, ZIP_TIME), blob, zipfile.ZIP_DEFLATED)

    def close(self) -> None:
        self._zip.close()


def docx_package_bytes(document: DocxDocument) -> bytes:
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


def docxtpl_patch_xml(src_xml: str) -> str:
    """docxtpl's clean-up of a part's XML before Jinja sees it; it reads nothing of the template object."""
    return DocxTemplate.patch_xml(cast(Any, None), src_xml)


def docx_blocks_move(anchor: Paragraph | Table, blocks: Iterable[Paragraph | Table], *, before: bool = False) -> None:
    """Move body blocks (paragraphs, tables) to just after `anchor` (or just before it), in order: python-docx adds
    blocks only at the end of the body and exposes their XML elements only as `_p` and `_tbl`."""
    target = anchor._p if isinstance(anchor, Paragraph) else anchor._tbl
    for block in blocks:
        element = block._p if isinstance(block, Paragraph) else block._tbl
        if before:
            target.addprevious(element)
        else:
            target.addnext(element)
            target = element
