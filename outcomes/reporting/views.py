"""Outcome reports for the unit and analysts (aggregates only), exports, the monthly summary and SSDA903 episodes."""

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from accounts.access import Permission, deny, has_permission, member_required, membership_for, step_up_required
from accounts.models import AuditEvent, Organisation
from accounts.services import audit_record
from accounts.types import AuthenticatedHttpRequest
from ops.queue import enqueue
from outcomes.disclosure import SYMBOLS, public_log
from ui.charts import bar_chart
from ui.forms import posted

from .exports import table_header, table_lines, tables_csv, tables_xlsx
from .forms import ReportFilterForm, SummaryMonthForm
from .publishing import previous_month
from .ssda903 import followups_for_export, ssda903_episodes_csv
from .tables import RATES, Report, indicator_report

DEFAULTS = {"group_by": "cohort", "indicator": "stable_12", "records": "real"}
EXPORTS = {
    "csv": ("text/csv; charset=utf-8", tables_csv),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", tables_xlsx),
}


def _filters(request: HttpRequest) -> ReportFilterForm:
    return ReportFilterForm({**DEFAULTS, **request.GET.dict()} if request.GET else DEFAULTS)


def _report(form: ReportFilterForm) -> Report:
    """The report for the filters, checked against the same report with each filter taken off in turn."""
    from outcomes.indicators import indicator_counts

    group_by = form.cleaned_data["group_by"]
    filters = form.indicator_filters()
    parents = [
        indicator_counts(group_by=group_by, filters={k: v for k, v in filters.items() if k != key})
        for key in filters
        if key != "synthetic"
    ]
    rows = indicator_counts(group_by=group_by, filters=filters)
    return indicator_report(rows=rows, group_by=group_by, parents=parents)


def _table(published: Any, *, detailed: bool) -> dict[str, Any]:
    lines = table_lines(published)
    last = len(lines) - 1 if published.column_totals is not None else -1
    rows = [
        {"label": label, "cells": [str(s) for s in shown], "total": i == last} for i, (label, shown) in enumerate(lines)
    ]
    log = published.log if detailed else public_log(published.log)
    return {"title": published.title, "header": table_header(published), "rows": rows, "log": log}


def _index(request: HttpRequest, *, summary_form: SummaryMonthForm | None = None) -> HttpResponse:
    form = _filters(request)
    coordinator = has_permission(request.user, Permission.COORDINATE_REFERRALS)
    context: dict[str, Any] = {"form": form, "symbols": SYMBOLS, "coordinator": coordinator}
    if coordinator:
        year, month = previous_month()
        context["summary_form"] = summary_form or SummaryMonthForm(initial={"month": f"{year:04d}-{month:02d}"})
    if not form.is_valid():
        return render(request, "outcomes/reports/index.html", context, status=400)
    report = _report(form)
    indicator = form.cleaned_data["indicator"]
    label = next(label for key, label, _, _ in RATES if key == indicator)
    context |= {
        "report": report,
        "tables": [_table(report.counts, detailed=coordinator), _table(report.rates, detailed=coordinator)],
        "chart": bar_chart(report.rate_series(indicator), symbols=SYMBOLS),
        "chart_label": label,
        "chart_title": f"{label}{report.by}",
        "query": request.GET.urlencode(),
    }
    status = 400 if summary_form is not None and summary_form.errors else 200
    return render(request, "outcomes/reports/index.html", context, status=status)


@require_GET
@member_required(Permission.VIEW_AGGREGATES)
def report_index(request: AuthenticatedHttpRequest) -> HttpResponse:
    return _index(request)


@require_GET
@member_required(Permission.VIEW_AGGREGATES)
@step_up_required
def report_download(request: AuthenticatedHttpRequest, fmt: str) -> HttpResponse:
    form = _filters(request)
    if fmt not in EXPORTS:
        raise deny(request, object_type="outcomes.report", object_id=fmt[:20])
    if not form.is_valid():
        return _index(request)
    report = _report(form)
    content_type, render_file = EXPORTS[fmt]
    audit_record(
        actor=request.user, action="outcomes.report_download", outcome=AuditEvent.Outcome.SUCCEEDED,
        object_type="outcomes.report", object_id=report.group_by, file_type=fmt,
    )  # fmt: skip
    response = HttpResponse(render_file([report.counts, report.rates]), content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="outcome-indicators-by-{report.group_by}.{fmt}"'
    response["Cache-Control"] = "no-store"
    return response


@require_POST
@member_required(Permission.COORDINATE_REFERRALS)
def summary_generate(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = SummaryMonthForm(posted(request))
    if not form.is_valid():
        return _index(request, summary_form=form)
    year, month = form.cleaned_data["month"]
    if enqueue("outcomes.reporting.tasks.publish_monthly_summary", year, month, request.user.pk) is None:
        messages.warning(request, "The job queue is not available just now. Try generating the summary again later.")
    else:
        messages.success(
            request, f"The {year:04d}-{month:02d} summary is being generated. It will appear on the data summary page."
        )
    return redirect("outcome_reports:index")


@require_GET
@member_required(Permission.VIEW_OWN_ORGANISATION)
def ssda903_episodes(request: AuthenticatedHttpRequest, organisation_pk: int) -> HttpResponse:
    membership = membership_for(request.user)
    works_with_children = has_permission(request.user, Permission.RECORD_OUTCOMES) or has_permission(
        request.user, Permission.START_REFERRAL
    )
    organisation = membership.organisation if membership is not None else None
    if (
        organisation is None
        or not works_with_children
        or organisation.pk != organisation_pk
        or organisation.kind != Organisation.Kind.LOCAL_AUTHORITY
    ):
        raise deny(request, object_type="accounts.organisation", object_id=organisation_pk)
    content = ssda903_episodes_csv(followups=followups_for_export(local_authority=organisation))
    audit_record(
        actor=request.user, action="outcomes.ssda903_download", outcome=AuditEvent.Outcome.SUCCEEDED,
        obj=organisation, file_type="csv",
    )  # fmt: skip
    response = HttpResponse(content, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="ssda903-episodes-{organisation.slug}.csv"'
    response["Cache-Control"] = "no-store"
    return response
