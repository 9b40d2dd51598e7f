"""The pages every home's pack of a referral has in common, merged once and kept as serialised PDF objects.

The contents, the sections and the attachments are the same in every home's pack. They are merged with pypdf once
per referral (in a confined child) and each object is serialised to bytes. A home's pack is then written by copying
those bytes under the same object numbers, with new objects only for what differs per home: the cover, the stamps,
each page's dictionary (its stamp and parent), the outline and the metadata. No object is parsed again, and the file
is written whole (not as an incremental update, which would keep an unstamped revision of every page in it).

Object numbers line up because a fresh PdfWriter always starts with the same few objects (catalog, page tree,
information): the shared objects follow them, and a home's own objects follow the shared ones. The merge's own
catalog and page tree are not kept, so nothing a hostile attachment put in its catalog (forms, names, scripts)
reaches a pack.
"""

import io
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from pypdf import PageObject, PdfReader, PdfWriter
from pypdf.generic import ArrayObject, DecodedStreamObject, DictionaryObject, IndirectObject, NameObject, PdfObject

from documents.adapters import pdf_add_object, pdf_object_count, pdf_objects_from, pdf_resolve_links

from .errors import PackRenderError
from .identity import bytes_sha256
from .pdf_body import BodyPdf
from .pdf_stamp import PageBoxes, page_boxes

STAMP = "/PackStamp"
_OWN_ENTRIES = (NameObject("/Parent"), NameObject("/Resources"), NameObject("/Contents"))


@dataclass(frozen=True)
class AttachmentPdf:
    """An attachment read after its SHA-256 was checked against the one recorded when it was validated."""

    label: str
    reader: PdfReader


def attachment_read(label: str, data: bytes, expected_sha256: str) -> AttachmentPdf:
    """Refuse a file that changed on disk since validation; it must never reach a home."""
    if bytes_sha256(data) != expected_sha256:
        raise PackRenderError(f"The attachment ‘{label}’ does not match the file that was checked on upload")
    return AttachmentPdf(label, PdfReader(io.BytesIO(data)))


@dataclass(frozen=True)
class SharedPage:
    """One shared page, with its dictionary in parts so that a home's stamp and page tree can be put in."""

    idnum: int
    entries: bytes  # every entry of the page dictionary but /Parent, /Resources and /Contents
    resources: bytes  # its resources, ending inside the /XObject dictionary where the stamp's entry goes
    contents: bytes  # its content streams, wrapped in q ... Q and followed by the stamp's Do
    boxes: PageBoxes

    def dictionary(self, parent: int, stamp: int) -> bytes:
        """The page dictionary for one home's pack."""
        return b"<<%s/Parent %d 0 R /Resources %s%s %d 0 R >> >> /Contents %s >>" % (
            self.entries,
            parent,
            self.resources,
            STAMP.encode(),
            stamp,
            self.contents,
        )


@dataclass(frozen=True)
class SharedPdf:
    """The merged contents, sections and attachments of one referral, as serialised objects.

    objects[i] is object number first + i (None for a free number or a page, which each pack writes itself).
    """

    first: int
    objects: list[bytes | None]
    pages: list[SharedPage]
    body: BodyPdf
    attachment_pages: list[int]
    labels: list[str]
    wrap: tuple[int, int]  # the q and the Q-and-stamp streams around every page's content

    @cached_property
    def size(self) -> int:
        """Roughly how many bytes the worker holds for it."""
        return sum(len(o) for o in self.objects if o) + sum(len(p.entries) + len(p.resources) for p in self.pages)


def writer_first_free() -> int:
    """The first object number a fresh PdfWriter gives out (after its catalog, page tree and information)."""
    return pdf_object_count(PdfWriter()) + 1


def content_parts(page: PageObject) -> list[Any]:
    """The page's content streams as a list of references (a page may have one stream, an array or none)."""
    contents = page.get(NameObject("/Contents"))
    existing = contents.get_object() if contents is not None else ArrayObject()
    return list(existing) if isinstance(existing, ArrayObject) else [contents]


def _serialised(value: PdfObject) -> bytes:
    buffer = io.BytesIO()
    value.write_to_stream(buffer)
    return buffer.getvalue()


def _entries(dictionary: DictionaryObject, leave_out: tuple[NameObject, ...] = ()) -> bytes:
    return b"".join(
        b" %s %s" % (_serialised(key), _serialised(value)) for key, value in dictionary.items() if key not in leave_out
    )


def _shared_page(page: PageObject, wrap: tuple[IndirectObject, IndirectObject]) -> SharedPage:
    """The page's parts; its resources and XObjects are copied so that pages sharing them each get a stamp."""
    resources = page.get(NameObject("/Resources"), DictionaryObject()).get_object()
    xobjects = resources.get(NameObject("/XObject"), DictionaryObject()).get_object()
    named = (NameObject("/XObject"),)
    resource_part = b"<<%s /XObject <<%s " % (_entries(resources, named), _entries(xobjects, (NameObject(STAMP),)))
    assert page.indirect_reference is not None
    return SharedPage(
        idnum=page.indirect_reference.idnum,
        entries=_entries(page, _OWN_ENTRIES),
        resources=resource_part,
        contents=_serialised(ArrayObject([wrap[0], *content_parts(page), wrap[1]])),
        boxes=page_boxes(page),
    )


def _wrap_streams(writer: PdfWriter) -> tuple[IndirectObject, IndirectObject]:
    """The two small streams around every page's own content: q before, Q and the stamp after."""
    before, after = DecodedStreamObject(), DecodedStreamObject()
    before.set_data(b"q\n")
    after.set_data(b"\nQ q %s Do Q\n" % STAMP.encode())
    return pdf_add_object(writer, before), pdf_add_object(writer, after)


def shared_pdf(body: BodyPdf, attachments: list[AttachmentPdf]) -> SharedPdf:
    """Merge the contents and sections with the attachments (their outlines dropped) and serialise every object."""
    writer = PdfWriter()
    first = pdf_object_count(writer) + 1
    writer.append(PdfReader(io.BytesIO(body.data)), import_outline=False)
    for attachment in attachments:
        writer.append(attachment.reader, import_outline=False)
    pages = list(writer.pages)
    for page in pages:
        if page.rotation:
            page.transfer_rotation_to_content()
    pdf_resolve_links(writer)  # links between an attachment's own pages, to their merged copies
    wrap = _wrap_streams(writer)
    shared_pages = [_shared_page(page, wrap) for page in pages]
    page_numbers = {page.idnum for page in shared_pages}
    objects = [
        None if obj is None or number in page_numbers else _serialised(obj)
        for number, obj in pdf_objects_from(writer, first)
    ]
    return SharedPdf(
        first=first,
        objects=objects,
        pages=shared_pages,
        body=body,
        attachment_pages=[len(a.reader.pages) for a in attachments],
        labels=[a.label for a in attachments],
        wrap=(wrap[0].idnum, wrap[1].idnum),
    )
