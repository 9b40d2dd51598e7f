"""Fonts and paragraph styles for the PDF: Arial-metric Liberation Sans when installed, Helvetica otherwise."""

from functools import cache
from pathlib import Path

from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

_LIBERATION = Path("/usr/share/fonts/truetype/liberation")
TEXT = colors.HexColor("#0b0c0c")
SECONDARY = colors.HexColor("#505a5f")
RULE = colors.HexColor("#b1b4b6")
SHADE = colors.HexColor("#f3f2f1")
EXAMPLE_GREY = colors.Color(0.5, 0.5, 0.5, alpha=0.18)


@cache
def fonts() -> tuple[str, str]:
    """(regular, bold) font names; the TrueType fonts cover names that Latin-1 Helvetica cannot print."""
    regular, bold = _LIBERATION / "LiberationSans-Regular.ttf", _LIBERATION / "LiberationSans-Bold.ttf"
    if not (regular.is_file() and bold.is_file()):
        return "Helvetica", "Helvetica-Bold"
    pdfmetrics.registerFont(TTFont("PackSans", str(regular)))
    pdfmetrics.registerFont(TTFont("PackSans-Bold", str(bold)))
    pdfmetrics.registerFontFamily("PackSans", normal="PackSans", bold="PackSans-Bold")
    return "PackSans", "PackSans-Bold"


@cache
def styles() -> dict[str, ParagraphStyle]:
    """The pack's paragraph styles by name."""
    regular, bold = fonts()
    base = ParagraphStyle("body", fontName=regular, fontSize=10, leading=13.5, textColor=TEXT, splitLongWords=True)
    return {
        "body": base,
        "marking": ParagraphStyle("marking", base, fontName=bold, fontSize=14, leading=18, alignment=1),
        "title": ParagraphStyle("title", base, fontName=bold, fontSize=24, leading=30, spaceBefore=24, spaceAfter=6),
        "subtitle": ParagraphStyle("subtitle", base, fontSize=14, leading=18, spaceAfter=18, textColor=SECONDARY),
        "h1": ParagraphStyle("h1", base, fontName=bold, fontSize=16, leading=20, spaceBefore=14, spaceAfter=8),
        "h2": ParagraphStyle("h2", base, fontName=bold, fontSize=12, leading=15, spaceBefore=8, spaceAfter=4),
        "label": ParagraphStyle("label", base, fontName=bold, fontSize=9.5, leading=12, spaceBefore=6, keepWithNext=1),
        "value": ParagraphStyle("value", base, spaceAfter=2),
        "empty": ParagraphStyle("empty", base, textColor=SECONDARY, spaceAfter=2),
        "cell": ParagraphStyle("cell", base, fontSize=8.5, leading=10.5),
        "head": ParagraphStyle("head", base, fontName=bold, fontSize=8.5, leading=10.5),
        "note": ParagraphStyle("note", base, fontSize=9.5, leading=12.5, textColor=SECONDARY, spaceBefore=18),
        "toc0": ParagraphStyle("toc0", base, fontName=bold, fontSize=10.5, leading=15, leftIndent=0),
        "toc1": ParagraphStyle("toc1", base, fontSize=10, leading=14, leftIndent=16),
    }
