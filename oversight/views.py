"""The oversight reports: equity of placement, decline reasons, unmet demand. Aggregates only, audited."""

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from accounts.access import Permission, audit_allowed, member_required
from accounts.types import AuthenticatedHttpRequest
from outcomes.disclosure import SYMBOLS
from ui.charts import bar_chart, column_chart
from ui.forms import posted

from . import selectors
from .access import Reader, reader_required
from .forms import DeclineForm, DemandForm, EquityForm, PeriodForm, QuarterForm, default_period
from .models import QuarterlyPublication
from .publishing import previous_quarter, quarterly_publish
from .services import facts_built
from .tables import decline_table, equity_report, shown_table, waited_rows, waiting_months, whole


def _form(request: HttpRequest, form_class: type[PeriodForm], reader: Reader, **defaults: str) -> PeriodForm:
    initial = {**default_period(fixed=not reader.unit), "records": "real", **defaults}
    data = {**initial, **request.GET.dict()} if request.GET else initial
    return form_class(data, regional=reader.region is not None, fixed=not reader.unit)


def _page(request: HttpRequest, template: str, form: PeriodForm, reader: Reader, **context: Any) -> HttpResponse:
    base = {"form": form, "symbols": SYMBOLS, "reader": reader, "query": request.GET.urlencode()}
    if form.is_valid() and form.cleaned_data["records"] == "real":  # the schedule's last rebuild (never inline)
        base |= {"real": True, "built": facts_built()}
    return render(request, template, base | context, status=200 if form.is_valid() else 400)


def _scope(form: PeriodForm, reader: Reader) -> selectors.Scope:
    return form.scope(region=reader.region)


@require_GET
@reader_required
def index(request: AuthenticatedHttpRequest, *, reader: Reader) -> HttpResponse:
    audit_allowed(request, action="oversight.index", object_type="oversight.report", object_id="index")
    return _index(request, reader)


def _index(request: HttpRequest, reader: Reader, form: QuarterForm | None = None) -> HttpResponse:
    context: dict[str, Any] = {"reader": reader, "latest": QuarterlyPublication.objects.first()}
    if reader.unit:
        year, quarter = previous_quarter()
        context["quarter_form"] = form or QuarterForm(initial={"quarter": f"{year}-Q{quarter}"})
    status = 400 if form is not None and form.errors else 200
    return render(request, "oversight/index.html", context, status=status)


@require_POST
@member_required(Permission.COORDINATE_REFERRALS)
def publish(request: AuthenticatedHttpRequest) -> HttpResponse:
    """ "Generate now": build and publish an ended quarter's public statistics (again, if it was published)."""
    form = QuarterForm(posted(request))
    if not form.is_valid():
        return _index(request, Reader(unit=True), form)
    year, quarter = form.cleaned_data["quarter"]
    quarterly_publish(year=year, quarter=quarter, user=request.user)
    messages.success(request, f"The statistics for {year} quarter {quarter} are published.")
    return redirect("oversight_public:detail", year=year, quarter=quarter)


@require_GET
@reader_required
def equity(request: AuthenticatedHttpRequest, *, reader: Reader) -> HttpResponse:
    form = _form(request, EquityForm, reader, dimension="age_band")
    if not form.is_valid():
        return _page(request, "oversight/equity.html", form, reader)
    scope, dimension = _scope(form, reader), form.cleaned_data["dimension"]
    parents = [selectors.equity_rows(scope.national(), dimension)] if scope.region else []
    report = equity_report(selectors.equity_rows(scope, dimension), dimension, parents=parents)
    audit_allowed(request, action="oversight.equity", object_type="oversight.report", object_id=dimension)
    label = selectors.DIMENSIONS[dimension][0]
    counts = shown_table(report.counts, detailed=reader.unit)
    return _page(
        request, "oversight/equity.html", form, reader, report=report, counts=counts, tables=[counts],
        chart=bar_chart(report.share_series, symbols=SYMBOLS), label=label,
        chart_title=f"Share of searches placed by {label.lower()}",
    )  # fmt: skip


