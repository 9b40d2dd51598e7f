"""The monthly summary as a PDF (reportlab, hardened): headline figures, tables and bar charts with gaps for 'c'."""

import io

from reportlab.graphics.shapes import Drawing, Rect, String
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer
from reportlab.platypus import Table as PdfTable

from documents.pdf_styles import fonts
from documents.safety import clean_text, markup, reportlab_harden
from ui.charts import bar_chart

from .summary import MonthlySummary, SummaryTable

BLUE, GREY, TEXT = colors.HexColor("#1d70b8"), colors.HexColor("#505a5f"), colors.HexColor("#0b0c0c")
LABEL_W, PLOT_W, ROW_H = 70 * mm, 80 * mm, 6 * mm


def _styles() -> dict[str, ParagraphStyle]:
    regular, bold = fonts()
    base = ParagraphStyle("body", fontName=regular, fontSize=10, leading=13, textColor=TEXT)
    return {
        "body": base,
        "title": ParagraphStyle("title", base, fontName=bold, fontSize=20, leading=25, spaceAfter=4),
        "h2": ParagraphStyle("h2", base, fontName=bold, fontSize=13, leading=16, spaceBefore=10, spaceAfter=4),
        "cell": ParagraphStyle("cell", base, fontSize=8.5, leading=10.5),
        "note": ParagraphStyle("note", base, fontSize=9, leading=12, textColor=GREY),
    }


def _grid(rows: list[list[str]], styles: dict[str, ParagraphStyle], widths: list[float] | None = None) -> PdfTable:
    cells = [[Paragraph(markup(value), styles["cell"]) for value in row] for row in rows]
    table = PdfTable(cells, colWidths=widths, repeatRows=1, hAlign="LEFT")
    table.setStyle(
        [
            ("FONTNAME", (0, 0), (-1, 0), fonts()[1]),
            ("LINEBELOW", (0, 0), (-1, -1), 0.4, colors.HexColor("#b1b4b6")),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#f3f2f1")),
        ]
    )
    return table


def chart_drawing(table: SummaryTable) -> Drawing:
    """Horizontal bars from the table's published series; a symbol is written in the gap where a bar would be."""
    laid_out = bar_chart(table.chart).rows
    regular, _ = fonts()
    drawing = Drawing(LABEL_W + PLOT_W + 20 * mm, max(len(laid_out), 1) * ROW_H)
    for index, bar in enumerate(laid_out):
        y = drawing.height - (index + 1) * ROW_H + 1.5 * mm
        drawing.add(
            String(LABEL_W - 2 * mm, y, clean_text(bar.label)[:60], fontName=regular, fontSize=7.5, textAnchor="end")
        )
        if bar.share is None:
            drawing.add(String(LABEL_W + 1 * mm, y, bar.shown.symbol, fontName=regular, fontSize=8, fillColor=GREY))
            continue
        width = bar.share * PLOT_W
        drawing.add(Rect(LABEL_W, y - 1 * mm, width, ROW_H - 2 * mm, fillColor=BLUE, strokeColor=None))
        drawing.add(String(LABEL_W + width + 1.5 * mm, y, str(bar.shown), fontName=regular, fontSize=7.5))
    return drawing


def _footer(canvas, doc) -> None:
    canvas.saveState()
    canvas.setFont(fonts()[0], 8)
    canvas.drawString(20 * mm, 10 * mm, "Secure Welfare Coordination Unit – experimental statistics")
    canvas.drawRightString(190 * mm, 10 * mm, f"Page {doc.page}")
    canvas.restoreState()


def summary_pdf(summary: MonthlySummary) -> bytes:
    """Render the summary as an A4 PDF; every piece of text is escaped and reportlab fetches nothing."""
    reportlab_harden()
    styles = _styles()
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        title=clean_text(summary.title),
        author="Secure Welfare Coordination Unit",
        subject=f"Monthly coordination summary {summary.slug}",
        leftMargin=20 * mm,
        rightMargin=20 * mm,
    )
    story = [
        Paragraph(markup(summary.title), styles["title"]),
        Paragraph(markup(summary.note), styles["note"]),
        Spacer(1, 4 * mm),
        Paragraph("Headline figures", styles["h2"]),
        _grid([["Measure", "Figure"], *([f.label, f.value] for f in summary.figures)], styles, [110 * mm, 40 * mm]),
    ]
    for table in summary.tables:
        body = _grid([table.header, *table.rows], styles) if table.rows else Paragraph("None.", styles["body"])
        story += [Paragraph(markup(table.title), styles["h2"]), body]
        if table.chart:
            story += [Spacer(1, 3 * mm), chart_drawing(table)]
    story += [
        Spacer(1, 6 * mm),
        Paragraph(markup(f"{summary.suppressed} figures suppressed in this summary."), styles["note"]),
    ]
    if summary.log:
        story += [
            Paragraph("What was suppressed or rounded", styles["h2"]),
            _grid(
                [["Table", "Row", "Column", "What was done"], *summary.log],
                styles,
                [50 * mm, 40 * mm, 35 * mm, 45 * mm],
            ),
        ]
    doc.build(story, onFirstPage=_footer, onLaterPages=_footer)
    return buffer.getvalue()
