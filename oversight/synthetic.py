"""Reproducible national-scale synthetic searches, home requests, decline reasons and daily beds (no children).

Distributions follow the research in the product's background (shared/reference/domain_2026.md): about 60% of
children referred on welfare grounds placed; about 3 homes asked for a placed child and 6 for one never placed;
older boys, and children linked to offending, gang association or sexually harmful behaviour, refused more often,
with reasons to match ("risk to others", "the mix of young people"); and homes whose beds are free but not staffed.
Rows are marked `is_synthetic` and have no search, referral or name behind them.
"""

import datetime
import math
import random
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone

from accounts.models import Organisation

from .models import CapacityDay, DeclineFact, RequestFact, SearchFact
from .profile import RISKS, age_band, profile_of

AGES = {10: 2, 11: 3, 12: 6, 13: 12, 14: 20, 15: 25, 16: 22, 17: 10}
LEGAL_ROUTES = {
    "s25_secure_accommodation": 68,
    "s119_wales": 5,
    "s25_1a_relevant_accommodation": 9,
    "dol_inherent_jurisdiction": 18,
}
STAFFING = {"standard": 48, "1:1": 36, "2:1": 13, "more": 3}
RISK_RATES = {
    "risk_offending": 0.35,
    "risk_gangs": 0.2,
    "risk_cse": 0.35,
    "risk_cce": 0.25,
    "risk_sexually_harmful": 0.08,
    "risk_self_harm": 0.55,
    "risk_mental_health": 0.35,
    "risk_violence": 0.45,
}
# Multipliers on the chance of a placement: the groups the research says are refused more often.
PLACED_BASE = 0.76
PLACED_FACTORS = {
    "older_boy": 0.72,
    "risk_offending": 0.85,
    "risk_gangs": 0.78,
    "risk_sexually_harmful": 0.6,
    "intensive": 0.8,
}
HOMES_ASKED_PLACED = {1: 18, 2: 22, 3: 22, 4: 15, 5: 10, 6: 7, 7: 4, 8: 2}  # mean about 3
HOMES_ASKED_UNPLACED = {2: 4, 3: 7, 4: 11, 5: 15, 6: 19, 7: 16, 8: 12, 9: 9, 10: 7}  # mean about 6
REASONS = {
    "no_vacancy": 24,
    "staffing": 16,
    "mix_of_young_people": 15,
    "beyond_statement_of_purpose": 10,
    "risk_to_others": 8,
    "location": 6,
    "age_or_sex": 5,
    "insufficient_information": 8,
    "other": 3,
}
BATCH = 5_000


def _pick(rng: random.Random, weights: Mapping[Any, float]) -> Any:
    return rng.choices(list(weights), weights=list(weights.values()))[0]


@dataclass
class _Capacity:
    """Each synthetic home's bookable welfare beds by day, so declines can be set against the day's declaration."""

    bookable: dict[tuple[int, datetime.date], int]


def _organisations() -> tuple[list[Organisation], list[tuple[Organisation, int]]]:
    """Active local authorities, and homes with their approved places (synthetic ones if there are none)."""
    kinds = Organisation.Kind
    las = list(Organisation.objects.filter(kind=kinds.LOCAL_AUTHORITY, is_active=True).order_by("slug"))
    homes = [
        (home, getattr(getattr(home, "home_profile", None), "approved_places", 0) or 10)
        for home in Organisation.objects.filter(kind=kinds.SECURE_HOME, is_active=True)
        .select_related("home_profile")
        .order_by("slug")
    ]
    if not las:
        las = [
            Organisation.objects.get_or_create(
                slug=f"synthetic-authority-{n}",
                defaults={"name": f"Synthetic authority {n}", "kind": kinds.LOCAL_AUTHORITY, "is_active": False,
                          "region": "Synthetic"},
            )[0]
            for n in range(1, 6)
        ]  # fmt: skip
    if not homes:
        homes = [
            (
                Organisation.objects.get_or_create(
                    slug=f"synthetic-home-{n}",
                    defaults={"name": f"Synthetic home {n}", "kind": kinds.SECURE_HOME, "is_active": False},
                )[0],
                10,
            )
            for n in range(1, 6)
        ]
    return las, homes


