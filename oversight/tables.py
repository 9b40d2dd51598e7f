"""The oversight reports' tables, every figure through outcomes/disclosure.py before anyone sees it.

A report scoped to a region is also checked against the national one (`parents`): a cell that differs from its
national twin by 1 to 5 is hidden like a small count, so subtracting a region's table from England's cannot reveal
the rest of the country's small groups, and secondary suppression follows as usual.
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from circulation.reasons import reason_label
from outcomes.disclosure import (
    PERCENT_BASE_MIN,
    PRIMARY_MAX,
    SUPPRESSED,
    LogEntry,
    Published,
    Shown,
    Table,
    count,
    percentage,
    public_log,
    publish,
)
from outcomes.reporting.exports import table_header, table_lines

from .selectors import DIMENSIONS, REASON_CODES, median

SMALL_GROUP = 10  # authorities and homes with fewer than this are reported together
OTHER_GROUP = "Other (fewer than 10 each)"
EQUITY_COLUMNS = (("placed", "Placed"), ("not_placed", "Not placed"), ("still_searching", "Still searching"))


def merge_small_groups(rows: Sequence[Mapping[str, Any]], keys: Sequence[str], total: str) -> list[dict[str, Any]]:
    """Fold groups whose `total` is under SMALL_GROUP into one 'Other' row."""
    kept = [dict(row) for row in rows if (row.get(total) or 0) >= SMALL_GROUP]
    small = [row for row in rows if (row.get(total) or 0) < SMALL_GROUP]
    if small:
        kept.append({"group": OTHER_GROUP, **{key: sum(row.get(key) or 0 for row in small) for key in keys}})
    return kept


def linked_cells(
    rows: Sequence[Mapping[str, Any]], parents: Sequence[Sequence[Mapping[str, Any]]], keys: Sequence[str]
) -> frozenset[tuple[int, int]]:
    """(row, column) cells, the Total column included, whose difference from a broader table's twin is 1..5."""
    found = set()
    for parent in parents:
        by_group = {str(row["group"]): row for row in parent}
        for i, row in enumerate(rows):
            other = by_group.get(str(row["group"]), {})
            for j, key in enumerate((*keys, "__total__")):
                mine = sum(row.get(k) or 0 for k in keys) if key == "__total__" else row.get(key) or 0
                theirs = sum(other.get(k) or 0 for k in keys) if key == "__total__" else other.get(key) or 0
                if 1 <= theirs - mine <= PRIMARY_MAX:
                    found.add((i, j))
    return frozenset(found)


def shown_table(published: Published, *, detailed: bool = False) -> dict[str, Any]:
    """A published table as text, as the pages and the quarterly publication draw it: the header, each row's shown
    figures (the Total row marked) and the log (the public one unless `detailed`, for the unit)."""
    lines = table_lines(published)
    last = len(lines) - 1 if published.column_totals is not None else -1
    log: tuple[LogEntry, ...] = published.log if detailed else public_log(published.log)
    return {
        "title": published.title,
        "header": table_header(published),
        "rows": [
            {"label": label, "cells": [str(s) for s in shown], "total": i == last}
            for i, (label, shown) in enumerate(lines)
        ],
        "log": log,
    }


def mean(total: int, base: int, *, base_shown: bool = True) -> str:
    """A mean to one decimal place, only from a shown base of 10 or more (else c); z when there is none."""
    if not base_shown:
        return SUPPRESSED
    if base == 0:
        return "z"
    if base < PERCENT_BASE_MIN:
        return SUPPRESSED
    return str(Decimal(total / base).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))


def whole(value: float) -> int:
    return int(Decimal(value).quantize(Decimal(1), rounding=ROUND_HALF_UP))


@dataclass(frozen=True)
class EquityReport:
    dimension: str
    counts: Published
    measures: tuple[dict[str, Any], ...]  # group, share placed (Shown) and the means as text

    @property
    def share_series(self) -> list[tuple[str, Shown]]:
        """(group, shown share placed): the chart's figures, the same as the table's."""
        return [(row["group"], row["share_placed"]) for row in self.measures]


# Each mean shown: (the sum, its base) in the equity rows.
MEANS = {
    "first_offer": ("offer_days", "offer_n"),
    "placement": ("placement_days", "placement_n"),
    "homes_asked": ("homes_asked", "searches"),
    "rounds": ("rounds", "searches"),
}
_MEANS_KEYS = ("searches", "offer_days", "offer_n", "placement_days", "placement_n", "homes_asked", "rounds")


def _prepared(rows: Sequence[Mapping[str, Any]], dimension: str, keys: Sequence[str]) -> list[dict[str, Any]]:
    if dimension == "local_authority":
        return merge_small_groups(rows, [*keys, *_MEANS_KEYS], total="searches")
    return [dict(row) for row in rows]


def total_row(rows: Sequence[Any], columns: frozenset[int]) -> frozenset[tuple[int, int]]:
    """The Total row's cells of these columns (the Total column's index is the number of columns)."""
    return frozenset((len(rows), j) for j in columns)


