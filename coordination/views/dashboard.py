"""The coordinator's dashboard: open searches with their upkeep, today's beds and the month's figures."""

from datetime import date

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from accounts.access import Permission, member_required
from accounts.types import AuthenticatedHttpRequest
from beds.selectors import beds_on
from ui.charts import column_chart

from .. import selectors
from ..forms import DashboardFilters
from ..models import OfstedNotification
from .common import BAD_INPUT


def _filters(request: HttpRequest) -> tuple[DashboardFilters, dict[str, object]]:
    form = DashboardFilters(request.GET if request.GET else None)
    if not form.is_bound or not form.is_valid():
        return form, {}
    data = form.cleaned_data
    local_authority = data.get("local_authority")
    return form, {
        "local_authority_id": local_authority.pk if local_authority else None,
        "stage": data.get("stage") or "",
        "overdue_only": bool(data.get("overdue")),
    }


def _figures(today: date) -> dict[str, object]:
    months = selectors.last_months(count=12, today=today)
    rows = [
        (date(year, month, 1), selectors.referral_figures_for_month(year=year, month=month)) for year, month in months
    ]
    labels = [f"{first:%b %Y}" for first, _ in rows]
    chart = column_chart(
        labels=[f"{first:%b}" for first, _ in rows],
        series=[
            ("Referrals received", [figures["referrals_received"] for _, figures in rows]),
            ("Placed", [figures["placed"] for _, figures in rows]),
            ("Not placed", [figures["unplaced"] for _, figures in rows]),
        ],
    )
    return {
        "this_month": rows[-1][1],
        "month_rows": list(zip(labels, [f for _, f in rows], strict=True)),
        "chart": chart,
    }


@require_GET
@member_required(Permission.COORDINATE_REFERRALS)
def dashboard(request: AuthenticatedHttpRequest) -> HttpResponse:
    today = timezone.localdate()
    form, filters = _filters(request)
    beds = beds_on(on=today)
    context = {
        "form": form,
        "rows": selectors.open_search_rows(today=today, **filters),  # type: ignore[arg-type]
        "filtered": bool(filters) and any(filters.values()),
        "beds": beds,
        "beds_totals": {
            "welfare": sum(row.available_welfare for row in beds),
            "staffed": sum(row.staffed_capacity for row in beds),
            "bookable": sum(row.bookable for row in beds),
            "undeclared": sum(1 for row in beds if not row.declared),
        },
        "today": today,
        "letters_unsent": OfstedNotification.objects.filter(status=OfstedNotification.Status.DRAFTED).count(),
        **_figures(today),
    }
    return render(request, "coordination/dashboard.html", context, status=BAD_INPUT if form.errors else 200)
