"""Reads for the oversight reports: grouped counts and sums from the facts, for one scope (records, period, region).

Every function returns plain rows of counts and sums; oversight/tables.py puts them through disclosure control.
"""

import datetime
import statistics
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any

from django.db.models import Count, Q, QuerySet, Sum
from django.db.models.functions import TruncMonth
from django.utils import timezone

from circulation.reasons import reasons_current

from .models import CapacityDay, DeclineFact, SearchFact
from .profile import AGE_BANDS, LEGAL_ROUTE_LABELS, NOT_RECORDED, RISKS, SEXES, STAFFING_LABELS

# What a report can be broken down by: key -> (label, SearchFact field; "" for the risk indicators).
DIMENSIONS: dict[str, tuple[str, str]] = {
    "age_band": ("Age", "age_band"),
    "sex": ("Sex", "sex"),
    "legal_route": ("Legal route", "legal_route"),
    "staffing_intensity": ("Staffing needed", "staffing_intensity"),
    "risk": ("Risk indicator", ""),
    "local_authority": ("Local authority", "local_authority__name"),
    "region": ("Region", "region"),
    "care_cooperative": ("Care co-operative", "local_authority__care_cooperative__cooperative__name"),
    "month": ("Month the search opened", "month"),
}
PROFILE_DIMENSIONS = ("age_band", "sex", "legal_route", "staffing_intensity", "risk")
REASON_CODES = tuple(reason.code for reason in reasons_current())
VACANCY_REASONS = ("no_vacancy", "staffing")
NOT_IN_COOPERATIVE = "Not in a care co-operative"


def _measures(only: Q | None = None) -> dict[str, Any]:
    """The equity measures, each counted only over the rows matching `only` (every row when None)."""
    where = only or Q()

    def when(condition: Q) -> Q:
        return condition & where

    return {
        "searches": Count("id", filter=only),
        "placed": Count("id", filter=when(Q(placed=True))),
        "not_placed": Count("id", filter=when(Q(placed=False, ended_on__isnull=False))),
        "still_searching": Count("id", filter=when(Q(ended_on__isnull=True))),
        "offer_days": Sum("days_to_first_offer", filter=only),
        "offer_n": Count("days_to_first_offer", filter=only),
        "placement_days": Sum("days_to_placement", filter=only),
        "placement_n": Count("days_to_placement", filter=only),
        "homes_asked": Sum("homes_asked", filter=only),
        "rounds": Sum("rounds", filter=only),
    }


MEASURES = tuple(_measures())


@dataclass(frozen=True)
class Scope:
    """Which searches a report counts: synthetic or real, opened (or declined, or declared) in [first, last], and
    one region's local authorities, or all ("")."""

    synthetic: bool
    first: datetime.date
    last: datetime.date
    region: str = ""

    def national(self) -> "Scope":
        return replace(self, region="")


def _order(dimension: str) -> Callable[[str], Any]:
    known: dict[str, list[str]] = {
        "age_band": [label for label, _, _ in AGE_BANDS],
        "sex": list(SEXES),
        "legal_route": list(LEGAL_ROUTE_LABELS),
        "staffing_intensity": list(STAFFING_LABELS),
    }
    order = known.get(dimension)
    if order is None:
        return lambda code: (code == "", code)
    return lambda code: (order.index(code) if code in order else len(order), code)


def group_label(dimension: str, code: Any) -> str:
    """The words for a group's code."""
    if dimension == "care_cooperative" and not code:
        return NOT_IN_COOPERATIVE
    if dimension == "month":
        return f"{code:%Y-%m}" if code else NOT_RECORDED
    labels = {"sex": SEXES, "legal_route": LEGAL_ROUTE_LABELS, "staffing_intensity": STAFFING_LABELS}.get(dimension)
    text = labels.get(code, code) if labels else code
    return str(text) if text else NOT_RECORDED


def searches_in(scope: Scope) -> QuerySet[SearchFact]:
    facts = SearchFact.objects.filter(
        is_synthetic=scope.synthetic, opened_on__gte=scope.first, opened_on__lte=scope.last
    )
    return facts.filter(region=scope.region) if scope.region else facts


