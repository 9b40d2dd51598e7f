"""The monthly summary as a PowerPoint deck (python-pptx): the same figures and tables as the PDF, one per slide."""

import io

from pptx import Presentation
from pptx.chart.data import CategoryChartData
from pptx.enum.chart import XL_CHART_TYPE
from pptx.util import Inches, Pt

from documents.safety import clean_text

from .summary import MonthlySummary, SummaryTable

ROWS_PER_SLIDE = 14


def _title_slide(deck, summary: MonthlySummary) -> None:
    slide = deck.slides.add_slide(deck.slide_layouts[0])
    slide.shapes.title.text = clean_text(summary.title)
    slide.placeholders[1].text = clean_text(summary.note)
    for paragraph in slide.placeholders[1].text_frame.paragraphs:
        for run in paragraph.runs:
            run.font.size = Pt(12)


def _table_slide(deck, title: str, rows: list[list[str]]) -> None:
    slide = deck.slides.add_slide(deck.slide_layouts[5])
    slide.shapes.title.text = clean_text(title)
    columns = max(len(r) for r in rows)
    shape = slide.shapes.add_table(len(rows), columns, Inches(0.4), Inches(1.4), Inches(9.2), Inches(0.3) * len(rows))
    for i, row in enumerate(rows):
        for j in range(columns):
            cell = shape.table.cell(i, j)
            cell.text = clean_text(row[j] if j < len(row) else "")
            for paragraph in cell.text_frame.paragraphs:
                for run in paragraph.runs:
                    run.font.size = Pt(11)


def _chart_slide(deck, table: SummaryTable) -> None:
    """A bar chart of shown numbers; a hidden value is an empty bar whose category is labelled with its symbol."""
    slide = deck.slides.add_slide(deck.slide_layouts[5])
    slide.shapes.title.text = clean_text(f"{table.title} (chart)")
    data = CategoryChartData()
    data.categories = [clean_text(label if s.is_number else f"{label} [{s.symbol}]") for label, s in table.chart]
    data.add_series("Shown", [s.value if s.is_number else None for _, s in table.chart])
    chart = slide.shapes.add_chart(
        XL_CHART_TYPE.BAR_CLUSTERED, Inches(0.4), Inches(1.4), Inches(9.2), Inches(5.6), data
    ).chart
    chart.has_legend = False
    chart.plots[0].has_data_labels = True


def summary_pptx(summary: MonthlySummary) -> bytes:
    """Render the summary as a deck: title and note, headline figures, then each table (split across slides)."""
    deck = Presentation()
    deck.core_properties.title = clean_text(summary.title)
    deck.core_properties.author = "Secure Welfare Coordination Unit"
    _title_slide(deck, summary)
    _table_slide(deck, "Headline figures", [["Measure", "Figure"], *([f.label, f.value] for f in summary.figures)])
    for table in summary.tables:
        body = table.rows or [["None."]]
        for start in range(0, len(body), ROWS_PER_SLIDE):
            _table_slide(deck, table.title, [table.header, *body[start : start + ROWS_PER_SLIDE]])
        if table.chart:
            _chart_slide(deck, table)
    log = summary.log
    for start in range(0, len(log), ROWS_PER_SLIDE):
        _table_slide(
            deck,
            "What was suppressed or rounded",
            [["Table", "Row", "Column", "What was done"], *log[start : start + ROWS_PER_SLIDE]],
        )
    buffer = io.BytesIO()
    deck.save(buffer)
    return buffer.getvalue()