@require_GET
@reader_required
def declines(request: AuthenticatedHttpRequest, *, reader: Reader) -> HttpResponse:
    form = _form(request, DeclineForm, reader, by="home")
    if not form.is_valid():
        return _page(request, "oversight/declines.html", form, reader)
    scope, by = _scope(form, reader), form.cleaned_data["by"]
    parents = [selectors.decline_rows(scope.national(), by)] if scope.region else []
    table = decline_table(selectors.decline_rows(scope, by), by, parents=parents)
    audit_allowed(request, action="oversight.declines", object_type="oversight.report", object_id=by)
    shown = shown_table(table, detailed=reader.unit)
    context: dict[str, Any] = {"table": shown, "tables": [shown]}
    if reader.unit and not scope.region:
        context["declared"] = selectors.declared_bed_rows(scope)
    return _page(request, "oversight/declines.html", form, reader, **context)


DAILY_DAYS = 62


def _waiting_chart(months: list[dict[str, Any]]) -> Any:
    labels = [row["label"] for row in months]
    gaps = [i for i, row in enumerate(months) if not row["mean"].is_number]
    return column_chart(
        labels=labels,
        series=[("Children waiting on an average day", [row["mean"].value or 0 for row in months])],
        line=("Most waiting on one day", [row["highest"].value or 0 for row in months]),
        gaps=gaps, gap_text="c", gap_meaning=SYMBOLS["c"], label_every=max(1, len(labels) // 12),
    )  # fmt: skip


def _capacity_chart(months: list[dict[str, Any]]) -> Any:
    labels = [f"{row['month']:%b %Y}" for row in months]
    return column_chart(
        labels=labels,
        series=[
            ("Approved places", [whole(row["approved"]) for row in months]),
            ("Available welfare beds", [whole(row["available_welfare"]) for row in months]),
            ("Welfare beds free and staffed", [whole(row["bookable"]) for row in months]),
        ],
        line=("Occupied", [whole(row["occupied"]) for row in months]),
        label_every=2 if len(labels) > 12 else 1,
    )


def _capacity_rows(rows: list[dict[str, Any]], label: str) -> list[dict[str, Any]]:
    """Whole-number means per day (the chart's figures) and the shares of approved places."""
    shown = []
    for row in rows:
        approved = whole(row["approved"])
        shares = {
            key: f"{whole(100 * row[key] / row['approved'])}%" if row["approved"] else "z"
            for key in ("occupied", "bookable")
        }
        values = {key: whole(row[key]) for key in selectors.CAPACITY_FIELDS}
        shown.append({"group": row[label], **values, "approved": approved, "days": row["days"], "shares": shares})
    return shown


@require_GET
@reader_required
def demand(request: AuthenticatedHttpRequest, *, reader: Reader) -> HttpResponse:
    form = _form(request, DemandForm, reader)
    if not form.is_valid():
        return _page(request, "oversight/demand.html", form, reader)
    assert isinstance(form, DemandForm)
    scope = _scope(form, reader)
    exact = reader.unit
    by_day = (scope.last - scope.first).days < DAILY_DAYS  # one or two months: each day, else each month
    national = not scope.region  # England and Wales: rounded to 5, as national totals are
    waiting = waiting_months(selectors.waiting_by_day(scope), exact=exact, by_day=by_day, national=national)
    for row in waiting:
        row["label"] = f"{row['month']:%-d %b}" if by_day else f"{row['month']:%b %Y}"
    capacity = selectors.capacity_by_month(scope, home_id=form.home_id())
    for row in capacity:
        row["label"] = f"{row['month']:%b %Y}"
    audit_allowed(request, action="oversight.demand", object_type="oversight.report", object_id=form.home_id() or "")
    return _page(
        request, "oversight/demand.html", form, reader,
        waiting=waiting, by_day=by_day,
        waiting_chart=_waiting_chart(waiting) if waiting else None,
        waited=waited_rows(selectors.ended_searches(scope), exact=exact, national=national),
        capacity=_capacity_rows(capacity, "label"), capacity_chart=_capacity_chart(capacity) if capacity else None,
        homes=_capacity_rows(selectors.capacity_by_home(scope), "group") if form.home_id() is None else [],
    )  # fmt: skip
