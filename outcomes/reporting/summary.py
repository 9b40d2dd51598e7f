"""The monthly coordination summary as data: every figure already under disclosure control, ready for PDF and PPTX."""

import calendar
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from beds.selectors import bed_figures_for_month
from coordination.selectors import referral_figures_for_month
from liberty.selectors import notice_figures_for_month
from outcomes.disclosure import PERCENT_BASE_MIN, SUPPRESSED, Published, Shown, Table, count, public_log, publish
from vocabulary.codelists import CODE_LISTS

from .exports import table_header, table_lines
from .tables import Report, indicator_report

NOTE = (
    "Experimental data from the Secure Welfare Coordination Unit's service; use of the unit is not mandated, so the "
    "figures do not cover every placement. Counts from 1 to 5 are shown as c, and further figures are hidden where "
    "they would let a hidden count be worked out; national totals are rounded to the nearest 5. Outcome indicators "
    "cover every referred child whose follow-up started by the end of the month, with checkpoints recorded so far."
)


@dataclass(frozen=True)
class Figure:
    """A headline figure as published."""

    label: str
    value: str


@dataclass(frozen=True)
class SummaryTable:
    """A table as strings (already disclosure-controlled), with the chart series drawn from the same figures."""

    title: str
    header: list[str]
    rows: list[list[str]]
    chart: list[tuple[str, Shown]] = field(default_factory=list)


@dataclass(frozen=True)
class MonthlySummary:
    """Everything the PDF, the deck and the website block show for one month."""

    year: int
    month: int
    figures: list[Figure]
    tables: list[SummaryTable]
    suppressed: int
    log: list[list[str]] = field(default_factory=list)  # [table, row, column, what was done], the public log
    note: str = NOTE

    @property
    def period(self) -> str:
        return f"{calendar.month_name[self.month]} {self.year}"

    @property
    def title(self) -> str:
        return f"Secure welfare coordination summary: {self.period}"

    @property
    def slug(self) -> str:
        return f"{self.year:04d}-{self.month:02d}"


def _place_labels() -> dict[str, str]:

    return {item["code"]: item["label"] for item in CODE_LISTS["ssda903_place"]["items"]}


def _summary_table(published: Published, chart_column: str | None = None) -> SummaryTable:
    rows = [[label, *(str(s) for s in shown)] for label, shown in table_lines(published)]
    chart = list(zip(published.row_labels, published.column(chart_column), strict=True)) if chart_column else []
    return SummaryTable(title=published.title, header=table_header(published), rows=rows, chart=chart)


def code_table(
    *, title: str, counts: Mapping[str, int], labels: Mapping[str, str], codes_shown: bool = True
) -> Published:
    """A one-column table of children by code (PLACE, outcome), with a national total, under disclosure control."""
    codes = sorted(counts)
    return publish(
        Table(
            title=title,
            row_labels=tuple(
                f"{code} {labels.get(code, '')}".strip() if codes_shown else labels.get(code, code) for code in codes
            ),
            column_labels=("Children",),
            values=tuple((counts[code],) for code in codes),
            row_totals=False,
        )
    )


def _share(value: float | None, base: int | None) -> str:
    if value is None or not base:
        return "z"
    if base < PERCENT_BASE_MIN:
        return SUPPRESSED
    return f"{round(value * 100)}%"


def _number(value: float | None) -> str:
    return "x" if value is None else f"{value:.1f}"


def _national(value: int | None) -> str:
    return str(count(value, national=True))