def _label_rows(dimension: str, found: dict[Any, dict[str, int]], keys: tuple[str, ...]) -> list[dict[str, Any]]:
    """Rows in the dimension's order, labelled, with every key (0 where none)."""
    ordered = sorted(found, key=lambda code: _order(dimension)(code or ""))
    return [{"group": group_label(dimension, code), **{k: found[code].get(k) or 0 for k in keys}} for code in ordered]


def equity_rows(scope: Scope, dimension: str) -> list[dict[str, Any]]:
    """Per group: searches, placed, not placed, still searching; summed days to first offer and to placement (with
    how many have one), homes asked and rounds of circulation. Risk indicators: one (overlapping) row each, all
    from one pass over the searches."""
    if dimension not in DIMENSIONS:
        raise ValueError(f"Unknown dimension {dimension!r}.")
    searches = searches_in(scope)
    if dimension == "risk":
        named = {
            f"m_{field}__{key}": value for field, _, _ in RISKS for key, value in _measures(Q(**{field: True})).items()
        }
        totals = searches.aggregate(**named)
        return [
            {"group": label, **{key: totals[f"m_{field}__{key}"] or 0 for key in MEASURES}} for field, label, _ in RISKS
        ]
    return _grouped_equity(searches, dimension).get("", [])


def equity_rows_by_region(scope: Scope, dimension: str) -> dict[str, list[dict[str, Any]]]:
    """`equity_rows` for each region's searches in one query ({region: rows}; regions with searches only): the
    same rows a region's own scope gives, for publishing every region's tables together (oversight/linked.py)."""
    if dimension in ("risk", "region") or dimension not in DIMENSIONS:
        raise ValueError(f"No tables by region for {dimension!r}.")
    return _grouped_equity(searches_in(scope), dimension, by_region=True)


def _grouped_equity(
    searches: QuerySet[SearchFact], dimension: str, *, by_region: bool = False
) -> dict[str, list[dict[str, Any]]]:
    field = DIMENSIONS[dimension][1]
    if dimension == "month":
        searches = searches.annotate(month=TruncMonth("opened_on"))
    named = {f"m_{key}": value for key, value in _measures().items()}  # never a model field's name
    fields = ("region", field) if by_region else (field,)
    found: dict[str, dict[Any, dict[str, int]]] = defaultdict(dict)
    for row in searches.values(*fields).annotate(**named).order_by():
        found[row["region"] if by_region else ""][row[field]] = {k: row[f"m_{k}"] for k in MEASURES}
    if not by_region:
        found.setdefault("", {})
    return {region: _label_rows(dimension, groups, MEASURES) for region, groups in found.items()}


def declines_in(scope: Scope) -> QuerySet[DeclineFact]:
    declines = DeclineFact.objects.filter(
        is_synthetic=scope.synthetic, declined_on__gte=scope.first, declined_on__lte=scope.last
    )
    return declines.filter(region=scope.region) if scope.region else declines


def decline_rows(scope: Scope, by: str) -> list[dict[str, Any]]:
    """Reasons given per group (one count per group and reason, pivoted): by home, or by a profile dimension of the
    declined child; the risk indicators from one pass over the reasons."""
    declines = declines_in(scope)
    if by == "risk":
        named = {f"m_{field}": Count("id", filter=Q(**{field: True})) for field, _, _ in RISKS}
        by_reason: dict[str, Any] = {row["reason"]: row for row in declines.values("reason").annotate(**named)}
        return [
            {"group": label, **{code: by_reason.get(code, {}).get(f"m_{field}", 0) for code in REASON_CODES}}
            for field, label, _ in RISKS
        ]
    if by != "home" and by not in PROFILE_DIMENSIONS:
        raise ValueError(f"Unknown grouping {by!r}.")
    field = "home__name" if by == "home" else DIMENSIONS[by][1]
    found: dict[Any, dict[str, int]] = defaultdict(dict)
    for code, reason, n in declines.values_list(field, "reason").annotate(n=Count("id")).order_by():
        found[code][reason] = n
    return _label_rows(by, found, REASON_CODES)


