"""Disclosure control on crafted tables: primary and secondary suppression, attacks on totals, rounding and symbols."""

import itertools

import pytest

from outcomes.disclosure import (
    NOT_APPLICABLE,
    NOT_AVAILABLE,
    ROUNDS_TO_ZERO,
    SUPPRESSED,
    Shown,
    Table,
    count,
    percentage,
    publish,
    round_national,
    suppressed_cells,
)


def table(values: list[list[int | None]], **options: bool) -> Table:
    """A table with generated labels."""
    return Table(
        title="Crafted",
        row_labels=tuple(f"row {i}" for i in range(len(values))),
        column_labels=tuple(f"col {j}" for j in range(len(values[0]))),
        values=tuple(tuple(row) for row in values),
        **options,
    )


def hidden(published, *, totals: bool = True) -> set[tuple[int, int]]:
    """Coordinates shown as c, with the Total row/column as the last index."""
    rows, cols = len(published.row_labels), len(published.column_labels)
    found = {(i, j) for i in range(rows) for j in range(cols) if published.cells[i][j].symbol == SUPPRESSED}
    if totals and published.row_totals:
        found |= {(i, cols) for i, s in enumerate(published.row_totals) if s.symbol == SUPPRESSED}
    if totals and published.column_totals:
        found |= {(rows, j) for j, s in enumerate(published.column_totals) if s.symbol == SUPPRESSED}
    if totals and published.grand_total and published.grand_total.symbol == SUPPRESSED:
        found.add((rows, cols))
    return found


def recoverable_by_subtraction(published) -> list[tuple[int, int]]:
    """What an attacker gets by subtracting shown cells from a shown total, row by row and column by column."""
    rows, cols = len(published.row_labels), len(published.column_labels)
    grid: dict[tuple[int, int], Shown] = {(i, j): published.cells[i][j] for i in range(rows) for j in range(cols)}
    for i, s in enumerate(published.row_totals or ()):
        grid[(i, cols)] = s
    for j, s in enumerate(published.column_totals or ()):
        grid[(rows, j)] = s
    if published.grand_total:
        grid[(rows, cols)] = published.grand_total
    lines = [[(i, j) for j in range(cols + 1) if (i, j) in grid] for i in range(rows + 1) if (i, cols) in grid]
    lines += [[(i, j) for i in range(rows + 1) if (i, j) in grid] for j in range(cols + 1) if (rows, j) in grid]
    recovered = []
    for line in lines:
        if len(line) < 2:
            continue
        unknown = [c for c in line if grid[c].symbol == SUPPRESSED]
        if len(unknown) == 1:
            recovered.append(unknown[0])
    return recovered


class TestPrimarySuppression:
    def test_counts_from_one_to_five_are_shown_as_c(self) -> None:
        """Every count 1..5 is hidden; 0 and 6 are shown as they are."""
        published = publish(table([[0, 1, 5, 6, 40]], row_totals=False, column_totals=False))
        assert [str(s) for s in published.cells[0]] == ["0", "c", "c", "6", "40"]

    def test_log_lists_every_suppressed_cell_with_its_reason(self) -> None:
        """The log names the row and column of each hidden figure and says primary or secondary."""
        published = publish(table([[3, 20, 30], [40, 50, 60]]))
        reasons = {(e.row, e.column): e.reason for e in published.log}
        assert reasons[("row 0", "col 0")].startswith("primary")
        assert all(r.startswith(("primary", "secondary", "national")) for r in reasons.values())

    def test_a_small_total_is_itself_suppressed(self) -> None:
        """A row total of 1..5 would identify the children in that row, so it is hidden too."""
        published = publish(table([[2, 0], [30, 40]], column_totals=False))
        assert published.row_totals is not None and published.row_totals[0].symbol == SUPPRESSED


class TestSecondarySuppression:
    def test_a_lone_suppressed_cell_cannot_be_recovered_by_subtracting_from_the_row_total(self) -> None:
        """Row [3, 20, 30] with total 53: subtracting 20 and 30 from 53 would give 3, so a second cell goes."""
        published = publish(table([[3, 20, 30], [40, 50, 60]]))
        assert published.cells[0][1].symbol == SUPPRESSED  # the next smallest in the row
        assert recoverable_by_subtraction(published) == []

    def test_a_suppressed_cell_cannot_be_recovered_from_the_column_total_and_the_other_rows(self) -> None:
        """Subtracting the other rows from the Total row would give the hidden cell, so another row is hidden."""
        published = publish(table([[4], [17], [30], [22]], row_totals=False))
        assert published.cells[0][0].symbol == SUPPRESSED
        assert published.cells[1][0].symbol == SUPPRESSED  # the smallest other row
        assert str(published.cells[2][0]) == "30"
        assert recoverable_by_subtraction(published) == []

    def test_secondary_suppression_cascades_until_no_line_has_a_single_hidden_cell(self) -> None:
        """Hiding a complement in one row exposes its column; iteration continues until every line is safe."""
        values = [[2, 9, 40, 13], [11, 7, 3, 50], [30, 8, 12, 60], [25, 31, 18, 9]]
        published = publish(table(values))
        assert recoverable_by_subtraction(published) == []
        assert {(0, 0), (1, 2)} <= hidden(published)

    def test_hidden_cells_never_sum_to_a_small_number_in_a_line_with_a_shown_total(self) -> None:
        """Two hidden cells summing to 1..5 would reveal that a small group exists, so a third is hidden."""
        published = publish(table([[3, 2, 100, 200]], column_totals=False))
        assert [s.symbol for s in published.cells[0][:3]] == [SUPPRESSED] * 3
        assert str(published.cells[0][3]) == "200"

    @pytest.mark.parametrize("seed", range(25))
    def test_no_random_table_leaves_a_hidden_cell_recoverable(self, seed: int) -> None:
        """On generated tables with many small counts, subtraction along any row or column recovers nothing."""
        import random

        rng = random.Random(seed)
        rows, cols = rng.randint(2, 6), rng.randint(2, 6)
        values = [[rng.choice([0, 1, 2, 3, 4, 5, 6, 8, 12, 25, 60]) for _ in range(cols)] for _ in range(rows)]
        published = publish(table(values))
        assert recoverable_by_subtraction(published) == []
        grid = {(i, j): values[i][j] for i, j in itertools.product(range(rows), range(cols))}
        assert all(published.cells[i][j].symbol == SUPPRESSED for (i, j), v in grid.items() if 1 <= v <= 5)

    def test_published_table_keeps_no_hidden_value(self) -> None:
        """A suppressed Shown carries no number, so templates and exports cannot print one."""
        published = publish(table([[3, 20, 30], [40, 50, 60]]))
        for c in published.cells[0][:2]:
            assert c.value is None and c.symbol == SUPPRESSED

    def test_suppressed_cells_names_the_reason_for_each(self) -> None:
        """The pure core returns primary for the small cell and secondary for its complement."""
        reasons = suppressed_cells(table([[3, 20, 30]], column_totals=False))
        assert reasons == {(0, 0): "primary", (0, 1): "secondary"}


