"""The quarterly page's searches that ended in the quarter, checked against the three monthly coordination summaries
that publish the searches closed in each of its months (outcomes.models.SummaryPublication)."""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from outcomes.disclosure import SUPPRESSED, Published, Shown, Table, publish
from outcomes.models import SummaryPublication

from .linked import UNKNOWN, Range, months_exposed, published_range
from .selectors import median
from .tables import mean, shown_table

CLOSED_BY_OUTCOME = "Searches closed by outcome"  # the monthly summary's table (outcomes/reporting/summary.py)
PLACED_OUTCOME = "Placed"
ROWS = (("Placed", True), ("Not placed", False))
KEYS = ("placed", "not_placed", "total")  # the ended table's rows, then its Total row


@dataclass(frozen=True)
class MonthFigures:
    """What one month's published summary says about its closed searches: placed, not placed and all (ranges), and
    whether each was published hidden."""

    ranges: Mapping[str, Range]
    hidden: Mapping[str, bool]


NOT_PUBLISHED = MonthFigures(ranges=dict.fromkeys(KEYS, UNKNOWN), hidden=dict.fromkeys(KEYS, False))


def _from_summary(publication: SummaryPublication) -> MonthFigures:
    table = next((t for t in publication.tables if t["title"] == CLOSED_BY_OUTCOME), None)
    if table is None:
        return NOT_PUBLISHED
    rows = {row[0]: row[1] for row in table["rows"]}
    total = rows.pop("Total", "")
    others = [text for label, text in rows.items() if label != PLACED_OUTCOME]
    not_placed = Range(0, 0)
    for text in others:
        not_placed += published_range(text, rounded=False)
    placed = rows.get(PLACED_OUTCOME, "0")
    return MonthFigures(
        ranges={"placed": published_range(placed, rounded=False), "not_placed": not_placed,
                "total": published_range(total, rounded=True)},
        hidden={"placed": placed == SUPPRESSED, "not_placed": SUPPRESSED in others, "total": total == SUPPRESSED},
    )  # fmt: skip


def month_figures(year: int, quarter: int) -> list[MonthFigures]:
    """The quarter's three months as their summaries were published (a month not published says nothing)."""
    months = range(3 * quarter - 2, 3 * quarter + 1)
    found = {p.month: p for p in SummaryPublication.objects.filter(year=year, month__in=months)}
    return [_from_summary(found[m]) if m in found else NOT_PUBLISHED for m in months]


def _exposed(published: Published, months: Sequence[MonthFigures]) -> set[tuple[int, int]]:
    shown = [published.cells[0][0], published.cells[1][0], *(published.column_totals or ())]
    found = set()
    for i, (key, figure) in enumerate(zip(KEYS, shown, strict=False)):
        quarter = published_range(figure, rounded=key == "total")
        parts = [month.ranges[key] for month in months]
        hidden = figure.symbol == SUPPRESSED
        if months_exposed(quarter, parts, [month.hidden[key] for month in months], hidden):
            # A hidden figure the months give away: hide the total as well, so its complement stays hidden.
            found.add((len(ROWS), 0) if hidden else (i, 0))
    return found


def ended_published(ended: Mapping[bool, list[int]], months: Sequence[MonthFigures]) -> Published:
    """Searches placed and not placed that ended in the quarter, with more hidden until, beside the three months'
    summaries, none of their hidden counts (nor the quarter's) can be worked out."""
    protect: frozenset[tuple[int, int]] = frozenset()
    while True:
        published = publish(
            Table(
                title="Searches that ended in the quarter",
                row_labels=tuple(label for label, _ in ROWS),
                column_labels=("Searches",),
                values=tuple((len(ended.get(placed, [])),) for _, placed in ROWS),
                row_totals=False,
                protect=protect,
            )
        )
        exposed = _exposed(published, months) - protect
        if not exposed:
            return published
        protect |= exposed


def ended_table(ended: Mapping[bool, list[int]], months: Sequence[MonthFigures]) -> dict[str, Any]:
    """The ended table as the page shows it, with the mean and median days waited from shown bases of 10 or more."""
    published = ended_published(ended, months)
    table = shown_table(published)
    table["header"] += ["Mean days waited", "Median days waited"]
    for row, (_, placed), searches in zip(table["rows"], ROWS, published.column("Searches"), strict=False):
        row["cells"] += _days(ended.get(placed, []), searches)
    table["rows"][-1]["cells"] += ["", ""]
    note = "Checked against the monthly coordination summaries of the same months, which count searches closed."
    log = [f"{e.row}, {e.column}: {e.reason}" for e in table["log"]]
    return {**table, "key": "ended", "note": note, "log": log}


def _days(days: list[int], searches: Shown) -> list[str]:
    middle = median(days)
    hidden = not searches.is_number or 0 < len(days) < 10
    return [
        mean(sum(days), len(days), base_shown=searches.is_number),
        SUPPRESSED if hidden else (f"{middle:.1f}" if middle is not None else "z"),
    ]
