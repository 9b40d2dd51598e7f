"""Report tables, SVG charts and CSV/XLSX exports all fed from the same published (suppressed) figures."""

import csv
import io
import re

import openpyxl
import pytest

from outcomes.disclosure import SUPPRESSED, SYMBOLS, Shown, Table, publish
from outcomes.reporting.exports import neutralise, tables_csv, tables_xlsx
from outcomes.reporting.tables import OTHER_GROUP, indicator_report
from ui.charts import bar_chart, svg

from .data import COHORTS, indicator_row

HOSTILE = ["=1+2", "+SUM(A1)", "-2+3", "@cmd", "\t=1", "\r=1", '=HYPERLINK("http://evil","x")']


def homes() -> list[dict]:
    """Home rows: two big homes, one small one folded into Other, one with a hostile name."""
    return [
        indicator_row("Aldine House", children=40, custody_12=3),
        indicator_row("Beech Lodge", children=31, custody_12=9),
        indicator_row(
            "Tiny Home",
            children=4,
            followed_3=4,
            stable_3=2,
            followed_6=3,
            stable_6=2,
            followed_12=2,
            stable_12=1,
            three_plus_placements_12=1,
            return_to_secure_12=0,
            custody_12=0,
            not_known=0,
        ),
        indicator_row("=cmd|' /C calc'!A0", children=22, custody_12=12),
    ]


class TestIndicatorReport:
    def test_cohorts_are_side_by_side_with_a_rounded_national_total(self) -> None:
        """Placed and not placed are columns; the Total column is the national figure rounded to 5."""
        report = indicator_report(rows=COHORTS, group_by="cohort")
        assert report.counts.column_labels == ("Placed", "Not placed")
        children = report.counts.cells[0]
        assert [str(s) for s in children] == ["120", "64"]
        assert str((report.counts.row_totals or ())[0]) == "185"  # 184 rounded to the nearest 5

    def test_a_small_cohort_count_and_its_complement_are_hidden(self) -> None:
        """Placed custody 3 is c, so not placed custody (11) is hidden too: the Total would give it away."""
        report = indicator_report(rows=COHORTS, group_by="cohort")
        i = report.counts.row_labels.index("Custody in 12 months")
        assert [s.symbol for s in report.counts.cells[i]] == [SUPPRESSED, SUPPRESSED]

    def test_rates_from_a_hidden_count_are_hidden(self) -> None:
        """The custody rate is c wherever its numerator is."""
        report = indicator_report(rows=COHORTS, group_by="cohort")
        assert [s.symbol for _, s in report.rate_series("custody_12")][:2] == [SUPPRESSED, SUPPRESSED]
        assert str(report.rate_series("stable_3")[0][1]) == "74%"  # 81 of 110

    def test_homes_with_fewer_than_ten_children_are_reported_together(self) -> None:
        """A small home never gets its own row."""
        report = indicator_report(rows=homes(), group_by="home")
        assert "Tiny Home" not in report.counts.row_labels
        assert OTHER_GROUP in report.counts.row_labels

    def test_a_filtered_report_hides_what_differs_by_a_small_number_from_the_unfiltered_one(self) -> None:
        """14 placed in all, 12 with the filter: the 2 others would show by subtraction, so 12 is hidden (and 11)."""
        whole = [indicator_row("Placed", children=14), indicator_row("Not placed", children=11)]
        part = [indicator_row("Placed", children=12), indicator_row("Not placed", children=11)]
        report = indicator_report(rows=part, group_by="cohort", parents=[whole])
        assert [s.symbol for s in report.counts.cells[0]] == [SUPPRESSED, SUPPRESSED]
        assert str(report.counts.cells[1][0]) == "38"  # the same in both: nothing to protect

    def test_an_unknown_grouping_is_refused(self) -> None:
        """Only the documented groupings exist."""
        with pytest.raises(ValueError):
            indicator_report(rows=[], group_by="child")


