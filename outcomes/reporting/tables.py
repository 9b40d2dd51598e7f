"""Indicator tables built from `indicator_counts` rows and passed through disclosure control before anyone sees them."""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from outcomes.disclosure import PRIMARY_MAX, Published, Shown, Table, percentage, publish

COUNTS: tuple[tuple[str, str], ...] = (
    ("children", "Children"),
    ("recorded", "Children with a checkpoint recorded"),
    ("followed_3", "Followed up at 3 months"),
    ("stable_3", "Stable at 3 months"),
    ("followed_6", "Followed up at 6 months"),
    ("stable_6", "Stable at 6 months"),
    ("followed_12", "Followed up at 12 months"),
    ("stable_12", "Stable at 12 months"),
    ("three_plus_placements_12", "3 or more placements in 12 months"),
    ("return_to_secure_12", "Returned to secure in 12 months"),
    ("custody_12", "Custody in 12 months"),
    ("dol_outside_secure_12", "Deprived of liberty outside a secure home in 12 months"),
    ("not_known", "Not known or lost contact"),
)

# (key, label, numerator, denominator)
RATES: tuple[tuple[str, str, str, str], ...] = (
    ("stable_3", "Stable at 3 months", "stable_3", "followed_3"),
    ("stable_6", "Stable at 6 months", "stable_6", "followed_6"),
    ("stable_12", "Stable at 12 months", "stable_12", "followed_12"),
    ("three_plus_placements_12", "3 or more placements in 12 months", "three_plus_placements_12", "followed_12"),
    ("return_to_secure_12", "Returned to secure in 12 months", "return_to_secure_12", "followed_12"),
    ("custody_12", "Custody in 12 months", "custody_12", "followed_12"),
    (
        "dol_outside_secure_12",
        "Deprived of liberty outside a secure home in 12 months",
        "dol_outside_secure_12",
        "followed_12",
    ),
    ("not_known", "Not known or lost contact", "not_known", "recorded"),
)

GROUPINGS: dict[str, str] = {
    "cohort": "Placed and not placed",
    "home": "Secure home",
    "la": "Local authority",
    "region": "Region",
    "pathway": "Pathway",
    "year": "Year",
}

SMALL_GROUP = 10  # homes and authorities with fewer children than this are reported together
OTHER_GROUP = "Other (fewer than 10 children each)"


@dataclass(frozen=True)
class Report:
    """One grouping's published counts and rates; `side_by_side` puts groups in columns (placed | not placed)."""

    group_by: str
    counts: Published
    rates: Published
    side_by_side: bool

    @property
    def title(self) -> str:
        return f"Outcome indicators{self.by}"

    @property
    def by(self) -> str:
        """', placed and not placed' or ' by local authority', for titles."""
        grouping = GROUPINGS[self.group_by].lower()
        return f", {grouping}" if self.side_by_side else f" by {grouping}"

    def rate_series(self, rate_key: str) -> list[tuple[str, Shown]]:
        """(group, shown rate) pairs for one indicator, from the same published table as the page."""
        label = next(label for key, label, _, _ in RATES if key == rate_key)
        if self.side_by_side:
            i = self.rates.row_labels.index(label)
            return [(group, self.rates.cells[i][j]) for j, group in enumerate(self.rates.column_labels)]
        j = self.rates.column_labels.index(label)
        return [(group, self.rates.cells[i][j]) for i, group in enumerate(self.rates.row_labels)]


def merge_small_groups(rows: Sequence[Mapping[str, Any]], *, minimum: int = SMALL_GROUP) -> list[dict[str, Any]]:
    """Fold groups with fewer than `minimum` children into one 'Other' row, so small homes are never shown alone."""
    kept = [dict(row) for row in rows if (row.get("children") or 0) >= minimum]
    small = [row for row in rows if (row.get("children") or 0) < minimum]
    if small:
        kept.append({"group": OTHER_GROUP, **{key: sum(row.get(key) or 0 for row in small) for key, _ in COUNTS}})
    return kept


def _values(rows: Sequence[Mapping[str, Any]]) -> tuple[tuple[int | None, ...], ...]:
    return tuple(tuple(row.get(key) for key, _ in COUNTS) for row in rows)


