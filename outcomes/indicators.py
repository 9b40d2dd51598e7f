"""Outcome indicators: the counting rules per child (the facts), and the report as sums of the facts, grouped as asked.

The rules are written once, as an aggregate over a child's checkpoints and episodes (`facts_by_followup`). The
services store its rows in `IndicatorFacts` whenever a child's records change (`outcomes.services.facts`), and add
them up per report key (cohort, pathway, home, local authority, start month) in `IndicatorRollup`. A report is a
plain SUM over the rollup (`indicator_counts`), or over one row per child when a date filter splits a month
(`indicator_counts_from_facts`), instead of every child's history recomputed per page view.
`indicator_counts_from_records` is the same table straight from the records, to check both against.

Counting rules (docs/outcomes.md has the reasoning):
- children: follow-ups that have started (exit recorded, or search closed without a placement).
- followed_N: the N-month checkpoint is recorded and the young person's situation is known.
- a placement move is an episode whose RNE is a placement or carer change (S, P, T, B, U) and whose PLACE is not a
  temporary move (T0-T4), starting on or before the checkpoint date; legal-status-only episodes (L) never count.
- stable_N: followed at N months with no placement move up to the N-month checkpoint date.
- three_plus_placements_12: followed at 12 months with 3 or more placements in the year: the placement at the
  start plus 2 or more moves (DfE's short-term measure, counted from the exit or closure instead of 1 April).
- return_to_secure_12 / custody_12: followed at 12 months, and any checkpoint recorded a return to secure or a
  deprivation-of-liberty order (or a K1 episode) / custody (or an R5 episode) within the year.
- dol_outside_secure_12: followed at 12 months, and the child's local authority recorded a DoL order under the
  inherent jurisdiction or an s25(1A) authorisation (liberty.models.DOL_KINDS) for a setting other than a secure
  children's home, starting within 12 months (365 days) of the referral's submission.
- not_known: children whose latest recorded checkpoint says their situation is not known; recorded (also returned)
  is the children with at least one recorded checkpoint, the base for the share not known.
"""

import calendar
import datetime
from typing import Any

