"""Suppression that cannot be undone by differencing linked tables (the same searches by different breakdowns, a
region against England) or the quarter against its three monthly coordination summaries: each attack works without
the check and fails with it."""

import datetime
from typing import Any

from django.urls import reverse

from accounts.models import Role
from outcomes.models import SummaryPublication
from outcomes.reporting.exports import table_header, table_lines
from outcomes.reporting.summary import code_table
from oversight.linked import Range, months_exposed, part_range, published_range
from oversight.monthly import NOT_PUBLISHED, ended_published, ended_table, month_figures
from oversight.publishing import EQUITY_TABLES, linked_equity_reports
from oversight.selectors import Scope, ended_searches, equity_rows
from oversight.tables import equity_report

from .test_reports import cells, fact
from .test_views import signed_in

D = datetime.date
QUARTER = Scope(synthetic=True, first=D(2026, 1, 1), last=D(2026, 3, 31))
OUTCOMES = {"placed": "Placed", "alternative": "Alternative accommodation", "withdrawn": "Withdrawn"}


def _shared_margin_case(la: Any) -> None:
    """16 to 17: 3 placed, 12 still searching; 14 to 15: 30 placed, 15 not placed. Every child a girl."""
    for _ in range(30):
        fact(la, opened=D(2026, 1, 5))
    for _ in range(15):
        fact(la, opened=D(2026, 1, 5), placed=False)
    for _ in range(3):
        fact(la, opened=D(2026, 2, 5), age_band="16 to 17")
    for _ in range(12):
        fact(la, opened=D(2026, 3, 5), age_band="16 to 17", placed=False, ended_on=None)


class TestTablesSharingTheirTotals:
    def test_without_the_check_the_sex_table_gives_the_age_tables_hidden_count_away(self, authorities: list) -> None:
        """The age table hides the still-searching total; the sex table (one row: everyone) shows it, and with it
        the 3 placed 16- and 17-year-olds are 15 - 0 - 12."""
        _shared_margin_case(authorities[0])
        age = equity_report(equity_rows(QUARTER, "age_band"), "age_band").counts
        sex = equity_report(equity_rows(QUARTER, "sex"), "sex").counts
        assert cells(age, "16 to 17") == ["c", "0", "c", "15"]
        assert str(age.column_totals[2]) == "c"  # type: ignore[index]
        still = int(cells(sex, "Girls")[2])
        assert int(cells(age, "16 to 17")[3]) - int(cells(age, "16 to 17")[1]) - still == 3

    def test_published_together_every_table_hides_the_same_totals(self, authorities: list) -> None:
        """The quarterly page's equity tables: a total hidden in one is hidden in all, and the sex table no longer
        shows the figure that undid the age table."""
        _shared_margin_case(authorities[0])
        reports = dict(zip(EQUITY_TABLES, linked_equity_reports(QUARTER), strict=True))
        hidden = {
            d: [j for j, s in enumerate([*r.counts.column_totals, r.counts.grand_total]) if s.symbol == "c"]  # type: ignore[misc]
            for d, r in reports.items()
            if d != "risk"
        }
        assert hidden["age_band"] and len({tuple(columns) for columns in hidden.values()}) == 1
        assert cells(reports["sex"].counts, "Girls")[2] == "c"
        assert cells(reports["age_band"].counts, "16 to 17")[0] == "c"


class TestTheSignedInPagesShareTheirTotalsToo:
    def test_an_analyst_cannot_undo_the_age_page_with_the_sex_page(self, client: Any, authorities: list) -> None:
        """The same attack through the pages: each page is published with every breakdown of the same searches."""
        _shared_margin_case(authorities[0])
        signed_in(client, Role.ANALYST)
        quarter = {"records": "synthetic", "start": "2026-01", "end": "2026-03"}
        pages = {
            d: client.get(reverse("oversight:equity"), {**quarter, "dimension": d}).context["report"].counts
            for d in ("age_band", "sex", "month", "local_authority")
        }
        totals = {d: [str(s) for s in counts.column_totals] for d, counts in pages.items()}
        assert totals["age_band"][2] == "c" and len({tuple(t) for t in totals.values()}) == 1
        assert cells(pages["sex"], "Girls")[2] == "c"
        declines = client.get(reverse("oversight:declines"), {**quarter, "by": "sex"})
        assert declines.status_code == 200


