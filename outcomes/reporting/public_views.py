"""The published monthly coordination summaries as web pages: published figures only, no sign-in."""

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from ui.charts import BarChart, bar_chart

from ..disclosure import SYMBOLS, Shown
from ..models import SummaryPublication


def shown(text: str) -> Shown:
    """A published cell's text as the figure it shows ("1,234", "45%", or a symbol such as "c")."""
    percent = text.endswith("%")
    number = text.removesuffix("%").replace(",", "")
    if number.isdigit():
        return Shown(value=int(number), percent=percent)
    return Shown(symbol=number if percent else text, percent=percent)


def _charts(publication: SummaryPublication) -> list[BarChart | None]:
    """Each table's chart, drawn from the same text the table shows (None for a table without one)."""
    return [
        bar_chart([(label, shown(text)) for label, text in table["chart"]], symbols=SYMBOLS) if table["chart"] else None
        for table in publication.tables
    ]


@require_GET
def summary_list(request: HttpRequest) -> HttpResponse:
    return render(request, "outcomes/public/summary_list.html", {"publications": SummaryPublication.objects.all()})


@require_GET
def summary_detail(request: HttpRequest, year: int, month: int) -> HttpResponse:
    publication = SummaryPublication.objects.select_related("pdf", "slides").filter(year=year, month=month).first()
    if publication is None:
        raise Http404()
    tables = [
        (table, chart, f"chart-{index}")
        for index, (table, chart) in enumerate(zip(publication.tables, _charts(publication), strict=True))
    ]
    context = {"publication": publication, "tables": tables, "symbols": SYMBOLS}
    return render(request, "outcomes/public/summary_detail.html", context)
