"""The public quarterly "secure welfare placements" pages: published figures only, no sign-in."""

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from outcomes.disclosure import SYMBOLS
from ui.charts import bar_chart

from .models import QuarterlyPublication
from .publishing import publication_csv, quarter_period, share_series


def _publication(year: int, quarter: int) -> QuarterlyPublication:
    found = QuarterlyPublication.objects.filter(year=year, quarter=quarter).first()
    if found is None:
        raise Http404()
    return found


@require_GET
def publication_list(request: HttpRequest) -> HttpResponse:
    return render(request, "oversight/public/list.html", {"publications": QuarterlyPublication.objects.all()})


@require_GET
def publication_detail(request: HttpRequest, year: int, quarter: int) -> HttpResponse:
    publication = _publication(year, quarter)
    first, last = quarter_period(year, quarter)
    context = {
        "publication": publication,
        "first": first,
        "last": last,
        "symbols": SYMBOLS,
        "chart": bar_chart(share_series(publication), symbols=SYMBOLS),
    }
    return render(request, "oversight/public/detail.html", context)


@require_GET
def publication_download(request: HttpRequest, year: int, quarter: int) -> HttpResponse:
    publication = _publication(year, quarter)
    response = HttpResponse(publication_csv(publication), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="secure-welfare-placements-{publication.slug}.csv"'
    return response