def guarded_mean(
    row: Mapping[str, Any], twins: Sequence[Mapping[str, Any]], total: str, base: str, *, base_shown: bool
) -> str:
    """The row's mean, hidden also when the same row of a broader table (England's, for a region) has a base larger
    by 1 to 9: the two means would give the mean of those few children."""
    near = any(1 <= (twin.get(base) or 0) - (row.get(base) or 0) < PERCENT_BASE_MIN for twin in twins)
    return mean(row.get(total) or 0, row.get(base) or 0, base_shown=base_shown and not near)


def equity_report(
    rows: Sequence[Mapping[str, Any]],
    dimension: str,
    *,
    parents: Sequence[Sequence[Mapping[str, Any]]] = (),
    hide_totals: frozenset[int] = frozenset(),
    hide_cells: frozenset[tuple[int, int]] = frozenset(),
) -> EquityReport:
    """Searches placed, not placed and still searching per group (suppressed), the share placed and the means.
    `hide_totals`: Total-row columns to hide because a linked table hides them; `hide_cells`: (row, column) cells
    likewise, the Total column being the number of columns (oversight/linked.py)."""
    keys = [key for key, _ in EQUITY_COLUMNS]
    prepared = _prepared(rows, dimension, keys)
    protect = linked_cells(prepared, [_prepared(parent, dimension, keys) for parent in parents], keys) | hide_cells
    protect |= total_row(prepared, hide_totals) if dimension != "risk" else frozenset()
    label = DIMENSIONS[dimension][0]
    counts = publish(
        Table(
            title=f"Searches by {label.lower()}",
            row_labels=tuple(str(row["group"]) for row in prepared),
            column_labels=tuple(text for _, text in EQUITY_COLUMNS),
            values=tuple(tuple(row.get(key) or 0 for key in keys) for row in prepared),
            column_totals=dimension != "risk",  # a child can have several risk indicators
            protect=protect,
        )
    )
    measures = []
    totals = counts.row_totals or ()
    twins = [{str(r["group"]): r for r in _prepared(parent, dimension, keys)} for parent in parents]
    for i, row in enumerate(prepared):
        shown = totals[i] if totals else Shown(symbol=SUPPRESSED)
        theirs = [twin.get(str(row["group"]), {}) for twin in twins]

        means = {key: guarded_mean(row, theirs, *sums, base_shown=shown.is_number) for key, sums in MEANS.items()}
        measures.append({"group": str(row["group"]), "share_placed": percentage(counts.cells[i][0], shown), **means})
    return EquityReport(dimension=dimension, counts=counts, measures=tuple(measures))


def decline_table(
    rows: Sequence[Mapping[str, Any]],
    by: str,
    *,
    parents: Sequence[Sequence[Mapping[str, Any]]] = (),
    hide_totals: frozenset[int] = frozenset(),
) -> Published:
    """Decline reasons given per group (a decline may give two), under disclosure control; `hide_totals` as
    for equity_report."""
    keys = list(REASON_CODES)

    def prepared(found: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
        with_n = [{**row, "__n__": sum(row.get(k) or 0 for k in keys)} for row in found]
        if by in ("home", "local_authority"):
            return merge_small_groups(with_n, [*keys, "__n__"], total="__n__")
        return with_n

    mine = prepared(rows)
    protect = linked_cells(mine, [prepared(parent) for parent in parents], keys)
    protect |= total_row(mine, hide_totals) if by != "risk" else frozenset()
    label = "home" if by == "home" else DIMENSIONS[by][0].lower()
    return publish(
        Table(
            title=f"Decline reasons by {label}",
            row_labels=tuple(str(row["group"]) for row in mine),
            column_labels=tuple(reason_label(code) for code in keys),
            values=tuple(tuple(row.get(key) or 0 for key in keys) for row in mine),
            column_totals=by != "risk",
            protect=protect,
        )
    )


def waiting_months(
    waiting: Sequence[tuple[Any, int]], *, exact: bool, by_day: bool = False, national: bool = True
) -> list[dict[str, Any]]:
    """Per month (or per day): the mean and highest number of children waiting at a day's end. `exact` for the
    unit; anyone else gets counts through disclosure control (1 to 5 hidden, national figures rounded to 5)."""
    months: dict[Any, list[int]] = {}
    for day, n in waiting:
        months.setdefault(day if by_day else day.replace(day=1), []).append(n)
    rows = []
    for month, values in sorted(months.items()):
        average, highest = whole(sum(values) / len(values)), max(values)
        if exact:
            rows.append({"month": month, "mean": Shown(value=average), "highest": Shown(value=highest)})
        else:
            shown = {"mean": count(average, national=national), "highest": count(highest, national=national)}
            rows.append({"month": month, **shown})
    return rows


def waited_rows(ended: Mapping[bool, list[int]], *, exact: bool, national: bool = True) -> list[dict[str, Any]]:
    """Placed and not placed: searches ended, and the mean and median days from opening to the end."""
    rows = []
    for placed, label in ((True, "Placed"), (False, "Not placed")):
        days = ended.get(placed, [])
        shown = Shown(value=len(days)) if exact else count(len(days), national=national)
        middle = median(days)
        hidden = 0 < len(days) < PERCENT_BASE_MIN or not shown.is_number
        rows.append(
            {
                "group": label,
                "searches": shown,
                "mean": mean(sum(days), len(days), base_shown=shown.is_number),
                "median": SUPPRESSED if hidden else (f"{middle:.1f}" if middle is not None else "z"),
            }
        )
    return rows