def _grouped(rows: Sequence[Mapping[str, Any]], group_by: str, national: bool, **options: Any) -> Report:
    labels = tuple(str(row["group"]) for row in rows)
    counts = publish(
        Table(
            title=f"Children and outcomes by {GROUPINGS[group_by].lower()}",
            row_labels=labels,
            column_labels=tuple(label for _, label in COUNTS),
            values=_values(rows),
            row_totals=False,
            national=national,
            **options,
        )
    )
    keys = [key for key, _ in COUNTS]
    lines = [*counts.cells, counts.column_totals or ()]
    rates = tuple(
        tuple(percentage(line[keys.index(num)], line[keys.index(den)]) for _, _, num, den in RATES) for line in lines
    )
    return Report(
        group_by=group_by,
        counts=counts,
        rates=_rates_table(counts.title, (*labels, "Total"), tuple(label for _, label, _, _ in RATES), rates),
        side_by_side=False,
    )


def _side_by_side(rows: Sequence[Mapping[str, Any]], group_by: str, national: bool, **options: Any) -> Report:
    groups = tuple(str(row["group"]) for row in rows)
    values = _values(rows)
    if "protect" in options:  # (group, count) coordinates become (count, group)
        options["protect"] = frozenset((j, i) for i, j in options["protect"])
    counts = publish(
        Table(
            title=f"Children and outcomes, {GROUPINGS[group_by].lower()}",
            row_labels=tuple(label for _, label in COUNTS),
            column_labels=groups,
            values=tuple(tuple(values[j][i] for j in range(len(groups))) for i in range(len(COUNTS))),
            column_totals=False,
            national=False,
            national_column=national,
            **options,
        )
    )
    keys = [key for key, _ in COUNTS]
    columns = [*[tuple(row[j] for row in counts.cells) for j in range(len(groups))], counts.row_totals or ()]
    rates = tuple(
        tuple(percentage(column[keys.index(num)], column[keys.index(den)]) for column in columns)
        for _, _, num, den in RATES
    )
    return Report(
        group_by=group_by,
        counts=counts,
        rates=_rates_table(counts.title, tuple(label for _, label, _, _ in RATES), (*groups, "Total"), rates),
        side_by_side=True,
    )


def _rates_table(
    title: str, row_labels: tuple[str, ...], column_labels: tuple[str, ...], cells: tuple[tuple[Shown, ...], ...]
) -> Published:
    return Published(
        title=f"Rates: {title[0].lower()}{title[1:]}",
        row_labels=row_labels,
        column_labels=column_labels,
        cells=cells,
        row_totals=None,
        column_totals=None,
        grand_total=None,
    )


def linked_cells(
    rows: Sequence[Mapping[str, Any]], parents: Sequence[Sequence[Mapping[str, Any]]]
) -> frozenset[tuple[int, int]]:
    """(group, count) cells whose difference from the same cell in a less filtered table is 1..5."""
    found = set()
    for parent in parents:
        by_group = {str(row["group"]): row for row in parent}
        for i, row in enumerate(rows):
            other = by_group.get(str(row["group"]), {})
            for j, (key, _) in enumerate(COUNTS):
                difference = (other.get(key) or 0) - (row.get(key) or 0)
                if 1 <= difference <= PRIMARY_MAX:
                    found.add((i, j))
    return frozenset(found)


def _prepared(rows: Sequence[Mapping[str, Any]], group_by: str) -> list[dict[str, Any]]:
    prepared = merge_small_groups(rows) if group_by in ("home", "la") else [dict(row) for row in rows]
    if group_by == "cohort":  # placed first, then not placed
        prepared.sort(key=lambda row: not str(row["group"]).lower().startswith("placed"))
    return prepared


def indicator_report(
    *,
    rows: Sequence[Mapping[str, Any]],
    group_by: str,
    national: bool = True,
    parents: Sequence[Sequence[Mapping[str, Any]]] = (),
    round_cells: bool = False,
) -> Report:
    """The published report for one grouping: cohorts side by side, other groupings one row per group.

    `parents` are the same grouping with one filter fewer: a cell that differs from its parent by 1..5 is hidden,
    so comparing a filtered report with a broader one cannot reveal a small group. `round_cells` rounds every
    count to 5, for cumulative tables republished month after month.
    """
    if group_by not in GROUPINGS:
        raise ValueError(f"Unknown grouping {group_by!r}.")
    prepared = _prepared(rows, group_by)
    protect = linked_cells(prepared, [_prepared(parent, group_by) for parent in parents])
    builder = _side_by_side if group_by == "cohort" else _grouped
    return builder(prepared, group_by, national, protect=protect, round_cells=round_cells)