def declared_bed_rows(scope: Scope) -> list[dict[str, Any]]:
    """For the unit: per home, 'no vacancy' and 'staffing' reasons given, and how many of them the home gave on a
    day its own declaration, made before the decision, showed a staffed welfare bed."""
    found: Any = (
        declines_in(scope)
        .filter(reason__in=VACANCY_REASONS)
        .values("home__name")
        .annotate(  # declines, not reasons: one giving both "no vacancy" and "staffing" counts once
            given=Count("request", distinct=True),
            declared=Count("request", distinct=True, filter=Q(bed_declared=True)),
            undeclared=Count("request", distinct=True, filter=Q(bed_declared__isnull=True)),
        )
        .order_by("home__name")
    )
    return [{"group": row.pop("home__name"), **row} for row in found]


def waiting_by_day(scope: Scope) -> list[tuple[datetime.date, int]]:
    """Children waiting for a bed at the end of each day of the period: searches opened by then and not yet ended."""
    last = min(scope.last, timezone.localdate())  # nobody is waiting yet on a day still to come
    facts = SearchFact.objects.filter(is_synthetic=scope.synthetic, opened_on__lte=last).filter(
        Q(ended_on__isnull=True) | Q(ended_on__gt=scope.first)
    )
    if scope.region:
        facts = facts.filter(region=scope.region)
    days = max(0, (last - scope.first).days + 1)
    change = [0] * (days + 1)
    for opened, ended in facts.values_list("opened_on", "ended_on"):
        start = max(0, (opened - scope.first).days)
        stop = days if ended is None else min(days, (ended - scope.first).days)
        if start < stop:
            change[start] += 1
            change[stop] -= 1
    waiting, running = [], 0
    for offset in range(days):
        running += change[offset]
        waiting.append((scope.first + datetime.timedelta(days=offset), running))
    return waiting


def ended_searches(scope: Scope) -> dict[bool, list[int]]:
    """Days from opening to placement or closure of searches that ended in the period, by placed or not."""
    facts = SearchFact.objects.filter(is_synthetic=scope.synthetic, ended_on__gte=scope.first, ended_on__lte=scope.last)
    if scope.region:
        facts = facts.filter(region=scope.region)
    waited: dict[bool, list[int]] = {True: [], False: []}
    for placed, opened, ended in facts.values_list("placed", "opened_on", "ended_on"):
        if ended is not None:
            waited[placed].append((ended - opened).days)
    return waited


def median(values: list[int]) -> float | None:
    return float(statistics.median(values)) if values else None


CAPACITY_FIELDS = ("approved", "available_welfare", "staffed", "bookable", "occupied")


def capacity_by_month(scope: Scope, *, home_id: int | None = None) -> list[dict[str, Any]]:
    """Per month: the mean per declared day of the homes' approved, available welfare, staffed, bookable (free and
    staffed welfare) and occupied places, summed across homes (or one home's), and the days declared."""
    days = CapacityDay.objects.filter(is_synthetic=scope.synthetic, date__gte=scope.first, date__lte=scope.last)
    if home_id is not None:
        days = days.filter(home_id=home_id)
    per_day: Any = days.values("date").annotate(**{f"{f}_sum": Sum(f) for f in CAPACITY_FIELDS}).order_by("date")
    months: dict[datetime.date, list[dict[str, Any]]] = defaultdict(list)
    for row in per_day:
        months[row["date"].replace(day=1)].append(row)
    return [
        {"month": month, "days": len(rows),
         **{f: sum(r[f"{f}_sum"] for r in rows) / len(rows) for f in CAPACITY_FIELDS}}
        for month, rows in sorted(months.items())
    ]  # fmt: skip


def capacity_by_home(scope: Scope) -> list[dict[str, Any]]:
    """Per home over the period: the mean per declared day of each kind of place."""
    days = CapacityDay.objects.filter(is_synthetic=scope.synthetic, date__gte=scope.first, date__lte=scope.last)
    found: Any = (
        days.values("home_id", "home__name")
        .annotate(days=Count("id"), **{f"{f}_sum": Sum(f) for f in CAPACITY_FIELDS})
        .order_by("home__name")
    )
    return [
        {"home_id": r["home_id"], "group": r["home__name"], "days": r["days"],
         **{f: r[f"{f}_sum"] / r["days"] for f in CAPACITY_FIELDS}}
        for r in found
    ]  # fmt: skip
