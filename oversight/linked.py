"""Disclosure control across published tables that share figures, beyond one table's own rows and totals.

Two links are checked (docs/oversight.md, "Disclosure control"):

- **Shared margins**: tables of the same searches (or reasons) by different breakdowns have the same Total row.
  A total hidden in one but shown in another would undo the first table's protection, so `together` publishes them
  until every table hides the same Total-row cells.
- **The monthly summaries**: searches that ended in a quarter are the sum of those closed in its three months, which
  the monthly coordination summaries publish. `months_exposed` reads what each published figure says about the true
  count (an interval: exact, rounded to 5, or hidden) and finds the quarter's figures that would let a month's hidden
  count be worked out, or a small range for it, so they are hidden too.
"""

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from outcomes.disclosure import PRIMARY_MAX, ROUND_TO, SUPPRESSED, Published, Shown

from . import selectors
from .tables import EquityReport, decline_table, equity_report

# The breakdowns whose tables have a Total row: every one of the same searches (or reasons), so they share it.
EQUITY_WITH_TOTALS = tuple(d for d in selectors.DIMENSIONS if d != "risk")
DECLINES_WITH_TOTALS = ("home", *(d for d in selectors.PROFILE_DIMENSIONS if d != "risk"))

HALF = ROUND_TO // 2


def _hidden_totals(published: Published) -> frozenset[int]:
    if published.column_totals is None:
        return frozenset()
    totals = [*published.column_totals, *([published.grand_total] if published.grand_total else [])]
    return frozenset(j for j, shown in enumerate(totals) if shown.symbol == SUPPRESSED)


def together(build: Callable[[frozenset[int]], Sequence[Published]]) -> list[Published]:
    """Publish tables with a shared Total row (`build(hidden)` hides those Total-row columns in each) until no table
    hides a total that another shows."""
    hidden: frozenset[int] = frozenset()
    while True:
        published = list(build(hidden))
        found = hidden.union(*(_hidden_totals(table) for table in published))
        if found == hidden:
            return published
        hidden = found


def equity_linked(scope: selectors.Scope, dimensions: Iterable[str]) -> dict[str, EquityReport]:
    """The equity reports of these breakdowns for one scope, published together (each checked against England's
    same table too when the scope is a region)."""
    rows = {d: selectors.equity_rows(scope, d) for d in dimensions}
    parents = {d: [selectors.equity_rows(scope.national(), d)] if scope.region else [] for d in rows}
    reports: dict[str, EquityReport] = {}

    def build(hidden: frozenset[int]) -> list[Published]:
        reports.update({d: equity_report(rows[d], d, parents=parents[d], hide_totals=hidden) for d in rows})
        return [report.counts for report in reports.values()]

    together(build)
    return reports


def declines_linked(scope: selectors.Scope, groupings: Iterable[str]) -> dict[str, Published]:
    """The decline-reason tables of these groupings for one scope, published together."""
    rows = {by: selectors.decline_rows(scope, by) for by in groupings}
    parents = {by: [selectors.decline_rows(scope.national(), by)] if scope.region else [] for by in rows}
    tables = together(
        lambda hidden: [decline_table(rows[by], by, parents=parents[by], hide_totals=hidden) for by in rows]
    )
    return dict(zip(rows, tables, strict=True))


def linked_with(chosen: str, sharing: Sequence[str]) -> list[str]:
    """The breakdowns to publish with the one chosen: every one sharing its Total row, or just itself."""
    return [*sharing] if chosen in sharing else [chosen]


@dataclass(frozen=True)
class Range:
    """What a published figure says about the true count: lowest and highest (None: no upper bound)."""

    low: int
    high: int | None

    def __add__(self, other: "Range") -> "Range":
        high = None if self.high is None or other.high is None else self.high + other.high
        return Range(self.low + other.low, high)

    @property
    def gives_away(self) -> bool:
        """An exact count other than 0, or a range inside 1 to 5: more than a hidden figure may say."""
        if self.high is None:
            return False
        return (self.low == self.high and self.high > 0) or (1 <= self.low and self.high <= PRIMARY_MAX)


UNKNOWN = Range(0, None)  # hidden (primary or secondary, so any count), or not published


def published_range(text: str | Shown, *, rounded: bool) -> Range:
    """The counts a shown figure allows: itself, or within 2 of it when rounded to 5; a symbol allows any count."""
    value = str(text).replace(",", "")
    if not value.isdigit():
        return UNKNOWN
    number = int(value)
    return Range(max(0, number - HALF), number + HALF) if rounded and number else Range(number, number)


def _total(ranges: Sequence[Range]) -> Range:
    found = Range(0, 0)
    for part in ranges:
        found += part
    return found


def part_range(whole: Range, parts: Sequence[Range], i: int) -> Range:
    """What `whole = sum(parts)` says about part i, within its own range."""
    others = _total([part for k, part in enumerate(parts) if k != i])
    mine = parts[i]
    low = max(mine.low, whole.low - others.high if others.high is not None else 0)
    highs = [h for h in (mine.high, None if whole.high is None else whole.high - others.low) if h is not None]
    return Range(low, min(highs) if highs else None)


def months_exposed(
    quarter: Range, months: Sequence[Range], months_hidden: Sequence[bool], quarter_hidden: bool
) -> bool:
    """Whether a quarter's figure, beside its three months' published figures, gives a hidden one away: a month's
    hidden count worked out (or put within 1 to 5), or the quarter's own hidden count worked out from the months."""
    if quarter_hidden:
        return _total(months).gives_away
    return any(hidden and part_range(quarter, months, i).gives_away for i, hidden in enumerate(months_hidden))
