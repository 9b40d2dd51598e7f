"""Statistical disclosure control for every published table, chart and export (DfE conventions; docs/disclosure.md).

Pure functions on a small `Table`: primary suppression of counts 1–5, secondary suppression until no hidden cell can
be recovered from a total or from the other rows, national totals rounded to the nearest 5, the symbols c, z, x and
k, percentages only from shown bases of 10 or more, and a log of what was hidden and why. A `Published` table keeps
no hidden value, so nothing downstream (templates, charts, exports) can leak one.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

SUPPRESSED = "c"  # suppressed for confidentiality (primary or secondary)
NOT_APPLICABLE = "z"  # not applicable, e.g. a rate with a base of zero
NOT_AVAILABLE = "x"  # not available, e.g. a checkpoint not yet reached
ROUNDS_TO_ZERO = "k"  # a percentage that rounds to 0 but is not 0

PRIMARY_MAX = 5  # counts 1..5 are hidden
PERCENT_BASE_MIN = 10  # no percentage from a base below this
ROUND_TO = 5  # national totals are rounded to the nearest 5 (a small population; DfE uses 10 for CLA)

SYMBOLS: dict[str, str] = {
    SUPPRESSED: "suppressed to protect confidentiality (a count from 1 to 5, or a figure hidden so one cannot be "
    "worked out from the totals)",
    NOT_APPLICABLE: "not applicable",
    NOT_AVAILABLE: "not available",
    ROUNDS_TO_ZERO: "rounds to 0% but is not zero",
}

Coord = tuple[int, int]


@dataclass(frozen=True)
class Table:
    """Rows × columns of counts (None = not available), with the totals that will be published beside them."""

    title: str
    row_labels: tuple[str, ...]
    column_labels: tuple[str, ...]
    values: tuple[tuple[int | None, ...], ...]
    row_totals: bool = True  # a Total column: each row sums across the columns
    column_totals: bool = True  # a Total row: each column sums down the rows
    national: bool = True  # the Total row covers England (or a region) and is rounded
    national_column: bool = False  # the Total column covers England too (a table with groups as columns)
    round_cells: bool = False  # every count rounded to ROUND_TO (cumulative tables republished over time)
    protect: frozenset[tuple[int, int]] = frozenset()  # cells a linked table would give away: hidden like 1..5

    def __post_init__(self) -> None:
        if len(self.values) != len(self.row_labels) or any(len(r) != len(self.column_labels) for r in self.values):
            raise ValueError("Table values must have one row per row label and one value per column label.")
        if any(v is not None and v < 0 for row in self.values for v in row):
            raise ValueError("Counts cannot be negative.")


@dataclass(frozen=True)
class Shown:
    """One published figure: a number, or a symbol standing in for it."""

    value: int | None = None
    symbol: str = ""
    percent: bool = False

    def __str__(self) -> str:
        if self.symbol:
            return self.symbol
        return f"{self.value}%" if self.percent else f"{self.value:,}"

    @property
    def is_number(self) -> bool:
        return not self.symbol and self.value is not None


@dataclass(frozen=True)
class LogEntry:
    """Why one figure was hidden or altered."""

    row: str
    column: str
    reason: str


@dataclass(frozen=True)
class Published:
    """A table after disclosure control: only what may be shown, plus the log. Hidden values are not kept."""

    title: str
    row_labels: tuple[str, ...]
    column_labels: tuple[str, ...]
    cells: tuple[tuple[Shown, ...], ...]
    row_totals: tuple[Shown, ...] | None
    column_totals: tuple[Shown, ...] | None
    grand_total: Shown | None
    log: tuple[LogEntry, ...] = field(default_factory=tuple)

    def column(self, name: str) -> tuple[Shown, ...]:
        """The shown figures of one column, top to bottom."""
        j = self.column_labels.index(name)
        return tuple(row[j] for row in self.cells)


@dataclass(frozen=True)
class _Relation:
    """parts sum to whole (a row or a column of the table with its total)."""

    parts: tuple[Coord, ...]
    whole: Coord


def _grid(table: Table) -> dict[Coord, int | None]:
    """The cells plus the published totals; row R is the Total row, column C the Total column."""
    rows, cols = len(table.row_labels), len(table.column_labels)
    grid: dict[Coord, int | None] = {(i, j): table.values[i][j] for i in range(rows) for j in range(cols)}

    def total(coords: Iterable[Coord]) -> int:
        return sum(grid[c] or 0 for c in coords)

    if table.row_totals:
        for i in range(rows):
            grid[(i, cols)] = total((i, j) for j in range(cols))
    if table.column_totals:
        for j in range(cols + (1 if table.row_totals else 0)):
            grid[(rows, j)] = total((i, j) for i in range(rows))
    return grid


def _relations(table: Table, grid: dict[Coord, int | None]) -> list[_Relation]:
    rows, cols = len(table.row_labels), len(table.column_labels)
    relations = []
    for i in range(rows + 1):
        if (i, cols) in grid:
            parts = tuple((i, j) for j in range(cols) if grid.get((i, j)) is not None)
            relations.append(_Relation(parts, (i, cols)))
    for j in range(cols + 1):
        if (rows, j) in grid:
            parts = tuple((i, j) for i in range(rows) if grid.get((i, j)) is not None)
            relations.append(_Relation(parts, (rows, j)))
    return relations


def _exposed(relation: _Relation, grid: dict[Coord, int | None], hidden: set[Coord]) -> bool:
    """Whether the relation gives a hidden cell away: one unknown alone, or unknowns summing to 1..5."""
    unknown = [c for c in (*relation.parts, relation.whole) if c in hidden]
    if not unknown:
        return False
    if len(unknown) == 1:
        return True
    if relation.whole in hidden:
        return False
    hidden_sum = sum(grid[c] or 0 for c in unknown)
    return 1 <= hidden_sum <= PRIMARY_MAX


def _complement(relation: _Relation, grid: dict[Coord, int | None], hidden: set[Coord]) -> Coord | None:
    """The next cell to hide: the smallest positive part, else the total, else a zero."""
    candidates = [c for c in (*relation.parts, relation.whole) if c not in hidden and grid[c] is not None]
    if not candidates:
        return None
    return min(candidates, key=lambda c: (grid[c] == 0, c == relation.whole, grid[c], c))


def _is_rounded(table: Table, coord: Coord) -> bool:
    rows, cols = len(table.row_labels), len(table.column_labels)
    return table.round_cells or (table.national and coord[0] == rows) or (table.national_column and coord[1] == cols)


def _small(table: Table, coord: Coord, value: int) -> bool:
    """1..5, or a rounded figure that would be shown as 5 (6 and 7 round to 5)."""
    shown = round_national(value) if _is_rounded(table, coord) else value
    return 1 <= value <= PRIMARY_MAX or 1 <= shown <= PRIMARY_MAX


def suppressed_cells(table: Table) -> dict[Coord, str]:
    """Which cells (and totals) to hide, with the reason: 'primary' or 'secondary'. Pure; iterates to a fixed point."""
    grid = _grid(table)
    reasons = {c: "primary" for c, v in grid.items() if v is not None and _small(table, c, v)}
    reasons |= {c: "linked" for c in table.protect if grid.get(c) and c not in reasons}
    relations = _relations(table, grid)
    changed = True
    while changed:
        changed = False
        for relation in relations:
            while _exposed(relation, grid, set(reasons)):
                extra = _complement(relation, grid, set(reasons))
                if extra is None:
                    break
                reasons[extra] = "secondary"
                changed = True
    return reasons


def round_national(value: int) -> int:
    """Round to the nearest ROUND_TO, halves up."""
    return int((Decimal(value) / ROUND_TO).quantize(Decimal(1), rounding=ROUND_HALF_UP)) * ROUND_TO


def _label(table: Table, coord: Coord) -> tuple[str, str]:
    rows, cols = len(table.row_labels), len(table.column_labels)
    i, j = coord
    return (table.row_labels[i] if i < rows else "Total", table.column_labels[j] if j < cols else "Total")


_REASONS = {
    "primary": f"primary: a count from 1 to {PRIMARY_MAX} (or one that would be shown as {ROUND_TO} once rounded)",
    "secondary": "secondary: hidden so another hidden figure cannot be worked out from totals or other rows",
    "linked": "secondary: hidden because the same figure without a filter would reveal a small difference",
}


def publish(table: Table) -> Published:
    """Apply disclosure control to a table: suppress, round national totals, mark symbols and log every change."""
    grid = _grid(table)
    reasons = suppressed_cells(table)
    rows, cols = len(table.row_labels), len(table.column_labels)
    log = [LogEntry(*_label(table, c), _REASONS[reason]) for c, reason in sorted(reasons.items())]

    def shown(coord: Coord) -> Shown:
        value = grid[coord]
        if value is None:
            return Shown(symbol=NOT_AVAILABLE)
        if coord in reasons:
            return Shown(symbol=SUPPRESSED)
        if _is_rounded(table, coord) and value:
            rounded = round_national(value)
            if rounded != value and not table.round_cells:
                log.append(LogEntry(*_label(table, coord), f"national total rounded to the nearest {ROUND_TO}"))
            return Shown(value=rounded)
        return Shown(value=value)

    cells = tuple(tuple(shown((i, j)) for j in range(cols)) for i in range(rows))
    if table.round_cells:
        log.append(LogEntry("All rows", "All columns", f"every count rounded to the nearest {ROUND_TO}"))
    return Published(
        title=table.title,
        row_labels=table.row_labels,
        column_labels=table.column_labels,
        cells=cells,
        row_totals=tuple(shown((i, cols)) for i in range(rows)) if table.row_totals else None,
        column_totals=tuple(shown((rows, j)) for j in range(cols)) if table.column_totals else None,
        grand_total=shown((rows, cols)) if table.row_totals and table.column_totals else None,
        log=tuple(log),
    )


PUBLIC_REASON = "suppressed: a small count, or hidden to protect one"


def public_log(log: Iterable[LogEntry]) -> tuple[LogEntry, ...]:
    """The log as published: primary and secondary are not told apart, since that would narrow each hidden value."""
    return tuple(
        LogEntry(e.row, e.column, PUBLIC_REASON if e.reason.startswith(("primary", "secondary")) else e.reason)
        for e in log
    )


def percentage(part: Shown, whole: Shown) -> Shown:
    """A whole-number percentage from two SHOWN figures; never from a hidden or small base."""
    for symbol in (SUPPRESSED, NOT_AVAILABLE, NOT_APPLICABLE):
        if symbol in (part.symbol, whole.symbol):
            return Shown(symbol=symbol, percent=True)
    if part.value is None or whole.value is None:
        return Shown(symbol=NOT_AVAILABLE, percent=True)
    if whole.value == 0:
        return Shown(symbol=NOT_APPLICABLE, percent=True)
    if whole.value < PERCENT_BASE_MIN:
        return Shown(symbol=SUPPRESSED, percent=True)
    value = int((Decimal(100 * part.value) / whole.value).quantize(Decimal(1), rounding=ROUND_HALF_UP))
    if value == 0 and part.value > 0:
        return Shown(symbol=ROUNDS_TO_ZERO, percent=True)
    return Shown(value=min(value, 100), percent=True)


def count(value: int | None, *, national: bool = False) -> Shown:
    """A single headline count outside a table: 1..5 hidden, None not available, a national count rounded to 5."""
    if value is None:
        return Shown(symbol=NOT_AVAILABLE)
    shown = round_national(value) if national else value
    if 1 <= value <= PRIMARY_MAX or 1 <= shown <= PRIMARY_MAX:
        return Shown(symbol=SUPPRESSED)
    return Shown(value=shown)
