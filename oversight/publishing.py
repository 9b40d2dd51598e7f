"""The quarterly "secure welfare placements" statistics: built from referred children's searches (never synthetic),
every figure through disclosure control, stored as the text shown, published on the public site.

Only national tables are published (by child profile, and by region): no table crosses profile with region or a
reason with a home, so no published cell is a small group of one region's children with one profile. Counts of
1 to 5 are c, totals are rounded to 5, rates and means need a base of 10.
"""

import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone

from accounts.models import AuditEvent
from accounts.services import audit_record
from accounts.types import Actor
from outcomes.disclosure import Published, Shown, count
from vocabulary.dates import add_months

from . import selectors
from .downloads import tables_csv
from .linked import declines_linked, equity_linked
from .models import QuarterlyPublication
from .monthly import ended_table, month_figures
from .services import facts_rebuild
from .tables import EquityReport, shown_table, whole

EQUITY_TABLES = ("age_band", "sex", "legal_route", "staffing_intensity", "risk", "region")
DECLINE_TABLES = ("age_band", "sex", "risk")


def quarter_period(year: int, quarter: int) -> tuple[datetime.date, datetime.date]:
    """The first and last day of a calendar quarter (Q1 is January to March)."""
    if quarter not in (1, 2, 3, 4):
        raise ValueError("A quarter is 1 to 4.")
    first = datetime.date(year, 3 * quarter - 2, 1)
    return first, add_months(first, 3) - datetime.timedelta(days=1)


def previous_quarter(today: datetime.date | None = None) -> tuple[int, int]:
    """The last quarter that has ended."""
    first_of_this = (today or timezone.localdate()).replace(day=1)
    first_of_this = first_of_this.replace(month=3 * ((first_of_this.month - 1) // 3) + 1)
    last = add_months(first_of_this, -3)
    return last.year, (last.month - 1) // 3 + 1


def _shown_table(key: str, published: Published, note: str = "") -> dict[str, Any]:
    table = shown_table(published)
    return {**table, "key": key, "note": note, "log": [f"{e.row}, {e.column}: {e.reason}" for e in table["log"]]}


def _equity_table(report: EquityReport) -> dict[str, Any]:
    dimension = report.dimension
    table = _shown_table(
        f"equity-{dimension}",
        report.counts,
        "A child with several risk indicators is counted in each of their rows." if dimension == "risk" else "",
    )
    table["header"] += ["Share placed", "Mean days to placement", "Mean homes asked"]
    for row, measures in zip(table["rows"], report.measures, strict=False):
        row["cells"] += [str(measures["share_placed"]), measures["placement"], measures["homes_asked"]]
    for row in table["rows"][len(report.measures) :]:  # the Total row
        row["cells"] += ["", "", ""]
    return table


def _waiting_table(scope: selectors.Scope) -> dict[str, Any]:
    months: dict[datetime.date, list[int]] = {}
    for day, n in selectors.waiting_by_day(scope):
        months.setdefault(day.replace(day=1), []).append(n)
    rows = [
        {"label": f"{month:%B %Y}", "cells": [str(count(whole(sum(v) / len(v)), national=True)),
                                             str(count(max(v), national=True))], "total": False}
        for month, v in sorted(months.items())
    ]  # fmt: skip
    return {"key": "waiting", "title": "Children waiting for a secure bed at the end of a day", "rows": rows,
            "header": ["", "On an average day", "Most on one day"], "note": "Rounded to the nearest 5.",
            "log": []}  # fmt: skip


def _capacity_table(scope: selectors.Scope) -> dict[str, Any]:
    rows = []
    for row in selectors.capacity_by_month(scope):
        occupancy = f"{whole(100 * row['occupied'] / row['approved'])}%" if row["approved"] else "z"
        free = f"{whole(100 * row['bookable'] / row['approved'])}%" if row["approved"] else "z"
        values = [str(whole(row[key])) for key in ("approved", "available_welfare", "bookable", "occupied")]
        rows.append({"label": f"{row['month']:%B %Y}", "cells": [*values, occupancy, free], "total": False})
    return {
        "key": "capacity",
        "title": "Secure places on an average declared day",
        "header": ["", "Approved places", "Available welfare beds", "Welfare beds free and staffed", "Occupied",
                   "Occupancy", "Free and staffed, of approved"],
        "rows": rows,
        "note": "From the homes' daily bed declarations. A bed that is free but not staffed is not a place.",
        "log": [],
    }  # fmt: skip


def linked_equity_reports(scope: selectors.Scope) -> list[EquityReport]:
    """The page's equity tables, those with a Total row (the same searches) published together."""
    reports = equity_linked(scope, EQUITY_TABLES)
    return [reports[d] for d in EQUITY_TABLES]


def linked_decline_tables(scope: selectors.Scope) -> list[Published]:
    tables = declines_linked(scope, DECLINE_TABLES)
    return [tables[by] for by in DECLINE_TABLES]


def quarter_tables(year: int, quarter: int) -> list[dict[str, Any]]:
    """Every published table of the quarter, as text: referred children only."""
    first, last = quarter_period(year, quarter)
    scope = selectors.Scope(synthetic=False, first=first, last=last)
    tables = [_equity_table(report) for report in linked_equity_reports(scope)]
    for by, published in zip(DECLINE_TABLES, linked_decline_tables(scope), strict=True):
        tables.append(_shown_table(f"declines-{by}", published, "A decline may give more than one reason."))
    ended = ended_table(selectors.ended_searches(scope), month_figures(year, quarter))
    return [*tables, ended, _waiting_table(scope), _capacity_table(scope)]


@transaction.atomic
def quarterly_publish(*, year: int, quarter: int, user: Actor = None) -> QuarterlyPublication:
    """Build (or build again) a quarter's tables from the records and publish them; audited."""
    if quarter_period(year, quarter)[1] >= timezone.localdate():
        raise ValueError("Only a quarter that has ended can be published.")
    facts_rebuild()
    publication, _ = QuarterlyPublication.objects.update_or_create(
        year=year, quarter=quarter, defaults={"tables": quarter_tables(year, quarter), "generated_by": user}
    )
    audit_record(
        actor=user, action="oversight.quarterly_publish", outcome=AuditEvent.Outcome.SUCCEEDED,
        object_type="oversight.quarterlypublication", object_id=publication.pk,
    )  # fmt: skip
    return publication


def share_series(publication: QuarterlyPublication, key: str = "equity-age_band") -> list[tuple[str, Shown]]:
    """(group, share placed) from a stored table, for its chart: the same text the table shows."""
    table = next(t for t in publication.tables if t["key"] == key)
    column = table["header"].index("Share placed") - 1
    series = []
    for row in table["rows"]:
        if row["total"]:
            continue
        text = row["cells"][column]
        if text.endswith("%"):
            series.append((row["label"], Shown(value=int(text[:-1]), percent=True)))
        else:
            series.append((row["label"], Shown(symbol=text, percent=True)))
    return series


def publication_csv(publication: QuarterlyPublication) -> bytes:
    """Every table under its title, then the key to symbols."""
    title = f"Secure welfare placements, {publication.year} quarter {publication.quarter}"
    return tables_csv(title, publication.tables)
