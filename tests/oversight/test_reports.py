"""Each oversight measure on hand-built facts, and the disclosure control over the linked tables."""

import datetime
from typing import Any

import pytest

from oversight.models import CapacityDay, DeclineFact, RequestFact, SearchFact
from oversight.profile import profile_of
from oversight.selectors import (
    Scope,
    capacity_by_month,
    declared_bed_rows,
    decline_rows,
    ended_searches,
    equity_rows,
    waiting_by_day,
)
from oversight.tables import decline_table, equity_report, waited_rows, waiting_months

D = datetime.date
YEAR = Scope(synthetic=True, first=D(2026, 1, 1), last=D(2026, 12, 31))


JANUARY_10 = D(2026, 1, 10)


def fact(la: Any, *, placed: bool = True, opened: D = JANUARY_10, **fields: Any) -> SearchFact:
    """One synthetic search: placed after 6 days (first offer on day 4), 3 homes in 2 rounds, unless told."""
    values: dict[str, Any] = {
        "age_band": "14 to 15", "sex": "female", "legal_route": "s25_secure_accommodation",
        "staffing_intensity": "standard", "homes_asked": 3, "rounds": 2,
        "days_to_first_offer": 4 if placed else None, "days_to_placement": 6 if placed else None,
        "ended_on": opened + datetime.timedelta(days=6 if placed else 20),
    } | fields  # fmt: skip
    return SearchFact.objects.create(
        is_synthetic=True, local_authority=la, region=la.region, opened_on=opened, placed=placed, **values
    )


def cells(published: Any, row: str) -> list[str]:
    i = published.row_labels.index(row)
    return [str(s) for s in published.cells[i]] + ([str(published.row_totals[i])] if published.row_totals else [])


def test_equity_measures_per_group(authorities: list) -> None:
    hampshire = authorities[0]
    for _ in range(8):
        fact(hampshire)
    for _ in range(8):
        fact(hampshire, placed=False, homes_asked=7, rounds=4)
    fact(hampshire, opened=D(2025, 12, 31))  # before the period: not counted
    rows = {row["group"]: row for row in equity_rows(YEAR, "age_band")}
    group = rows["14 to 15"]
    assert (group["placed"], group["not_placed"], group["still_searching"]) == (8, 8, 0)
    report = equity_report(equity_rows(YEAR, "age_band"), "age_band")
    measures = report.measures[0]
    assert str(measures["share_placed"]) == "50%"
    assert measures["first_offer"] == "c"  # only 8 children had an offer: a base under 10
    assert measures["homes_asked"] == "5.0"  # (8 x 3 + 8 x 7) / 16
    assert measures["rounds"] == "3.0"
    assert cells(report.counts, "14 to 15") == ["8", "8", "0", "16"]
    assert [str(s) for s in report.counts.column_totals or ()] == ["10", "10", "0"]  # totals rounded to 5
    assert str(report.counts.grand_total) == "15"
    for _ in range(2):
        fact(hampshire)
    assert equity_report(equity_rows(YEAR, "age_band"), "age_band").measures[0]["first_offer"] == "4.0"


def test_small_groups_are_hidden_with_their_complements(authorities: list) -> None:
    for _ in range(12):
        fact(authorities[0])
    for _ in range(12):
        fact(authorities[0], placed=False)
    for _ in range(3):
        fact(authorities[0], age_band="16 to 17", sex="male")
    report = equity_report(equity_rows(YEAR, "age_band"), "age_band")
    assert cells(report.counts, "16 to 17")[0] == "c"  # 3 placed older boys
    assert "c" in cells(report.counts, "14 to 15")  # and another figure, so the 3 cannot be worked out
    assert str(report.measures[1]["share_placed"]) == "c"
    shown = [str(s) for line in report.counts.cells for s in line]
    assert "3" not in shown


def test_risk_rows_overlap_and_have_no_total(authorities: list) -> None:
    for n in range(12):
        fact(authorities[0], risk_gangs=True, risk_offending=n < 11, placed=n % 2 == 0)
    rows = {row["group"]: row for row in equity_rows(YEAR, "risk")}
    assert rows["Gang association"]["searches"] == 12 and rows["Offending"]["searches"] == 11
    assert rows["Self-harm"]["searches"] == 0
    report = equity_report(equity_rows(YEAR, "risk"), "risk")
    assert report.counts.column_totals is None
    assert str(report.measures[1]["share_placed"]) == "50%"  # gangs: 6 of 12


