"""One home's pack PDF: its cover, then the referral's shared pages copied as bytes, every page stamped.

The shared pages (contents, sections, attachments) come from pdf_merge.shared_pdf, merged once per referral. Each
page gets a form XObject drawn over it, as qpdf --overlay does: the marking top and bottom, the footer naming the
home, the pack id and the issue time, and "Page x of y". Then the outline and the metadata.
"""

import io
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
    NumberObject,
    StreamObject,
    TextStringObject,
)
from reportlab.lib.units import mm
from reportlab.pdfgen import canvas

from documents.adapters import pdf_add_object, pdf_object_count, pdf_object_replace, pdf_objects_append
from documents.pdf_styles import EXAMPLE_GREY, TEXT, fonts

from .content import PackContent
from .errors import PackRenderError
from .pdf_body import BodyPdf
from .pdf_merge import STAMP, SharedPdf, content_parts
from .pdf_stamp import PageBoxes, page_boxes, stamp_footer, stamp_forms


def _footer_overlay(pages: list[PageBoxes], content: PackContent) -> PdfReader:
    """One overlay page per pack page, each the size of its target: marking top and bottom, footer, page x of y."""
    regular, bold = fonts()
    footer, total = stamp_footer(content), len(pages)
    buffer = io.BytesIO()
    overlay = canvas.Canvas(buffer, invariant=1, pageCompression=0)  # read back at once: no need to deflate
    for number, boxes in enumerate(pages, start=1):
        left, bottom, width, height = boxes.crop
        overlay.setPageSize((left + width, bottom + height))
        overlay.setFillColor(TEXT)
        overlay.setFont(bold, 9)
        overlay.drawCentredString(left + width / 2, bottom + height - 10 * mm, "OFFICIAL-SENSITIVE")
        overlay.drawCentredString(left + width / 2, bottom + 8 * mm, "OFFICIAL-SENSITIVE")
        overlay.setFont(regular, 7.5)
        overlay.drawCentredString(left + width / 2, bottom + 13 * mm, footer)
        overlay.drawRightString(left + width - 15 * mm, bottom + 8 * mm, f"Page {number} of {total}")
        if content.example:
            _example_stamp(overlay, content.example, boxes.crop)
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
    return pdf_add_object(writer, form)


def _overlay_forms(writer: PdfWriter, pages: list[PageBoxes], content: PackContent) -> list[IndirectObject]:
    """The reportlab overlay (embedded fonts for any name) turned into one form XObject per page."""
    overlay = _footer_overlay(pages, content)
    resources: dict[str, DictionaryObject] = {}
    return [_form_xobject(writer, stamp, resources) for stamp in list(overlay.pages)]


def _stamp_cover(page: PageObject, form: IndirectObject, wrap: ArrayObject) -> None:
    """Draw the stamp over a cover page: its own resources and XObjects, its content between the shared q and Q."""
    resources = DictionaryObject(page.get(NameObject("/Resources"), DictionaryObject()).get_object())
    xobjects = DictionaryObject(resources.get(NameObject("/XObject"), DictionaryObject()).get_object())
    xobjects[NameObject(STAMP)] = form
    resources[NameObject("/XObject")] = xobjects
    page[NameObject("/Resources")] = resources
    page[NameObject("/Contents")] = ArrayObject([wrap[0], *content_parts(page), wrap[1]])


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


def _outline(writer: PdfWriter, content: PackContent, pages: list[IndirectObject], shared: SharedPdf) -> None:
    """Cover, contents, a bookmark per section, and the attached documents by type; pages are pack page refs."""
    cover_pages = len(pages) - len(shared.pages)
    writer.add_outline_item(title="Cover", page_number=pages[0])
    writer.add_outline_item(title="Contents", page_number=pages[cover_pages])
    for section in content.sections:
        writer.add_outline_item(title=section.title, page_number=pages[shared.body.section_pages[section.key] - 1])
    if not shared.labels:
        return
    start = len(pages) - sum(shared.attachment_pages)
    parent = writer.add_outline_item(title="Attached documents", page_number=pages[start])
    for label, count in zip(shared.labels, shared.attachment_pages, strict=True):
        writer.add_outline_item(title=label, page_number=pages[start], parent=parent)
        start += count


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


def _home_writer(shared: SharedPdf) -> PdfWriter:
    """A writer holding the shared objects under their own numbers; a home's objects are numbered after them."""
    writer = PdfWriter()
    if pdf_object_count(writer) + 1 != shared.first:
        raise PackRenderError("The shared pages were merged by another version of pypdf")
    pdf_objects_append(writer, shared.objects)
    return writer


def _page_tree(
    writer: PdfWriter, covers: list[PageObject], shared: SharedPdf, forms: list[IndirectObject]
) -> list[IndirectObject]:
    """Stamp the cover pages, write each shared page's dictionary for this home, and list them all in the page tree."""
    wrap = ArrayObject(IndirectObject(number, 0, writer) for number in shared.wrap)
    for cover_page, form in zip(covers, forms[: len(covers)], strict=True):
        _stamp_cover(cover_page, form, wrap)
    tree = cast(DictionaryObject, writer.root_object[NameObject("/Pages")].get_object())
    parent = cast(IndirectObject, tree.indirect_reference).idnum
    for shared_page, form in zip(shared.pages, forms[len(covers) :], strict=True):
        pdf_object_replace(writer, shared_page.idnum, shared_page.dictionary(parent, form.idnum))
    refs = [cast(IndirectObject, page.indirect_reference) for page in covers]
    refs += [IndirectObject(shared_page.idnum, 0, writer) for shared_page in shared.pages]
    tree[NameObject("/Kids")] = ArrayObject(refs)
    tree[NameObject("/Count")] = NumberObject(len(refs))
    return refs


def pack_pdf(content: PackContent, cover: BodyPdf, shared: SharedPdf, issued_at: datetime) -> bytes:
    """The cover, then the shared contents, sections and attachments, every page stamped, with outline and metadata."""
    writer = _home_writer(shared)
    writer.append(PdfReader(io.BytesIO(cover.data)), import_outline=False)
    covers = list(writer.pages)  # the page tree holds the cover only until _page_tree adds the shared pages
    boxes = [page_boxes(page) for page in covers] + [shared_page.boxes for shared_page in shared.pages]
    forms = stamp_forms(writer, boxes, content) or _overlay_forms(writer, boxes, content)
    refs = _page_tree(writer, covers, shared, forms)
    _outline(writer, content, refs, shared)
    _metadata(writer, content, issued_at)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()
