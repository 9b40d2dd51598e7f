"""Reads for coordination: searches a user may see, their upkeep, the dashboard rows and the monthly figures."""

import statistics
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.db.models import Count, DurationField, ExpressionWrapper, F, Max, Q, QuerySet
from django.db.models.fields.json import KT
from django.utils import timezone

from accounts.types import Viewer
from circulation import access as circulation_access
from circulation.models import HomeRequest, Search
from forms_engine.models import Referral

from .models import OfstedNotification
from .upkeep import Upkeep, upkeep_of


def searches_visible_to(user: Viewer) -> QuerySet[Search]:
    """Searches the user may open (circulation.access decides: the unit all, a referring authority its own)."""
    return circulation_access.searches_visible_to(user).select_related("referral__local_authority", "referral__version")


def with_upkeep(searches: QuerySet[Search]) -> QuerySet[Search]:
    """Annotate the last update and the last submitted reviewed referral, for the upkeep clocks."""
    return searches.annotate(
        last_update_at=Max("updates__submitted_at"),
        last_review_at=Max(
            "reviews__referral__submitted_at", filter=Q(reviews__referral__status=Referral.Status.SUBMITTED)
        ),
    )


def upkeep_for(search: Search, *, today: date | None = None) -> Upkeep:
    """The search's upkeep state, from annotations when present."""
    if not hasattr(search, "last_update_at"):
        search = with_upkeep(Search.objects.filter(pk=search.pk)).get()
    return upkeep_of(
        opened_at=search.opened_at,
        last_update_at=search.last_update_at,  # type: ignore[attr-defined]
        last_review_at=search.last_review_at,  # type: ignore[attr-defined]
        today=today,
    )


class Stage:
    """Where an open search stands with the homes asked, derived from their requests."""

    NOT_CIRCULATED, WAITING, OFFERED, ALL_DECLINED = "not_circulated", "waiting", "offered", "all_declined"
    CHOICES = (
        (NOT_CIRCULATED, "Not sent to homes yet"),
        (WAITING, "Waiting for homes"),
        (OFFERED, "Offer made"),
        (ALL_DECLINED, "No home can offer a place"),
    )


def stage_of(requests: list[HomeRequest]) -> str:
    statuses = {request.status for request in requests}
    if not statuses:
        return Stage.NOT_CIRCULATED
    if statuses & {HomeRequest.Status.ACCEPTED, HomeRequest.Status.PLACED}:
        return Stage.OFFERED
    if statuses & {HomeRequest.Status.AWAITING, HomeRequest.Status.INFO_REQUESTED}:
        return Stage.WAITING
    return Stage.ALL_DECLINED


RESPONSE_COLOURS: dict[str, str] = {
    HomeRequest.Status.AWAITING: "blue",
    HomeRequest.Status.INFO_REQUESTED: "yellow",
    HomeRequest.Status.ACCEPTED: "green",
    HomeRequest.Status.DECLINED: "red",
    HomeRequest.Status.RECALLED: "grey",
    HomeRequest.Status.PLACED: "green",
}


@dataclass(frozen=True)
class SearchRow:
    """One open search on the coordinator's dashboard."""

    search: Search
    upkeep: Upkeep
    requests: list[HomeRequest]
    stage: str

    @property
    def stage_label(self) -> str:
        return dict(Stage.CHOICES)[self.stage]

    @property
    def responses(self) -> list[tuple[HomeRequest, str]]:
        """Each home's request with the GOV.UK tag colour for its status."""
        return [(request, RESPONSE_COLOURS.get(request.status, "grey")) for request in self.requests]


def open_search_rows(
    *, local_authority_id: int | None = None, stage: str = "", overdue_only: bool = False, today: date | None = None
) -> list[SearchRow]:
    """Open searches, longest open first, with upkeep and each home's response; filtered as the dashboard asks."""
    searches = with_upkeep(Search.objects.filter(status=Search.Status.OPEN)).select_related("referral__local_authority")
    if local_authority_id:
        searches = searches.filter(referral__local_authority_id=local_authority_id)
    rows = []
    for search in searches.prefetch_related("requests__home").order_by("opened_at", "pk"):
        requests = list(search.requests.all())
        row = SearchRow(search, upkeep_for(search, today=today), requests, stage_of(requests))
        if (stage and row.stage != stage) or (overdue_only and not row.upkeep.will_cease):
            continue
        rows.append(row)
    return rows


@dataclass(frozen=True)
class OpenSearchCounts:
    """How many searches are open, and how many of them will cease (an update or review is overdue)."""

    open: int
    will_cease: int


_UPKEEP_STAMPS = ("opened_at", "last_update_at", "last_review_at")  # the last two are with_upkeep's annotations