def _month(year: int, month: int, counts: dict[str, int]) -> SummaryPublication:
    """The month's published summary with its "Searches closed by outcome" table, through the summary's own
    disclosure control (outcomes/reporting/summary.py)."""
    published = code_table(title="Searches closed by outcome", counts=counts, labels=OUTCOMES, codes_shown=False)
    rows = [[label, *(str(s) for s in shown)] for label, shown in table_lines(published)]
    table = {"title": published.title, "header": table_header(published), "rows": rows, "chart": []}
    return SummaryPublication.objects.create(year=year, month=month, title="Summary", period="", tables=[table])


def _ended_case(la: Any) -> None:
    """Placed: 12 in January, 3 in February, 9 in March; 10 not placed each month; the summaries published."""
    for month, placed in ((1, 12), (2, 3), (3, 9)):
        ended = D(2026, month, 20)
        for _ in range(placed):
            fact(la, opened=ended - datetime.timedelta(days=6), ended_on=ended)
        for _ in range(10):
            fact(la, opened=ended - datetime.timedelta(days=20), placed=False, ended_on=ended)
        _month(2026, month, {"placed": placed, "alternative": 10, "withdrawn": 0})


class TestTheQuarterAgainstTheMonthlySummaries:
    def test_without_the_check_the_quarter_less_two_months_is_the_third(self, authorities: list) -> None:
        """February's summary hides its 3 placed children; the quarter's 24 less January's 12 and March's 9 is 3."""
        _ended_case(authorities[0])
        months = month_figures(2026, 1)
        assert [m.hidden["placed"] for m in months] == [False, True, False]
        unchecked = ended_published(ended_searches(QUARTER), [NOT_PUBLISHED] * 3)
        january, march = months[0].ranges["placed"], months[2].ranges["placed"]
        assert str(unchecked.cells[0][0]) == "24"
        assert 24 - january.low - march.low == 3 and january.low == january.high and march.low == march.high

    def test_with_the_check_the_quarter_hides_what_would_give_february_away(self, authorities: list) -> None:
        _ended_case(authorities[0])
        table = ended_table(ended_searches(QUARTER), month_figures(2026, 1))
        placed, not_placed, total = (row["cells"] for row in table["rows"])
        assert placed[0] == "c" and not_placed[0] == "c"  # and its complement, the total being shown
        assert total[0] == "55" and placed[1:] == ["c", "c"]
        assert table["log"]

    def test_figures_as_ranges(self) -> None:
        """Exact, rounded to 5 (within 2), or hidden (any count); a part worked out from its whole and the rest."""
        assert published_range("24", rounded=False) == Range(24, 24)
        assert published_range("55", rounded=True) == Range(53, 57)
        assert published_range("c", rounded=False) == Range(0, None)
        months = [Range(12, 12), Range(0, None), Range(9, 9)]
        assert part_range(Range(24, 24), months, 1) == Range(3, 3)
        assert months_exposed(Range(24, 24), months, [False, True, False], quarter_hidden=False)
        assert not months_exposed(Range(53, 57), months, [False, True, False], quarter_hidden=False)  # 32..36


class TestARegionsMeansByTheirOwnBases:
    def test_a_mean_whose_base_is_englands_less_a_few_is_hidden(self, authorities: list) -> None:
        """South East 20 placed after 6 days, Leeds 7 after 20: England's mean beside the region's gives Leeds's."""
        hampshire, kent, leeds = authorities
        for la in (hampshire, kent):
            for _ in range(10):
                fact(la)
        for _ in range(7):
            fact(leeds, days_to_placement=20)
        region = Scope(synthetic=True, first=QUARTER.first, last=QUARTER.last, region="South East")
        national = equity_rows(QUARTER, "sex")
        unguarded = equity_report(equity_rows(region, "sex"), "sex").measures[0]["placement"]
        england = equity_report(national, "sex").measures[0]["placement"]
        assert unguarded == "6.0" and round((27 * float(england) - 20 * 6.0) / 7) == 20  # Leeds's 7 children
        guarded = equity_report(equity_rows(region, "sex"), "sex", parents=[national])
        assert guarded.measures[0]["placement"] == "c"
        assert cells(guarded.counts, "Girls")[0] == "20"  # the counts differ by 7: shown
