"""The marking, footer and page number of every pack page as form XObjects, written directly (the fast path).

Text in the standard Helvetica fonts (WinAnsi) needs no embedding and no reportlab round trip: one small content
stream per page. A recipient name that WinAnsi cannot print (a Welsh ŵ, say) returns None, and the caller uses the
reportlab overlay with the embedded Liberation fonts instead.
"""

from dataclasses import dataclass

from pypdf import PageObject, PdfWriter
from pypdf.generic import (
    DictionaryObject,
    FloatObject,
    IndirectObject,
    NameObject,
)
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth

from documents.adapters import RawObject, pdf_add_object

from .content import PackContent

_FONTS = {"/PR": "/Helvetica", "/PB": "/Helvetica-Bold"}
_METRICS = {"/PR": "Helvetica", "/PB": "Helvetica-Bold"}
_TEXT = b"0.043 0.047 0.047 rg"  # #0b0c0c
_GREY = b"0.5 0.5 0.5 rg /Faint gs"


Box = tuple[float, float, float, float]


def pdf_number(value: float) -> bytes:
    """A PDF number as short as it can be written (no exponent)."""
    text = f"{value:.4f}".rstrip("0").rstrip(".")
    return (text if text not in ("", "-0") else "0").encode()


@dataclass(frozen=True)
class PageBoxes:
    """What a stamp needs to know of its page: the crop box (left, bottom, width, height) and the media box."""

    crop: Box
    media: Box


def page_boxes(page: PageObject) -> PageBoxes:
    """The boxes of a pypdf page."""
    box = page.cropbox
    crop = (float(box.left), float(box.bottom), float(box.width), float(box.height))
    media = page.mediabox
    return PageBoxes(crop, (float(media[0]), float(media[1]), float(media[2]), float(media[3])))


def stamp_footer(content: PackContent) -> str:
    """The footer line of every page of a pack."""
    facts = content.facts
    return f"Issued to {facts.recipient} | Pack {facts.pack_id} | {facts.issued_at}"


def _literal(text: str) -> bytes:
    encoded = text.encode("cp1252")  # UnicodeEncodeError: the caller falls back
    return b"(" + encoded.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)") + b")"


def _text(font: str, size: float, x: float, y: float, text: str, align: str = "centre") -> bytes:
    width = stringWidth(text, _METRICS[font], size)
    left = x - width / 2 if align == "centre" else x - width
    return b"BT %s %.1f Tf %.2f %.2f Td %s Tj ET\n" % (font.encode(), size, left, y, _literal(text))


def _resources(writer: PdfWriter) -> IndirectObject:
    fonts = DictionaryObject()
    for name, base in _FONTS.items():
        fonts[NameObject(name)] = DictionaryObject(
            {
                NameObject("/Type"): NameObject("/Font"),
                NameObject("/Subtype"): NameObject("/Type1"),
                NameObject("/BaseFont"): NameObject(base),
                NameObject("/Encoding"): NameObject("/WinAnsiEncoding"),
            }
        )
    faint = DictionaryObject({NameObject("/Type"): NameObject("/ExtGState"), NameObject("/ca"): FloatObject(0.18)})
    resources = DictionaryObject(
        {
            NameObject("/Font"): fonts,
            NameObject("/ExtGState"): DictionaryObject({NameObject("/Faint"): faint}),
        }
    )
    return pdf_add_object(writer, resources)


def _fixed_parts(crop: Box, footer: str, example: str) -> tuple[bytes, bytes]:
    """The parts of a page's stamp that are the same on every page with this crop box: before and after its number."""
    left, bottom, width, height = crop
    centre = left + width / 2
    head = [b"q ", _TEXT, b"\n"]
    head.append(_text("/PB", 9, centre, bottom + height - 10 * mm, "OFFICIAL-SENSITIVE"))
    head.append(_text("/PB", 9, centre, bottom + 8 * mm, "OFFICIAL-SENSITIVE"))
    head.append(_text("/PR", 7.5, centre, bottom + 13 * mm, footer))
    tail = []
    if example:
        tail.append(_text("/PB", 11, centre, bottom + height - 15 * mm, example))
        rotate = b"q %s 0.7071 0.7071 -0.7071 0.7071 %.2f %.2f cm\n" % (_GREY, centre, bottom + height / 2)
        tail += [rotate, _text("/PB", 54, 0, 0, "EXAMPLE"), b"Q\n"]
    tail.append(b"Q\n")
    return b"".join(head), b"".join(tail)


def _form(stream: bytes, media: Box, resources: int) -> RawObject:
    """A form XObject written straight as bytes: hundreds per pack, the same few keys each."""
    bbox = b" ".join(pdf_number(value) for value in media)
    return RawObject(
        b"<<\n/Type /XObject\n/Subtype /Form\n/BBox [ %s ]\n/Resources %d 0 R\n/Length %d\n>>\nstream\n%s\nendstream"
        % (bbox, resources, len(stream), stream)
    )


def stamp_forms(writer: PdfWriter, pages: list[PageBoxes], content: PackContent) -> list[IndirectObject] | None:
    """One form XObject in the writer per page, or None when the text needs the embedded fonts."""
    footer = stamp_footer(content)
    try:
        _literal(footer + content.example)
    except UnicodeEncodeError:
        return None
    resources = _resources(writer).idnum
    fixed: dict[Box, tuple[bytes, bytes]] = {}
    forms, total = [], len(pages)
    for number, boxes in enumerate(pages, start=1):
        if boxes.crop not in fixed:
            fixed[boxes.crop] = _fixed_parts(boxes.crop, footer, content.example)
        head, tail = fixed[boxes.crop]
        left, bottom, width, _ = boxes.crop
        numbered = _text("/PR", 7.5, left + width - 15 * mm, bottom + 8 * mm, f"Page {number} of {total}", "right")
        forms.append(pdf_add_object(writer, _form(head + numbered + tail, boxes.media, resources)))
    return forms
