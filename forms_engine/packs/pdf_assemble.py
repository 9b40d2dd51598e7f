"""Merge the own pages and the attachments with pypdf: footer and marking on every page, outline and metadata."""

import io
from dataclasses import dataclass
from datetime import datetime
from typing import cast

from pypdf import PageObject, PdfReader, PdfWriter
from pypdf.generic import (
    ArrayObject,
    BooleanObject,
    DecodedStreamObject,
    DictionaryObject,
    FloatObject,
    IndirectObject,
    NameObject,
    StreamObject,
    TextStringObject,
)
from reportlab.lib.units import mm
from reportlab.pdfgen import canvas

from .content import PackContent
from .errors import PackRenderError
from .identity import bytes_sha256
from .pdf_body import BodyPdf
from .pdf_stamp import stamp_forms
from .pdf_styles import EXAMPLE_GREY, TEXT, fonts


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


def _footer_overlay(writer: PdfWriter, content: PackContent) -> PdfReader:
    """One overlay page per pack page, each the size of its target: marking top and bottom, footer, page x of y."""
    regular, bold = fonts()
    pages = list(writer.pages)  # iterating writer.pages counts the pages again at every step
    facts, total = content.facts, len(pages)
    footer = f"Issued to {facts.recipient} | Pack {facts.pack_id} | {facts.issued_at}"
    buffer = io.BytesIO()
    overlay = canvas.Canvas(buffer, invariant=1, pageCompression=0)  # read back at once: no need to deflate
    for number, page in enumerate(pages, start=1):
        box = page.cropbox
        left, bottom, width, height = float(box.left), float(box.bottom), float(box.width), float(box.height)
        overlay.setPageSize((left + width, bottom + height))
        overlay.setFillColor(TEXT)
        overlay.setFont(bold, 9)
        overlay.drawCentredString(left + width / 2, bottom + height - 10 * mm, "OFFICIAL-SENSITIVE")
        overlay.drawCentredString(left + width / 2, bottom + 8 * mm, "OFFICIAL-SENSITIVE")
        overlay.setFont(regular, 7.5)
        overlay.drawCentredString(left + width / 2, bottom + 13 * mm, footer)
        overlay.drawRightString(left + width - 15 * mm, bottom + 8 * mm, f"Page {number} of {total}")
        if content.example:
            _example_stamp(overlay, content.example, (left, bottom, width, height))
        overlay.showPage()
    overlay.save()
    return PdfReader(buffer)


def _form_xobject(writer: PdfWriter, stamp: PageObject, resources: dict[str, DictionaryObject]) -> IndirectObject:
    """An overlay page as a form XObject in the writer (its content is copied, never parsed).

    The overlay's pages share their fonts, so each distinct resources dictionary is cloned into the writer once.
    """
    raw = stamp[NameObject("/Resources")]
    key = repr(raw)  # an indirect reference, or a small dictionary of references to the shared fonts
    if key not in resources:
        resources[key] = cast(DictionaryObject, raw.get_object()).clone(writer)
    form = DecodedStreamObject()
    form.set_data(cast(StreamObject, stamp[NameObject("/Contents")].get_object()).get_data())
    form.update(
        {
            NameObject("/Type"): NameObject("/XObject"),
            NameObject("/Subtype"): NameObject("/Form"),
            NameObject("/BBox"): ArrayObject(FloatObject(v) for v in stamp.mediabox),
            NameObject("/Resources"): resources[key],
        }
    )
    return writer._add_object(form)


def _own_resources(page: PageObject) -> DictionaryObject:
    """The page's resources as its own dictionary (pages may share one), with its own XObject dictionary."""
    resources = DictionaryObject(page.get(NameObject("/Resources"), DictionaryObject()).get_object())
    xobjects = resources.get(NameObject("/XObject"), DictionaryObject()).get_object()
    resources[NameObject("/XObject")] = DictionaryObject(xobjects)
    page[NameObject("/Resources")] = resources
    return resources


def _overlay_forms(writer: PdfWriter, content: PackContent) -> list[IndirectObject]:
    """The reportlab overlay (embedded fonts for any name) turned into one form XObject per page."""
    overlay = _footer_overlay(writer, content)
    resources: dict[str, DictionaryObject] = {}
    return [_form_xobject(writer, stamp, resources) for stamp in list(overlay.pages)]