def test_a_regional_table_cannot_be_subtracted_from_the_national_one(authorities: list) -> None:
    """Kent and Hampshire (South East) and Leeds: Leeds's 3 placed girls would be England minus the South East."""
    hampshire, kent, leeds = authorities
    for la in (hampshire, kent):
        for _ in range(10):
            fact(la)
    for _ in range(3):
        fact(leeds)
    south_east = Scope(synthetic=True, first=YEAR.first, last=YEAR.last, region="South East")
    national = equity_rows(YEAR, "sex")
    regional = equity_report(equity_rows(south_east, "sex"), "sex", parents=[national])
    assert cells(regional.counts, "Girls")[0] == "c"  # 20 in the region, 23 in England: the difference is 3
    unprotected = equity_report(equity_rows(south_east, "sex"), "sex")
    assert cells(unprotected.counts, "Girls")[0] == "20"
    assert regional.counts.log  # and the hiding is logged


def test_declines_by_home_and_profile_and_against_the_days_beds(authorities: list, homes: list) -> None:
    child = fact(authorities[0], placed=False, sex="male", age_band="16 to 17", risk_sexually_harmful=True)
    for n in range(16):
        request = RequestFact.objects.create(
            search_fact=child, home=homes[n % 2], is_synthetic=True, circulated_on=D(2026, 1, 10),
            decided_on=D(2026, 1, 11), decision=RequestFact.Decision.DECLINED,
        )  # fmt: skip
        reason = "no_vacancy" if n < 8 else "risk_to_others"
        DeclineFact.objects.create(
            request=request, search_fact=child, home=request.home, is_synthetic=True, declined_on=D(2026, 1, 11),
            reason=reason, bed_declared=(n < 2) if reason == "no_vacancy" else None, **profile_of(child),
        )  # fmt: skip
    by_home = {row["group"]: row for row in decline_rows(YEAR, "home")}
    assert by_home["Home 1"]["no_vacancy"] == 4 and by_home["Home 2"]["risk_to_others"] == 4
    by_age = {row["group"]: row for row in decline_rows(YEAR, "age_band")}
    assert by_age["16 to 17"]["no_vacancy"] == 8 and by_age["16 to 17"]["risk_to_others"] == 8
    declared = {row["group"]: row for row in declared_bed_rows(YEAR)}
    assert declared["Home 1"] == {"group": "Home 1", "given": 4, "declared": 1, "undeclared": 0}
    table = decline_table(decline_rows(YEAR, "age_band"), "age_band")
    no_vacancy, risk = table.column_labels.index("No vacancy"), table.column_labels.index("Risk to others")
    assert (cells(table, "16 to 17")[no_vacancy], cells(table, "16 to 17")[risk]) == ("8", "8")
    assert str(table.grand_total) == "15"  # 16 rounded to the nearest 5
    homes_table = decline_table(decline_rows(YEAR, "home"), "home")
    assert homes_table.row_labels == ("Other (fewer than 10 each)",)  # 8 reasons each: folded together


def test_children_waiting_each_day_and_days_waited(authorities: list) -> None:
    hampshire = authorities[0]
    fact(hampshire, opened=D(2026, 3, 1), ended_on=D(2026, 3, 4))  # waiting at the end of 1, 2 and 3 March
    fact(hampshire, placed=False, opened=D(2026, 3, 2), ended_on=None)
    march = Scope(synthetic=True, first=D(2026, 3, 1), last=D(2026, 3, 31))
    waiting = dict(waiting_by_day(march))
    assert [waiting[D(2026, 3, d)] for d in (1, 2, 3, 4, 31)] == [1, 2, 2, 1, 1]
    months = waiting_months(waiting_by_day(march), exact=True)
    assert str(months[0]["highest"]) == "2" and str(months[0]["mean"]) == "1"
    assert str(waiting_months(waiting_by_day(march), exact=False)[0]["highest"]) == "c"
    ended = ended_searches(march)
    assert ended == {True: [3], False: []}
    rows = waited_rows(ended, exact=True)
    assert rows[0]["mean"] == "c" and rows[1]["mean"] == "z"


def test_capacity_over_time_is_a_mean_per_declared_day(homes: list) -> None:
    for day, (staffed, welfare) in enumerate([(0, 3), (2, 3)], start=1):
        for home in homes[:2]:
            CapacityDay.objects.create(
                home=home, date=D(2026, 2, day), is_synthetic=True, approved=10, available_welfare=welfare,
                available_justice=1, staffed=staffed, bookable=min(staffed, welfare), occupied=6,
            )  # fmt: skip
    (february,) = capacity_by_month(YEAR)
    assert february["days"] == 2
    assert (february["approved"], february["available_welfare"], february["bookable"], february["occupied"]) == (
        20,
        6,
        2,
        12,
    )
    assert capacity_by_month(YEAR, home_id=homes[0].pk)[0]["approved"] == 10


@pytest.mark.parametrize("dimension", ["age_band", "sex", "legal_route", "staffing_intensity", "region", "month"])
def test_every_dimension_groups_every_search_once(authorities: list, dimension: str) -> None:
    for n in range(6):
        fact(authorities[n % 3], sex=("female", "male")[n % 2], opened=D(2026, 1 + n, 1))
    rows = equity_rows(YEAR, dimension)
    assert sum(row["searches"] for row in rows) == 6