class TestRoundingAndSymbols:
    def test_a_national_total_of_six_or_seven_is_hidden_rather_than_shown_as_five(self) -> None:
        """Rounded, 7 would read as 5; it is c, and so is the cell it would give away."""
        published = publish(table([[7, 20], [0, 12]], row_totals=False))
        assert [str(s) for s in published.column_totals or ()] == ["c", "30"]
        assert published.cells[0][0].symbol == SUPPRESSED
        assert recoverable_by_subtraction(published) == []

    def test_rounding_every_cell_hides_six_and_seven_and_logs_once(self) -> None:
        """For tables republished over time every count is rounded to 5; 6 and 7 become c, 8 becomes 10."""
        published = publish(table([[6, 8, 23, 40]], column_totals=False, round_cells=True))
        assert [str(s) for s in published.cells[0]] == ["c", "c", "25", "40"]
        assert any(e.reason.startswith("every count rounded") for e in published.log)

    def test_a_cell_protected_by_a_linked_table_is_hidden_with_a_complement(self) -> None:
        """A cell that differs by 1..5 from the same cell without a filter is hidden, and one more with it."""
        published = publish(table([[30, 12, 50]], column_totals=False, protect=frozenset({(0, 0)})))
        assert [s.symbol for s in published.cells[0]] == ["c", "c", ""]

    @pytest.mark.parametrize(("value", "expected"), [(0, 0), (7, 5), (8, 10), (12, 10), (13, 15), (1002, 1000)])
    def test_national_totals_round_to_the_nearest_five(self, value: int, expected: int) -> None:
        """Halves round up; 7 becomes 5 and 13 becomes 15."""
        assert round_national(value) == expected

    def test_the_total_row_is_rounded_and_logged_when_national(self) -> None:
        """Cells stay exact; the England total row is rounded to 5."""
        published = publish(table([[21, 30], [33, 40]], row_totals=False))
        assert [str(s) for s in published.column_totals or ()] == ["55", "70"]
        assert any(e.reason.startswith("national total rounded") for e in published.log)

    def test_local_totals_are_not_rounded(self) -> None:
        """A table for one authority keeps its totals exact."""
        published = publish(table([[21, 30], [33, 40]], row_totals=False, national=False))
        assert [str(s) for s in published.column_totals or ()] == ["54", "70"]

    def test_a_missing_count_is_x(self) -> None:
        """None means not available and is shown as x, and does not count towards totals."""
        published = publish(table([[None, 30], [33, 40]], row_totals=False, national=False))
        assert published.cells[0][0].symbol == NOT_AVAILABLE
        assert str((published.column_totals or ())[0]) == "33"


class TestPercentage:
    def test_percentages_are_whole_numbers_rounded_half_up(self) -> None:
        """5 of 40 is 12.5%, shown as 13%."""
        assert str(percentage(Shown(5), Shown(40))) == "13%"

    def test_no_percentage_from_a_suppressed_numerator_or_base(self) -> None:
        """A rate would let the reader work back to a hidden count."""
        assert percentage(Shown(symbol=SUPPRESSED), Shown(40)).symbol == SUPPRESSED
        assert percentage(Shown(20), Shown(symbol=SUPPRESSED)).symbol == SUPPRESSED

    def test_no_percentage_from_a_base_below_ten(self) -> None:
        """6 of 9 is not shown as a rate."""
        assert percentage(Shown(6), Shown(9)).symbol == SUPPRESSED

    def test_a_rate_that_rounds_to_zero_is_k_and_a_zero_base_is_z(self) -> None:
        """1 in 400 is k; anything of nothing is not applicable."""
        assert percentage(Shown(1), Shown(400)).symbol == ROUNDS_TO_ZERO
        assert percentage(Shown(0), Shown(0)).symbol == NOT_APPLICABLE
        assert str(percentage(Shown(0), Shown(40))) == "0%"

    def test_a_single_headline_count_is_suppressed_when_small(self) -> None:
        """count() applies the primary rule to figures outside a table."""
        assert [str(count(v)) for v in (0, 3, 6, None)] == ["0", "c", "6", "x"]

    def test_a_national_headline_count_is_rounded_to_five(self) -> None:
        """42 referrals in England are published as 40; a small one is still c, not 5."""
        assert [str(count(v, national=True)) for v in (42, 43, 3, 7, 8, 0)] == ["40", "45", "c", "c", "10", "0"]