def _stamp_pages(writer: PdfWriter, content: PackContent) -> None:
    """Draw each page's stamp over it as a form XObject, as qpdf --overlay does.

    The page's own content is wrapped in q ... Q and left unparsed, which is what makes this fast: pypdf's
    merge_page parses and rewrites every content stream.
    """
    forms = stamp_forms(writer, content) or _overlay_forms(writer, content)
    before, after = DecodedStreamObject(), DecodedStreamObject()
    before.set_data(b"q\n")
    after.set_data(b"\nQ q /PackStamp Do Q\n")
    before_ref, after_ref = writer._add_object(before), writer._add_object(after)
    for page, form in zip(list(writer.pages), forms, strict=True):
        xobjects = cast(DictionaryObject, _own_resources(page)[NameObject("/XObject")])
        xobjects[NameObject("/PackStamp")] = form
        contents = page.get(NameObject("/Contents"))
        existing = contents.get_object() if contents is not None else ArrayObject()
        parts = list(existing) if isinstance(existing, ArrayObject) else [contents]
        page[NameObject("/Contents")] = ArrayObject([before_ref, *parts, after_ref])


def _example_stamp(overlay: canvas.Canvas, stamp: str, box: tuple[float, float, float, float]) -> None:
    """A mock referral's example pack says so at the top of every page and across it."""
    left, bottom, width, height = box
    regular, bold = fonts()
    overlay.setFont(bold, 11)
    overlay.drawCentredString(left + width / 2, bottom + height - 15 * mm, stamp)
    overlay.saveState()
    overlay.setFillColor(EXAMPLE_GREY)
    overlay.setFont(bold, 54)
    overlay.translate(left + width / 2, bottom + height / 2)
    overlay.rotate(45)
    overlay.drawCentredString(0, 0, "EXAMPLE")
    overlay.restoreState()


def _outline(
    writer: PdfWriter, content: PackContent, cover: BodyPdf, body: BodyPdf, attachments: list[AttachmentPdf]
) -> None:
    writer.add_outline_item(title="Cover", page_number=0)
    writer.add_outline_item(title="Contents", page_number=cover.pages)
    for section in content.sections:
        writer.add_outline_item(title=section.title, page_number=body.section_pages[section.key] - 1)
    if not attachments:
        return
    start = len(writer.pages) - sum(len(a.reader.pages) for a in attachments)
    parent = writer.add_outline_item(title="Attached documents", page_number=start)
    for attachment in attachments:
        writer.add_outline_item(title=attachment.label, page_number=start, parent=parent)
        start += len(attachment.reader.pages)


def _metadata(writer: PdfWriter, content: PackContent, issued_at: datetime) -> None:
    facts = content.facts
    stamp = issued_at.strftime("D:%Y%m%d%H%M%S") + (issued_at.strftime("%z")[:3] + "'" + issued_at.strftime("%z")[3:])
    writer.add_metadata(
        {
            "/Title": f"Secure welfare referral {facts.reference} – pack for {facts.recipient}",
            "/Subject": f"OFFICIAL-SENSITIVE referral pack {facts.pack_id} ({facts.version_label})",
            "/Author": facts.local_authority,
            "/Creator": "Secure welfare referrals",
            "/Keywords": "OFFICIAL-SENSITIVE",
            "/CreationDate": stamp,
        }
    )
    root = writer.root_object
    root[NameObject("/Lang")] = TextStringObject("en-GB")
    root[NameObject("/ViewerPreferences")] = DictionaryObject({NameObject("/DisplayDocTitle"): BooleanObject(True)})
    writer.page_mode = "/UseOutlines"


def pack_pdf(
    content: PackContent, own: tuple[BodyPdf, BodyPdf], attachments: list[AttachmentPdf], issued_at: datetime
) -> bytes:
    """Cover, contents and sections, then attachments (their outlines dropped), stamped, with outline and metadata."""
    cover, body = own
    writer = PdfWriter()
    writer.append(PdfReader(io.BytesIO(cover.data)), import_outline=False)
    writer.append(PdfReader(io.BytesIO(body.data)), import_outline=False)
    for attachment in attachments:
        writer.append(attachment.reader, import_outline=False)
    for page in list(writer.pages):
        if page.rotation:
            page.transfer_rotation_to_content()
    _stamp_pages(writer, content)
    _outline(writer, content, cover, body, attachments)
    _metadata(writer, content, issued_at)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()