class TestChart:
    def test_the_chart_draws_no_bar_for_a_suppressed_value(self) -> None:
        """A c in the table is a labelled gap in the chart, and its hidden value appears nowhere in the SVG."""
        published = publish(Table("T", ("A", "B", "C"), ("n",), ((3,), (17,), (40,)), row_totals=False))
        series = list(zip(published.row_labels, published.column("n"), strict=True))
        drawn = str(svg(bar_chart(series, symbols=SYMBOLS), chart_id="t", title="Children"))
        assert drawn.count("<rect") == 1  # only C: A is c and B is hidden to protect it
        assert drawn.count('data-symbol="c"') == 2 and "c (suppressed)" in drawn
        assert not re.search(r">\s*(3|17)\s*<", drawn) and 'data-value="3"' not in drawn and "17" not in drawn

    def test_chart_labels_are_escaped(self) -> None:
        """A hostile group name cannot inject markup into the SVG."""
        drawn = str(svg(bar_chart([("<img src=x>", Shown(40))]), chart_id="t", title="<script>"))
        assert "<script>" not in drawn and "<img" not in drawn and "&lt;img" in drawn

    def test_percentages_are_scaled_to_a_hundred(self) -> None:
        """A 50% bar is half the axis."""
        assert bar_chart([("a", Shown(50, percent=True))]).rows[0].share == 0.5


class TestExports:
    @pytest.mark.parametrize("value", HOSTILE)
    def test_neutralise_prefixes_formula_starts_with_an_apostrophe(self, value: str) -> None:
        """Every dangerous first character is defused; ordinary text is untouched."""
        assert neutralise(value) == "'" + value
        assert neutralise("Aldine House") == "Aldine House"

    def test_csv_holds_the_published_figures_and_no_live_formula(self) -> None:
        """The hostile home name is quoted text, a c stays c, and no field starts with a formula character."""
        report = indicator_report(rows=homes(), group_by="home")
        rows = list(csv.reader(io.StringIO(tables_csv([report.counts, report.rates]).decode("utf-8-sig"))))
        assert all(not field.startswith(("=", "+", "-", "@", "\t", "\r")) for row in rows for field in row)
        assert any(row and row[0] == "'=cmd|' /C calc'!A0" for row in rows)
        assert any("c" in row for row in rows)

    def test_csv_carries_the_public_log_without_telling_primary_from_secondary(self) -> None:
        """The log says what was suppressed but not whether it was a small count or a complement."""
        report = indicator_report(rows=COHORTS, group_by="cohort")
        text = tables_csv([report.counts]).decode("utf-8-sig")
        assert "suppressed: a small count, or hidden to protect one" in text
        assert "primary" not in text and "secondary" not in text

    def test_xlsx_cells_are_text_or_numbers_never_formulas(self) -> None:
        """Opened with openpyxl, no cell is a formula and the hostile name starts with an apostrophe."""
        report = indicator_report(rows=homes(), group_by="home")
        workbook = openpyxl.load_workbook(io.BytesIO(tables_xlsx([report.counts, report.rates])))
        values = [cell for sheet in workbook.worksheets for row in sheet.iter_rows() for cell in row]
        assert all(cell.data_type != "f" for cell in values)
        assert "'=cmd|' /C calc'!A0" in [cell.value for cell in values]
        assert "Notes" in workbook.sheetnames

    def test_xlsx_counts_match_the_published_table(self) -> None:
        """Numbers are numbers, symbols are text, exactly as on the page."""
        report = indicator_report(rows=COHORTS, group_by="cohort")
        sheet = openpyxl.load_workbook(io.BytesIO(tables_xlsx([report.counts]))).worksheets[0]
        children = next(row for row in sheet.iter_rows(values_only=True) if row[0] == "Children")
        assert children[1:] == (120, 64, 185)
        custody = next(row for row in sheet.iter_rows(values_only=True) if row[0] == "Custody in 12 months")
        assert custody[1:3] == ("c", "c")
