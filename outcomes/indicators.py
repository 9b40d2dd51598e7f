"""Outcome indicators computed in the database: one aggregate query over checkpoints, grouped as asked.

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
- not_known: children whose latest recorded checkpoint says their situation is not known; recorded (also returned)
  is the children with at least one recorded checkpoint, the base for the share not known.
"""

from typing import Any

from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import ExtractYear
from django.db.models.lookups import GreaterThanOrEqual

from .codes import CUSTODY_PLACE, PLACEMENT_CHANGE_RNE, SECURE_PLACE, TEMPORARY_PLACE
from .models import Checkpoint, FollowUp, PlacementEpisode

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
    "not_known",
)
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


def _recorded_flag(condition: Q) -> Exists:
    """Any checkpoint of the same follow-up up to this one recording the condition (answers exist once recorded).

    Filtering on the (followup, months) key rather than on state keeps every database on the unique index.
    """
    earlier = Checkpoint.objects.filter(followup_id=OuterRef("followup_id"), months__lte=OuterRef("months"))
    return Exists(earlier.filter(condition))


def _known(months: int) -> Q:
    return Q(months=months, state=Checkpoint.State.COMPLETED, contact_lost=False)


def _aggregates() -> dict[str, Count]:
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
    counts["not_known"] = Count(
        "pk", filter=Q(state=Checkpoint.State.COMPLETED, contact_lost=True) & ~Q(Exists(later_recorded))
    )
    return counts


def _filtered(filters: dict[str, Any] | None) -> QuerySet[Checkpoint]:
    unknown = set(filters or {}) - FILTERS.keys()
    if unknown:
        raise ValueError(f"Unknown indicator filters: {', '.join(sorted(unknown))}")
    lookups = {FILTERS[key]: value for key, value in (filters or {}).items()}
    return Checkpoint.objects.filter(followup__start_date__isnull=False, **lookups)


def _label(group_by: str, value: Any) -> str:
    if value in (None, ""):
        return _EMPTY_LABEL.get(group_by, "Not known")
    return str(_LABELS.get(group_by, {}).get(value, value))


def indicator_counts(*, group_by: str, filters: dict[str, Any] | None = None) -> list[dict[str, Any]]:
    """Indicator counts per group (cohort, home, la, region, pathway or year), in one SQL aggregate query."""
    if group_by not in GROUPS:
        raise ValueError(f"Cannot group indicators by {group_by!r}")
    rows: Any = (
        _filtered(filters)
        .annotate(group_value=GROUPS[group_by])
        .order_by()
        .values("group_value")
        .annotate(**_aggregates())
        .order_by("group_value")
    )
    return [{"group": _label(group_by, row["group_value"]), **{key: int(row[key]) for key in COUNTS}} for row in rows]
