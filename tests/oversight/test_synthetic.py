"""synthetic_searches: the research's distributions, reproducibly, with nothing about a real child."""

import datetime
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.db.models import Avg, Count

from oversight.models import CapacityDay, DeclineFact, RequestFact, SearchFact
from oversight.synthetic import synthetic_searches_generate

UNTIL = datetime.date(2026, 3, 31)


@pytest.fixture
def generated(authorities: Any, homes: Any) -> dict[str, int]:
    return synthetic_searches_generate(searches=1500, seed=7, until=UNTIL)


def _share_placed(**filters: Any) -> float:
    facts = SearchFact.objects.filter(is_synthetic=True, **filters)
    return facts.filter(placed=True).count() / facts.count()


def test_about_sixty_percent_placed_after_three_attempts_and_six_for_the_unplaced(generated: dict) -> None:
    assert generated["searches"] == SearchFact.objects.count() == 1500
    assert 0.55 <= _share_placed() <= 0.65
    placed = SearchFact.objects.filter(placed=True).aggregate(asked=Avg("homes_asked"))["asked"]
    unplaced = SearchFact.objects.filter(placed=False).aggregate(asked=Avg("homes_asked"))["asked"]
    assert 2.5 <= placed <= 3.5
    assert 5.0 <= unplaced <= 6.6  # six on average, capped by the eight homes there are
    assert RequestFact.objects.count() == generated["requests"]
    assert RequestFact.objects.filter(decision=RequestFact.Decision.PLACED).count() == generated["placed"]


def test_older_boys_offending_gangs_and_sexually_harmful_behaviour_are_placed_less(generated: dict) -> None:
    everyone = _share_placed()
    assert _share_placed(sex="male", age_band="16 to 17") < everyone - 0.08
    assert _share_placed(risk_offending=True) < _share_placed(risk_offending=False)
    assert _share_placed(risk_gangs=True) < _share_placed(risk_gangs=False)
    assert _share_placed(risk_sexually_harmful=True) < everyone - 0.1


def test_decline_reasons_follow_the_profile_and_the_days_beds(generated: dict) -> None:
    def risk_share(**filters: Any) -> float:
        declines = DeclineFact.objects.filter(**{f"search_fact__{k}": v for k, v in filters.items()})
        return declines.filter(reason="risk_to_others").count() / declines.count()

    assert risk_share(risk_sexually_harmful=True) > 1.4 * risk_share(risk_sexually_harmful=False)
    vacancy = DeclineFact.objects.filter(reason__in=["no_vacancy", "staffing"])
    assert vacancy.filter(bed_declared=True).exists() and vacancy.filter(bed_declared=False).exists()
    assert not DeclineFact.objects.exclude(reason__in=["no_vacancy", "staffing"]).exclude(bed_declared=None).exists()
    assert all(
        (d.age_band, d.sex, d.risk_gangs) == (d.search_fact.age_band, d.search_fact.sex, d.search_fact.risk_gangs)
        for d in DeclineFact.objects.select_related("search_fact")[:200]
    )  # the child's profile is copied onto each reason
    for decline in vacancy.select_related("home")[:50]:  # what was declared that day is what the beds say
        day = CapacityDay.objects.get(home=decline.home, date=decline.declined_on, is_synthetic=True)
        assert decline.bed_declared == (day.bookable > 0)


def test_a_year_of_daily_beds_for_every_home_with_staffed_below_available(generated: dict, homes: Any) -> None:
    assert CapacityDay.objects.count() == generated["days"] == 365 * len(homes)
    assert not CapacityDay.objects.filter(bookable__gt=0, staffed=0).exists()
    days = list(CapacityDay.objects.all())
    assert all(d.available_welfare + d.available_justice + d.occupied <= d.approved for d in days)
    assert sum(d.staffed for d in days) < sum(d.available_welfare + d.available_justice for d in days)


def test_the_same_seed_gives_the_same_rows_and_a_new_run_replaces_them(authorities: Any, homes: Any) -> None:
    def summary() -> list[tuple]:
        return list(
            SearchFact.objects.values_list("opened_on", "age_band", "sex", "placed", "homes_asked", "rounds")
            .annotate(n=Count("id"))
            .order_by("opened_on", "age_band", "sex", "placed", "homes_asked", "rounds")
        )

    synthetic_searches_generate(searches=200, seed=3, until=UNTIL)
    first = summary()
    synthetic_searches_generate(searches=200, seed=3, until=UNTIL)
    assert summary() == first
    assert SearchFact.objects.count() == 200
    synthetic_searches_generate(searches=200, seed=4, until=UNTIL)
    assert summary() != first


def test_the_command(authorities: Any, homes: Any) -> None:
    out = StringIO()
    call_command("synthetic_searches", "--searches", "50", "--seed", "2", "--until", "2026-03-31", stdout=out)
    assert "Created 50 synthetic searches" in out.getvalue()
    assert not SearchFact.objects.filter(search__isnull=False).exists()
    call_command("synthetic_searches", "--clear", stdout=out)
    assert not SearchFact.objects.exists() and not CapacityDay.objects.exists()