def _figures(beds: Mapping[str, Any], referrals: Mapping[str, Any], outcomes: Mapping[str, Any]) -> list[Figure]:
    placed = referrals.get("placed")
    median = referrals.get("median_days_to_placement")
    return [
        Figure("Home-days with beds declared", f"{round((beds.get('declaration_rate') or 0) * 100)}%"),
        Figure("Welfare beds available (daily mean)", _number(beds.get("mean_available_welfare"))),
        Figure("Bookable welfare beds (daily mean)", _number(beds.get("mean_bookable"))),
        Figure("Referrals received", _national(referrals.get("referrals_received"))),
        Figure("Searches closed", _national(referrals.get("searches_closed"))),
        Figure("Children placed", _national(placed)),
        Figure("Closed without a placement", _national(referrals.get("unplaced"))),
        Figure("Share offered a place", _share(referrals.get("offered_share"), referrals.get("searches_closed"))),
        Figure("Median days to placement", SUPPRESSED if count(placed).symbol else _number(median)),
        Figure("Open referrals at month end", _national(referrals.get("open_at_month_end"))),
        Figure("Placements in unregistered settings notified", _national(referrals.get("unregistered_notices"))),
        Figure(
            "Unregistered-setting notices overdue at month end",
            _national(referrals.get("unregistered_notices_overdue")),
        ),
        Figure("Exits from secure homes", _national(outcomes.get("exits"))),
        Figure("Follow-up checkpoints completed", _national(outcomes.get("checkpoints_completed"))),
        Figure("Follow-up checkpoints overdue", _national(outcomes.get("checkpoints_overdue"))),
    ]


def _beds_table(beds: Mapping[str, Any]) -> SummaryTable:
    rows = [
        [
            str(h["home"]),
            str(h["days_declared"]),
            _number(h["mean_available_welfare"]),
            _number(h["mean_staffed_capacity"]),
        ]
        for h in beds.get("by_home", [])
    ]
    header = ["Secure home", "Days declared", "Welfare beds (mean)", "Staffed places (mean)"]
    return SummaryTable(title="Bed availability by home", header=header, rows=rows)


def _indicator_tables(report: Report) -> list[SummaryTable]:
    rates = _summary_table(report.rates)
    chart = [(f"Stable at 3 months: {group}", shown) for group, shown in report.rate_series("stable_3")]
    chart += [(f"Stable at 12 months: {group}", shown) for group, shown in report.rate_series("stable_12")]
    return [_summary_table(report.counts), SummaryTable(rates.title, rates.header, rates.rows, chart)]


def monthly_summary_build(
    *,
    year: int,
    month: int,
    beds: Mapping[str, Any],
    referrals: Mapping[str, Any],
    outcomes: Mapping[str, Any],
    indicator_rows: Sequence[Mapping[str, Any]],
) -> MonthlySummary:
    """Assemble the month's summary from the selectors' figures; pure, so it can be tested on hand-built data."""
    places = _place_labels()
    outcome_labels = {"placed": "Placed", "alternative": "Alternative accommodation", "withdrawn": "Withdrawn"}
    outcome_labels |= {"order_lapsed": "Order lapsed", "ceased": "Search ceased"}
    code_tables = [
        code_table(
            title="Placement before secure (SSDA903 PLACE)",
            counts=referrals.get("placements_before_secure") or {},
            labels=places,
        ),
        code_table(
            title="Placement on leaving secure (SSDA903 PLACE)",
            counts=outcomes.get("placements_on_exit") or {},
            labels=places,
        ),
        code_table(
            title="Searches closed by outcome",
            counts=referrals.get("by_outcome") or {},
            labels=outcome_labels,
            codes_shown=False,
        ),
    ]
    report = indicator_report(rows=indicator_rows, group_by="cohort")
    published = [*code_tables, report.counts]
    hidden = sum(1 for t in published for e in t.log if e.reason.startswith(("primary", "secondary")))
    return MonthlySummary(
        year=year,
        month=month,
        figures=_figures(beds, referrals, outcomes),
        tables=[
            _beds_table(beds),
            *(_summary_table(t, "Children") for t in code_tables),
            *_indicator_tables(report),
        ],
        suppressed=hidden,
        log=[[t.title, e.row, e.column, e.reason] for t in published for e in public_log(t.log)],
    )


def monthly_summary_for(*, year: int, month: int) -> MonthlySummary:
    """The month's summary from the live selectors of beds, coordination and outcomes."""
    from outcomes.indicators import indicator_counts
    from outcomes.selectors import outcome_figures_for_month

    last = date(year, month, calendar.monthrange(year, month)[1])
    return monthly_summary_build(
        year=year,
        month=month,
        beds=bed_figures_for_month(year=year, month=month),
        referrals=referral_figures_for_month(year=year, month=month) | notice_figures_for_month(year=year, month=month),
        outcomes=outcome_figures_for_month(year=year, month=month),
        indicator_rows=indicator_counts(group_by="cohort", filters={"start_to": last, "synthetic": False}),
    )