def _capacity_days(
    rng: random.Random, homes: list[tuple[Organisation, int]], first: datetime.date, until: datetime.date
) -> tuple[list[CapacityDay], _Capacity]:
    """A year of daily declarations per home: occupancy high, beds free but often not staffed."""
    rows: list[CapacityDay] = []
    bookable: dict[tuple[int, datetime.date], int] = {}
    days = (until - first).days + 1
    for home, approved in homes:
        occupied = round(approved * 0.8)
        for offset in range(days):
            day = first + datetime.timedelta(days=offset)
            occupied = min(approved, max(0, occupied + rng.choice((-1, 0, 0, 0, 1))))
            out_of_use = rng.choice((0, 0, 0, 1, 2)) if occupied < approved else 0
            free = max(0, approved - occupied - out_of_use)
            justice = rng.choice((0, 0, 1)) if free > 1 else 0
            welfare = free - justice
            staffed = min(free, max(0, round(free * rng.uniform(0.0, 0.8))))
            rows.append(
                CapacityDay(
                    home=home, date=day, is_synthetic=True, approved=approved, available_welfare=welfare,
                    available_justice=justice, staffed=staffed, bookable=min(welfare, staffed), occupied=occupied,
                )
            )  # fmt: skip
            bookable[(home.pk, day)] = min(welfare, staffed)
    return rows, _Capacity(bookable)


def _reasons(rng: random.Random, fact: SearchFact, bookable: int) -> list[str]:
    """One or two coded reasons, skewed by the child's profile and by the home's beds that day."""
    weights: dict[str, float] = dict(REASONS)
    if fact.risk_offending or fact.risk_gangs:
        weights["risk_to_others"] *= 3
        weights["mix_of_young_people"] *= 1.5
    if fact.risk_sexually_harmful:
        weights["risk_to_others"] *= 3
        weights["beyond_statement_of_purpose"] *= 2
        weights["mix_of_young_people"] *= 2
    if fact.sex == "male" and fact.age_band == "16 to 17":
        weights["mix_of_young_people"] *= 1.5
        weights["age_or_sex"] *= 1.5
    if fact.staffing_intensity in ("2:1", "more"):
        weights["staffing"] *= 2.5
    if bookable > 0:  # a staffed welfare bed was declared: "no vacancy" and "staffing" are given less often
        weights["no_vacancy"] *= 0.25
        weights["staffing"] *= 0.35
    first = _pick(rng, weights)
    if rng.random() < 0.3:
        second = _pick(rng, {k: v for k, v in weights.items() if k != first})
        return [first, second]
    return [first]


def _placed_chance(fact: SearchFact) -> float:
    chance = PLACED_BASE
    if fact.sex == "male" and fact.age_band == "16 to 17":
        chance *= PLACED_FACTORS["older_boy"]
    for key in ("risk_offending", "risk_gangs", "risk_sexually_harmful"):
        if getattr(fact, key):
            chance *= PLACED_FACTORS[key]
    if fact.staffing_intensity in ("2:1", "more"):
        chance *= PLACED_FACTORS["intensive"]
    return chance


def _search(rng: random.Random, la: Organisation, opened: datetime.date) -> SearchFact:
    age = _pick(rng, AGES)
    fact = SearchFact(
        is_synthetic=True, local_authority=la, region=la.region, opened_on=opened, age_band=age_band(age),
        sex="female" if rng.random() < 0.47 else "male", legal_route=_pick(rng, LEGAL_ROUTES),
        staffing_intensity=_pick(rng, STAFFING),
    )  # fmt: skip
    for field, _, _ in RISKS:
        rate = RISK_RATES[field] * (1.4 if field == "risk_cse" and fact.sex == "female" else 1)
        setattr(fact, field, rng.random() < rate)
    if fact.sex == "male" and age >= 15:
        fact.risk_offending = fact.risk_offending or rng.random() < 0.15
    return fact