from django.db.models import (
    Count,
    DateField,
    DateTimeField,
    Exists,
    ExpressionWrapper,
    F,
    Model,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce, ExtractYear, TruncMonth
from django.db.models.lookups import GreaterThanOrEqual

from liberty.models import DOL_KINDS, LibertyOrder

from .codes import CUSTODY_PLACE, PLACEMENT_CHANGE_RNE, SECURE_PLACE, TEMPORARY_PLACE
from .models import Checkpoint, FollowUp, IndicatorFacts, IndicatorRollup, PlacementEpisode

GROUPS: dict[str, Any] = {
    "cohort": F("followup__cohort"),
    "home": F("followup__home__name"),
    "la": F("followup__local_authority__name"),
    "region": F("followup__local_authority__region"),
    "pathway": F("followup__pathway"),
    "year": ExtractYear("followup__start_date"),
}
FILTERS = {
    "cohort": "followup__cohort",
    "pathway": "followup__pathway",
    "home": "followup__home_id",
    "la": "followup__local_authority_id",
    "region": "followup__local_authority__region",
    "year": "followup__start_date__year",
    "start_from": "followup__start_date__gte",
    "start_to": "followup__start_date__lte",
    "synthetic": "followup__is_synthetic",
}
# The same groups and filters on the rollup's own columns (its rows hold started children only).
ROLLUP_GROUPS: dict[str, Any] = {
    "cohort": F("cohort"),
    "home": F("home__name"),
    "la": F("local_authority__name"),
    "region": F("local_authority__region"),
    "pathway": F("pathway"),
    "year": ExtractYear("start_month"),
}
ROLLUP_FILTERS = {
    "cohort": "cohort",
    "pathway": "pathway",
    "home": "home_id",
    "la": "local_authority_id",
    "region": "local_authority__region",
    "year": "start_month__year",
    "start_from": "start_month__gte",
    "start_to": "start_month__lte",
    "synthetic": "is_synthetic",
}
# The report key a child's facts are filed under: the rollup's unique key, written with the facts.
REPORT_KEY: dict[str, Any] = {
    "cohort": F("followup__cohort"),
    "pathway": F("followup__pathway"),
    "home_key": Coalesce(F("followup__home_id"), Value(0)),
    "local_authority_key": Coalesce(F("followup__local_authority_id"), Value(0)),
    "start_month": TruncMonth("followup__start_date", output_field=DateField()),
    "is_synthetic": F("followup__is_synthetic"),
}
COUNTS = (
    "children",
    "recorded",
    "followed_3",
    "stable_3",
    "followed_6",
    "stable_6",
    "followed_12",
    "stable_12",
    "three_plus_placements_12",
    "return_to_secure_12",
    "custody_12",
    "dol_outside_secure_12",
    "not_known",
)
DOL_WITHIN = datetime.timedelta(days=365)  # "within 12 months of the referral", in elapsed days
_LABELS = {
    "cohort": dict(FollowUp.Cohort.choices),
    "pathway": dict(FollowUp.Pathway.choices),
}
_EMPTY_LABEL = {"home": "Not placed", "region": "Region not recorded"}


def _episodes_to_checkpoint() -> QuerySet[PlacementEpisode]:
    """Episodes of the checkpoint's follow-up that started on or before the checkpoint date."""
    return PlacementEpisode.objects.filter(followup_id=OuterRef("followup_id"), start_date__lte=OuterRef("due_on"))


def _moves() -> QuerySet[PlacementEpisode]:
    return _episodes_to_checkpoint().filter(rne__in=PLACEMENT_CHANGE_RNE).exclude(place_code__in=TEMPORARY_PLACE)


def _move_count() -> Subquery:
    counted = _moves().order_by().values("followup_id").annotate(n=Count("pk")).values("n")
    return Subquery(counted)


def _dol_outside_secure() -> Exists:
    """A DoL order or authorisation for a setting other than a secure home, starting within 12 months of the
    checkpoint's child's referral (the liberty orders the referring authority recorded)."""
    submitted = OuterRef("followup__referral__submitted_at")
    orders = LibertyOrder.objects.filter(
        referral_id=OuterRef("followup__referral_id"),
        kind__in=DOL_KINDS,
        starts_at__gte=submitted,
        starts_at__lt=ExpressionWrapper(submitted + DOL_WITHIN, output_field=DateTimeField()),
    ).exclude(setting=LibertyOrder.Setting.SECURE_HOME)
    return Exists(orders)


def _recorded_flag(condition: Q) -> Exists:
    """Any checkpoint of the same follow-up up to this one recording the condition (answers exist once recorded).

    Filtering on the (followup, months) key rather than on state keeps every database on the unique index.
    """
    earlier = Checkpoint.objects.filter(followup_id=OuterRef("followup_id"), months__lte=OuterRef("months"))
    return Exists(earlier.filter(condition))


def _known(months: int) -> Q:
    return Q(months=months, state=Checkpoint.State.COMPLETED, contact_lost=False)


def _aggregates() -> dict[str, Count]:
    """The counting rules over a set of checkpoints, in the order of COUNTS."""
    later_recorded = Checkpoint.objects.filter(
        followup_id=OuterRef("followup_id"), months__gt=OuterRef("months"), completed_at__isnull=False
    )
    counts = {
        "children": Count("followup_id", distinct=True),
        "recorded": Count("followup_id", distinct=True, filter=Q(state=Checkpoint.State.COMPLETED)),
    }
    for months in (3, 6, 12):
        counts[f"followed_{months}"] = Count("pk", filter=_known(months))
        counts[f"stable_{months}"] = Count("pk", filter=_known(months) & ~Q(Exists(_moves())))
    counts["three_plus_placements_12"] = Count("pk", filter=_known(12) & Q(GreaterThanOrEqual(_move_count(), 2)))
    secure = _recorded_flag(Q(returned_to_secure=True) | Q(dol_order=True))
    secure_episode = Exists(_episodes_to_checkpoint().filter(place_code=SECURE_PLACE))
    counts["return_to_secure_12"] = Count("pk", filter=_known(12) & (Q(secure) | Q(secure_episode)))
    custody = _recorded_flag(Q(custody=True))
    custody_episode = Exists(_episodes_to_checkpoint().filter(place_code=CUSTODY_PLACE))
    counts["custody_12"] = Count("pk", filter=_known(12) & (Q(custody) | Q(custody_episode)))
    counts["dol_outside_secure_12"] = Count("pk", filter=_known(12) & Q(_dol_outside_secure()))
    counts["not_known"] = Count(
        "pk", filter=Q(state=Checkpoint.State.COMPLETED, contact_lost=True) & ~Q(Exists(later_recorded))
    )
    return {key: counts[key] for key in COUNTS}


def _lookups(filters: dict[str, Any] | None) -> dict[str, Any]:
    """The ORM lookups for the report's filters (paths from a model with a `followup`), started children only."""
    unknown = set(filters or {}) - FILTERS.keys()
    if unknown:
        raise ValueError(f"Unknown indicator filters: {', '.join(sorted(unknown))}")
    return {"followup__start_date__isnull": False, **{FILTERS[key]: value for key, value in (filters or {}).items()}}


def facts_by_followup(followups: QuerySet[FollowUp] | None = None) -> QuerySet[Checkpoint, Any]:
    """Each started child's counts under the rules above (0 or 1 each), one row per follow-up: followup_id, the
    REPORT_KEY columns and COUNTS.

    `followups` narrows it to some children (one child's refresh); None is every child (the rebuild).
    """
    checkpoints = Checkpoint.objects.filter(**_lookups(None))
    if followups is not None:
        checkpoints = checkpoints.filter(followup_id__in=followups.values("pk"))
    return checkpoints.order_by().values("followup_id").annotate(**REPORT_KEY, **_aggregates())


def _label(group_by: str, value: Any) -> str:
    if value in (None, ""):
        return _EMPTY_LABEL.get(group_by, "Not known")
    return str(_LABELS.get(group_by, {}).get(value, value))


def grouped_rows(
    rows: "QuerySet[Model]",
    *,
    group_by: str,
    filters: dict[str, Any] | None,
    counts: dict[str, Any],
    rollup: dict[str, Any] | None = None,
) -> QuerySet[Model, dict[str, Any]]:
    """`counts` over the rows (checkpoints or facts) matching the filters, grouped: group_value, *COUNTS.

    `rollup` is the rollup's own lookups for the filters (rollup_lookups), when the rows are the rollup's.
    """
    if group_by not in GROUPS:
        raise ValueError(f"Cannot group indicators by {group_by!r}")
    lookups, groups = (_lookups(filters), GROUPS) if rollup is None else (rollup, ROLLUP_GROUPS)
    return (
        rows.filter(**lookups)
        .annotate(group_value=groups[group_by])
        .order_by()
        .values("group_value")
        .annotate(**counts)
        .order_by("group_value")
    )


def _labelled(group_by: str, rows: Any) -> list[dict[str, Any]]:
    return [{"group": _label(group_by, row["group_value"]), **{key: int(row[key]) for key in COUNTS}} for row in rows]


def facts_sums() -> dict[str, Sum]:
    """The report's counts: each count summed over the children's facts."""
    return {key: Sum(key) for key in COUNTS}


def _date(value: Any) -> datetime.date:
    return value if isinstance(value, datetime.date) else datetime.date.fromisoformat(str(value))


def rollup_lookups(filters: dict[str, Any] | None) -> dict[str, Any] | None:
    """The rollup's lookups for these filters, or None when a date filter splits a month (the facts answer it)."""
    _lookups(filters)  # refuses unknown filters
    lookups = {}
    for key, value in (filters or {}).items():
        if key in ("start_from", "start_to"):
            day = _date(value)
            edge = 1 if key == "start_from" else calendar.monthrange(day.year, day.month)[1]
            if day.day != edge:
                return None
            value = day.replace(day=1)
        lookups[ROLLUP_FILTERS[key]] = value
    return lookups


def indicator_counts(*, group_by: str, filters: dict[str, Any] | None = None) -> list[dict[str, Any]]:
    """Indicator counts per group (cohort, home, la, region, pathway or year): one SUM over the rollup's rows, or
    over the children's facts when a date filter does not fall on a month's edge."""
    lookups = rollup_lookups(filters)
    if lookups is None:
        return indicator_counts_from_facts(group_by=group_by, filters=filters)
    rows = grouped_rows(
        IndicatorRollup.objects.all(), group_by=group_by, filters=filters, counts=facts_sums(), rollup=lookups
    )
    return _labelled(group_by, rows)


def indicator_counts_from_facts(*, group_by: str, filters: dict[str, Any] | None = None) -> list[dict[str, Any]]:
    """The same table as a SUM over every child's facts, joined to their follow-ups."""
    rows = grouped_rows(IndicatorFacts.objects.all(), group_by=group_by, filters=filters, counts=facts_sums())
    return _labelled(group_by, rows)


def indicator_counts_from_records(*, group_by: str, filters: dict[str, Any] | None = None) -> list[dict[str, Any]]:
    """The same table computed from the checkpoints and episodes themselves (to check the facts, and for P4)."""
    rows = grouped_rows(Checkpoint.objects.all(), group_by=group_by, filters=filters, counts=_aggregates())
    return _labelled(group_by, rows)
