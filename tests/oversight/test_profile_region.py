"""The profile x region link: a region's Total row is its row in England's table by region. Without publishing them
together a commissioner's hidden total is shown in England's table (and the other way round); with it, not."""

import datetime
from typing import Any

from django.urls import reverse

from accounts.models import Role
from oversight.linked import EQUITY_WITH_TOTALS, equity_linked, every_region, together
from oversight.selectors import Scope, equity_rows
from oversight.tables import equity_report

from .test_reports import cells, fact
from .test_views import commissioner, signed_in

D = datetime.date
QUARTER = Scope(synthetic=True, first=D(2026, 1, 1), last=D(2026, 3, 31))
SOUTH_EAST = Scope(synthetic=True, first=QUARTER.first, last=QUARTER.last, region="South East")


def _case(hampshire: Any, leeds: Any) -> None:
    """South East: 16 to 17, 3 placed and 12 still searching; 14 to 15, 30 placed and 15 not placed. Leeds: large
    enough groups that England's tables hide nothing. Every child a girl."""
    for la, age, placed, not_placed, searching in (
        (hampshire, "14 to 15", 30, 15, 0), (hampshire, "16 to 17", 3, 0, 12),
        (leeds, "14 to 15", 30, 15, 10), (leeds, "16 to 17", 20, 0, 20),
    ):  # fmt: skip
        for _ in range(placed):
            fact(la, age_band=age)
        for _ in range(not_placed):
            fact(la, age_band=age, placed=False)
        for _ in range(searching):
            fact(la, age_band=age, placed=False, ended_on=None)


def _unlinked_region_tables(scope: Scope) -> dict[str, Any]:
    """The region's tables checked against England's same tables and each other, not England's table by region."""
    dims = EQUITY_WITH_TOTALS
    rows = {d: equity_rows(scope, d) for d in dims}
    parents = {d: [equity_rows(scope.national(), d)] for d in dims}
    built: dict[str, Any] = {}

    def build(hidden: frozenset[int]) -> list[Any]:
        built.update({d: equity_report(rows[d], d, parents=parents[d], hide_totals=hidden) for d in dims})
        return [report.counts for report in built.values()]

    together(build)
    return built


class TestAProfileAgainstTheRegion:
    def test_without_the_check_englands_table_by_region_gives_the_regions_hidden_total_away(
        self, authorities: list
    ) -> None:
        """The South East's age table hides the still-searching total; England's table by region shows the South
        East's 12, and with it the 3 placed 16- and 17-year-olds are 15 - 0 - 12."""
        hampshire, _, leeds = authorities
        _case(hampshire, leeds)
        age = _unlinked_region_tables(SOUTH_EAST)["age_band"].counts
        assert cells(age, "16 to 17") == ["c", "0", "c", "15"] and str(age.column_totals[2]) == "c"
        by_region = equity_report(equity_rows(QUARTER, "region"), "region").counts
        still = int(cells(by_region, "South East")[2])
        assert int(cells(age, "16 to 17")[3]) - int(cells(age, "16 to 17")[1]) - still == 3

    def test_published_together_the_region_row_hides_what_the_regions_total_row_hides(self, authorities: list) -> None:
        hampshire, _, leeds = authorities
        _case(hampshire, leeds)
        england, regions = every_region(QUARTER)
        by_region = england["region"].counts
        for region, reports in regions.items():
            row = cells(by_region, region)
            for report in reports.values():
                total = [*report.counts.column_totals, report.counts.grand_total]  # type: ignore[misc]
                assert [str(s) == "c" for s in total] == [shown == "c" for shown in row], (region, report.dimension)
        assert cells(by_region, "South East")[2] == "c"
        assert cells(regions["South East"]["age_band"].counts, "16 to 17")[0] == "c"
        assert equity_linked(SOUTH_EAST, ["age_band", "risk"])["age_band"] == regions["South East"]["age_band"]


def test_through_the_pages_the_analyst_and_the_commissioner_hide_the_same(client: Any, authorities: list) -> None:
    hampshire, _, leeds = authorities
    _case(hampshire, leeds)
    quarter = {"records": "synthetic", "start": "2026-01", "end": "2026-03"}
    signed_in(client, Role.ANALYST)
    by_region = client.get(reverse("oversight:equity"), {**quarter, "dimension": "region"}).context["report"].counts
    commissioner(client, "South East")
    age = client.get(reverse("oversight:equity"), {**quarter, "dimension": "age_band"}).context["report"].counts
    assert str(age.column_totals[2]) == "c" and cells(by_region, "South East")[2] == "c"
    assert cells(age, "16 to 17")[0] == "c"