def _requests(
    rng: random.Random,
    fact: SearchFact,
    homes: list[tuple[Organisation, int]],
    capacity: _Capacity,
    until: datetime.date,
) -> tuple[list[RequestFact], list[DeclineFact]]:
    """The homes asked, round by round, what each decided, and the reasons of each decline."""
    placed = rng.random() < _placed_chance(fact)
    asked = min(len(homes), _pick(rng, HOMES_ASKED_PLACED if placed else HOMES_ASKED_UNPLACED))
    chosen = rng.sample(homes, asked)
    requests: list[RequestFact] = []
    declines: list[DeclineFact] = []
    day, round_number, index = fact.opened_on, 0, 0
    while index < asked:
        round_number += 1
        size = min(asked - index, rng.choice((1, 1, 2, 2, 3)))
        for home, _ in chosen[index : index + size]:
            requests.append(
                RequestFact(search_fact=fact, home=home, is_synthetic=True, round=round_number, circulated_on=day)
            )
        index += size
        day = min(until, day + datetime.timedelta(days=rng.choice((1, 2, 2, 3, 4))))
    for number, request in enumerate(requests):
        decided = min(until, request.circulated_on + datetime.timedelta(days=rng.choice((0, 1, 1, 2, 3))))
        request.decided_on = decided
        if placed and number == len(requests) - 1:
            request.decision = RequestFact.Decision.PLACED
            fact.days_to_first_offer = (decided - fact.opened_on).days
            placed_on = min(until, decided + datetime.timedelta(days=rng.choice((0, 1, 1, 2, 3))))
            fact.days_to_placement = (placed_on - fact.opened_on).days
            fact.ended_on, fact.placed = placed_on, True
            continue
        request.decision = RequestFact.Decision.DECLINED
        bookable = capacity.bookable.get((request.home.pk, decided), 0)
        for reason in _reasons(rng, fact, bookable):
            declines.append(
                DeclineFact(
                    request=request, search_fact=fact, home=request.home, is_synthetic=True, declined_on=decided,
                    reason=reason, bed_declared=bookable > 0 if reason in ("no_vacancy", "staffing") else None,
                    **profile_of(fact),
                )
            )  # fmt: skip
    if not placed:
        last = max((r.decided_on or r.circulated_on) for r in requests) if requests else fact.opened_on
        if rng.random() < 0.1 and requests:  # an offer that fell through
            offered = requests[-1]
            offered.decision = RequestFact.Decision.RECALLED
            declines[:] = [d for d in declines if d.request is not offered]
            fact.days_to_first_offer = ((offered.decided_on or last) - fact.opened_on).days
        ended = last + datetime.timedelta(days=rng.randint(3, 30))
        fact.ended_on = ended if ended <= until else None
    fact.homes_asked, fact.rounds = len(requests), max((r.round for r in requests), default=0)
    return requests, declines


def synthetic_searches_clear() -> int:
    """Delete every synthetic fact; returns the searches deleted."""
    DeclineFact.objects.filter(is_synthetic=True).delete()
    RequestFact.objects.filter(is_synthetic=True).delete()
    CapacityDay.objects.filter(is_synthetic=True).delete()
    deleted, _ = SearchFact.objects.filter(is_synthetic=True).delete()
    return deleted


@transaction.atomic
def synthetic_searches_generate(*, searches: int, seed: int, until: datetime.date | None = None) -> dict[str, int]:
    """Replace the synthetic facts with `searches` searches opened over the year to `until` (default today), their
    home requests and decline reasons, and a year of daily beds for every home. Same seed and until, same rows."""
    if searches < 0:
        raise ValueError("The number of searches cannot be negative.")
    rng = random.Random(seed)
    until = until or timezone.localdate()
    first = until - datetime.timedelta(days=364)
    synthetic_searches_clear()
    las, homes = _organisations()
    days, capacity = _capacity_days(rng, homes, first, until)
    CapacityDay.objects.bulk_create(days, batch_size=BATCH)
    totals = {"searches": 0, "requests": 0, "declines": 0, "placed": 0, "days": len(days)}
    for start in range(0, searches, BATCH):
        facts, requests, declines = [], [], []
        for _ in range(min(BATCH, searches - start)):
            opened = first + datetime.timedelta(days=math.floor(rng.random() * 365))
            fact = _search(rng, rng.choice(las), opened)
            made, declined = _requests(rng, fact, homes, capacity, until)
            facts.append(fact)
            requests += made
            declines += declined
        SearchFact.objects.bulk_create(facts, batch_size=BATCH)  # the requests pick up the facts' new keys
        RequestFact.objects.bulk_create(requests, batch_size=BATCH)
        DeclineFact.objects.bulk_create(declines, batch_size=BATCH)
        totals["searches"] += len(facts)
        totals["requests"] += len(requests)
        totals["declines"] += len(declines)
        totals["placed"] += sum(fact.placed for fact in facts)
    return totals
