"""Disclosure control across published tables that share figures, beyond one table's own rows and totals.

Three links are checked (docs/oversight.md, "Disclosure control"):

- **Shared margins**: tables of the same searches (or reasons) by different breakdowns have the same Total row.
  A total hidden in one but shown in another would undo the first table's protection, so `together` publishes them
  until every table hides the same Total-row cells.
- **Profile x region**: a region's Total row is its row in England's table by region, so `every_region` publishes
  England's tables and every region's together until each region's hidden Total-row cells are its hidden cells there.
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
    """The equity reports of these breakdowns for one scope (England and Wales, or a region). Those with a Total
    row are always built from every one of them, for England and for every region (`every_region`), so the same
    tables come out whoever asks; the risk rows (no Total row) are checked against England's only."""
    wanted = list(dimensions)
    reports: dict[str, EquityReport] = {}
    if any(d in EQUITY_WITH_TOTALS for d in wanted):
        national, regions = every_region(scope.national())
        reports |= regions.get(scope.region, {}) if scope.region else national
    for d in wanted:
        if d not in reports:  # the risk rows, or a region with no searches in the period
            parents = [selectors.equity_rows(scope.national(), d)] if scope.region else []
            reports[d] = equity_report(selectors.equity_rows(scope, d), d, parents=parents)
    return {d: reports[d] for d in wanted}


def _hidden_row(published: Published, row: int) -> frozenset[int]:
    shown = [*published.cells[row], *(published.row_totals[row : row + 1] if published.row_totals else ())]
    return frozenset(j for j, cell in enumerate(shown) if cell.symbol == SUPPRESSED)


def every_region(
    national: selectors.Scope,
) -> tuple[dict[str, EquityReport], dict[str, dict[str, EquityReport]]]:
    """England's tables with a Total row and each region's, published together: within each, every table hides the
    same Total-row cells (`together`), and a region's Total row is its row in England's table by region (the
    profile x region link), so a cell hidden in one is hidden in the other, then secondary suppression as usual,
    until nothing changes. Returns England's reports and {region: its reports}. Grouped queries: one per breakdown
    for England and one per breakdown for every region at once."""
    dims = EQUITY_WITH_TOTALS
    rows = {d: selectors.equity_rows(national, d) for d in dims}
    by_region = {d: selectors.equity_rows_by_region(national, d) for d in dims if d != "region"}
    where = {str(row["group"]): i for i, row in enumerate(rows["region"])}
    regions = sorted({r for found in by_region.values() for r in found if r and r in where})
    region_rows = {
        r: {**{d: by_region[d].get(r, []) for d in by_region}, "region": [rows["region"][where[r]]]} for r in regions
    }
    hidden: frozenset[int] = frozenset()
    hidden_in = {r: frozenset[int]() for r in region_rows}
    while True:
        cells = frozenset((where[r], j) for r, columns in hidden_in.items() for j in columns)
        england = {
            d: equity_report(rows[d], d, hide_totals=hidden, hide_cells=cells if d == "region" else frozenset())
            for d in dims
        }
        regional = {
            r: {d: equity_report(mine[d], d, parents=[rows[d]], hide_totals=hidden_in[r]) for d in dims}
            for r, mine in region_rows.items()
        }
        found = hidden.union(*(_hidden_totals(report.counts) for report in england.values()))
        found_in = {
            r: hidden_in[r].union(
                _hidden_row(england["region"].counts, where[r]),
                *(_hidden_totals(report.counts) for report in regional[r].values()),
            )
            for r in region_rows
        }
        if found == hidden and found_in == hidden_in:
            return england, regional
        hidden, hidden_in = found, found_in


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
