"""The oversight reports: equity of placement, decline reasons, unmet demand. Aggregates only, audited."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.text import slugify
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.access import Permission, audit_allowed, get_visible_audited_or_404, member_required
from accounts.types import AuthenticatedHttpRequest
from outcomes.disclosure import SYMBOLS
from ui.charts import bar_chart, column_chart
from ui.forms import posted

from . import selectors
from .access import Reader, reader_required
from .downloads import TextTable, decline_tables, demand_tables, equity_tables, tables_csv
from .forms import CooperativeForm, DeclineForm, DemandForm, EquityForm, PeriodForm, QuarterForm, default_period
from .linked import DECLINES_WITH_TOTALS, EQUITY_WITH_TOTALS, declines_linked, equity_linked, linked_with
from .models import CareCooperative, QuarterlyPublication
from .publishing import previous_quarter, quarterly_publish
from .services import care_cooperative_set, facts_built
from .tables import shown_table, waited_rows, waiting_months, whole


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


@dataclass(frozen=True)
class Report:
    """A report page's form, its context when the form is valid, and its tables as text (for the download)."""

    form: PeriodForm
    context: dict[str, Any]
    tables: list[TextTable]
    audit_id: str = ""


def _equity(request: HttpRequest, reader: Reader) -> Report:
    form = _form(request, EquityForm, reader, dimension="age_band")
    if not form.is_valid():
        return Report(form, {}, [])
    scope, dimension = _scope(form, reader), form.cleaned_data["dimension"]
    # Published with every table of the same searches, so none shows a total another hides (oversight/linked.py).
    report = equity_linked(scope, linked_with(dimension, EQUITY_WITH_TOTALS))[dimension]
    label = selectors.DIMENSIONS[dimension][0]
    counts = shown_table(report.counts, detailed=reader.unit)
    context = {
        "report": report, "counts": counts, "tables": [counts], "label": label,
        "chart": bar_chart(report.share_series, symbols=SYMBOLS),
        "chart_title": f"Share of searches placed by {label.lower()}",
    }  # fmt: skip
    return Report(form, context, equity_tables(context), dimension)


def _declines(request: HttpRequest, reader: Reader) -> Report:
    form = _form(request, DeclineForm, reader, by="home")
    if not form.is_valid():
        return Report(form, {}, [])
    scope, by = _scope(form, reader), form.cleaned_data["by"]
    table = declines_linked(scope, linked_with(by, DECLINES_WITH_TOTALS))[by]
    shown = shown_table(table, detailed=reader.unit)
    context: dict[str, Any] = {"table": shown, "tables": [shown]}
    if reader.unit and not scope.region:
        context["declared"] = selectors.declared_bed_rows(scope)
    return Report(form, context, decline_tables(context), by)


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


def _demand(request: HttpRequest, reader: Reader) -> Report:
    form = _form(request, DemandForm, reader)
    if not form.is_valid():
        return Report(form, {}, [])
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
    context = {
        "waiting": waiting, "by_day": by_day,
        "waiting_chart": _waiting_chart(waiting) if waiting else None,
        "waited": waited_rows(selectors.ended_searches(scope), exact=exact, national=national),
        "capacity": _capacity_rows(capacity, "label"),
        "capacity_chart": _capacity_chart(capacity) if capacity else None,
        "homes": _capacity_rows(selectors.capacity_by_home(scope), "group") if form.home_id() is None else [],
    }  # fmt: skip
    return Report(form, context, demand_tables(context), str(form.home_id() or ""))


REPORTS: dict[str, Callable[[HttpRequest, Reader], Report]] = {
    "equity": _equity,
    "declines": _declines,
    "demand": _demand,
}


def _show(request: HttpRequest, reader: Reader, name: str) -> HttpResponse:
    report = REPORTS[name](request, reader)
    if report.form.is_valid():
        audit_allowed(request, action=f"oversight.{name}", object_type="oversight.report", object_id=report.audit_id)
    return _page(request, f"oversight/{name}.html", report.form, reader, report_name=name, **report.context)


@require_GET
@reader_required
def equity(request: AuthenticatedHttpRequest, *, reader: Reader) -> HttpResponse:
    return _show(request, reader, "equity")


@require_GET
@reader_required
def declines(request: AuthenticatedHttpRequest, *, reader: Reader) -> HttpResponse:
    return _show(request, reader, "declines")


@require_GET
@reader_required
def demand(request: AuthenticatedHttpRequest, *, reader: Reader) -> HttpResponse:
    return _show(request, reader, "demand")


@require_GET
@reader_required
def download(request: AuthenticatedHttpRequest, report: str, *, reader: Reader) -> HttpResponse:
    """A report page's tables as CSV (`table`: one of them): the same figures, filters and access as the page, and
    audited like it (`oversight.download`). Bad filters give the page with the field named, as a 400."""
    built = REPORTS[report](request, reader)
    if not built.form.is_valid():
        return _page(request, f"oversight/{report}.html", built.form, reader)
    key = request.GET.get("table", "")
    tables = [t for t in built.tables if t["key"] == key] if key else built.tables
    if not tables:
        raise Http404("No such table on this report.")
    audit_allowed(
        request, action="oversight.download", object_type="oversight.report",
        object_id=":".join(filter(None, (report, built.audit_id, key))),
    )  # fmt: skip
    period = f"{built.form.cleaned_data['start']:%Y-%m} to {built.form.cleaned_data['end']:%Y-%m}"
    title = f"National oversight, {report}, {period}" + (f", {reader.region}" if reader.region else "")
    response = HttpResponse(tables_csv(title, tables), content_type="text/csv; charset=utf-8")
    name = "-".join(filter(None, ("oversight", report, built.audit_id, key, period.replace(" to ", "-"))))
    response["Content-Disposition"] = f'attachment; filename="{slugify(name)}.csv"'
    return response


@require_GET
@member_required(Permission.COORDINATE_REFERRALS)
def cooperatives(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The unit's list of care co-operatives, their lead and member authorities."""
    audit_allowed(request, action="oversight.cooperatives", object_type="oversight.carecooperative", object_id="list")
    found = CareCooperative.objects.select_related("lead_authority").prefetch_related("members__local_authority")
    return render(request, "oversight/cooperatives.html", {"cooperatives": found})


@require_http_methods(["GET", "HEAD", "POST"])
@member_required(Permission.COORDINATE_REFERRALS)
def cooperative_edit(request: AuthenticatedHttpRequest, pk: int | None = None) -> HttpResponse:
    """Add a care co-operative, or change one's name, lead and members (`care_cooperative_set`); audited."""
    editing = None
    if pk is not None:
        editing = get_visible_audited_or_404(request, CareCooperative.objects.all(), pk, action="oversight.cooperative")
    if request.method == "POST":
        form = CooperativeForm(posted(request), editing=editing)
        if form.is_valid():
            data = form.cleaned_data
            saved = care_cooperative_set(
                name=data["name"], lead_authority=data["lead_authority"], members=list(data["members"]),
                cooperative=editing,
            )  # fmt: skip
            audit_allowed(request, action="oversight.cooperative_set", obj=saved)
            messages.success(request, f"{saved.name} is saved.")
            return redirect("oversight:cooperatives")
    else:
        initial = {}
        if editing is not None:
            members = [m.local_authority_id for m in editing.members.all()]
            initial = {"name": editing.name, "lead_authority": editing.lead_authority_id, "members": members}
        form = CooperativeForm(initial=initial, editing=editing)
    status = 400 if form.errors else 200
    return render(request, "oversight/cooperative_form.html", {"form": form, "editing": editing}, status=status)