def open_search_counts(*, today: date | None = None) -> OpenSearchCounts:
    """Counts for the unit's landing page: one query of three timestamps per open search, no rows or requests."""
    stamps = with_upkeep(Search.objects.filter(status=Search.Status.OPEN)).values_list(*_UPKEEP_STAMPS)
    upkeeps = [
        upkeep_of(opened_at=opened, last_update_at=update, last_review_at=review, today=today)
        for opened, update, review in stamps
    ]
    return OpenSearchCounts(open=len(upkeeps), will_cease=sum(upkeep.will_cease for upkeep in upkeeps))


def ofsted_notifications_visible_to(user: Viewer) -> QuerySet[OfstedNotification]:
    """Notifications for searches the user may see."""
    return OfstedNotification.objects.filter(search__in=searches_visible_to(user)).select_related(
        "search__referral__local_authority", "sent_by"
    )


def _month_bounds(year: int, month: int) -> tuple[datetime, datetime]:
    """The first moment of the month and of the next, in the service's time zone."""
    start = timezone.make_aware(datetime(year, month, 1))
    following = datetime(year + month // 12, month % 12 + 1, 1)
    return start, timezone.make_aware(following)


def _median_days(placed: QuerySet[Search]) -> float | None:
    """Median time from opening to placement, in days (durations from the database, median here: SQLite has none)."""
    waited = placed.annotate(waited=ExpressionWrapper(F("placed_at") - F("opened_at"), output_field=DurationField()))
    days = [duration.total_seconds() / 86400 for duration in waited.values_list("waited", flat=True) if duration]
    return round(statistics.median(days), 1) if days else None


def referral_figures_for_month(*, year: int, month: int) -> dict[str, Any]:
    """The month's referral figures (see docs/coordination.md for each definition)."""
    start, end = _month_bounds(year, month)
    # A reviewed referral (made here, or marked as a review on the form) is the same child's referral again.
    received = Referral.objects.filter(
        status=Referral.Status.SUBMITTED, submitted_at__gte=start, submitted_at__lt=end, review_of__isnull=True
    ).filter(Q(answers__is_review__isnull=True) | Q(answers__is_review="no"))
    ended = Search.objects.exclude(status=Search.Status.OPEN).filter(closed_at__gte=start, closed_at__lt=end)
    counts = ended.aggregate(
        closed=Count("pk"),
        placed=Count("pk", filter=Q(status=Search.Status.PLACED)),
        unplaced=Count("pk", filter=Q(status=Search.Status.CLOSED)),
        offered=Count("pk", filter=Q(first_offer_at__isnull=False)),
    )
    by_outcome = dict.fromkeys(Search.Outcome.values, 0)
    by_outcome.update({row["outcome"]: row["n"] for row in ended.values("outcome").annotate(n=Count("pk"))})
    before = (
        received.annotate(place=KT("answers__current_placement_type"))
        .exclude(place__isnull=True)
        .values("place")
        .annotate(n=Count("pk"))
        .order_by("place")
    )
    open_at_end = Search.objects.filter(opened_at__lt=end).filter(Q(closed_at__isnull=True) | Q(closed_at__gte=end))
    return {
        "referrals_received": received.count(),
        "searches_closed": counts["closed"],
        "placed": counts["placed"],
        "offered_share": counts["offered"] / counts["closed"] if counts["closed"] else None,
        "median_days_to_placement": _median_days(ended.filter(status=Search.Status.PLACED)),
        "unplaced": counts["unplaced"],
        "open_at_month_end": open_at_end.count(),
        "by_outcome": by_outcome,
        "placements_before_secure": {row["place"]: row["n"] for row in before if row["place"]},
    }


def last_months(*, count: int = 12, today: date | None = None) -> list[tuple[int, int]]:
    """(year, month) of the last `count` months, oldest first, ending with this month."""
    today = today or timezone.localdate()
    index = today.year * 12 + today.month - 1
    return [(i // 12, i % 12 + 1) for i in range(index - count + 1, index + 1)]


def updates_for_homes(search: Search) -> QuerySet[Any]:
    """The LA's updates with something for homes to know, newest first."""
    return search.updates.exclude(for_homes="").order_by("-submitted_at", "-pk")


def requests_with_news(*, home_requests: QuerySet[HomeRequest]) -> QuerySet[HomeRequest]:
    """Of these requests, those on open searches where the LA has written something for homes since circulation."""
    return home_requests.filter(
        search__status=Search.Status.OPEN,
        search__updates__submitted_at__gte=F("circulated_at"),
        search__updates__for_homes__gt="",
    ).distinct()
