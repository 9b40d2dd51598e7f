"""Reads for circulation: open searches, a home's inbox, a local authority's searches."""

from django.db.models import Case, F, Prefetch, QuerySet, When
from django.db.models.functions import Coalesce

from accounts.models import Organisation

from .models import HomeRequest, Search
from .states import OPEN_REQUEST_STATUSES


def searches_open() -> QuerySet[Search]:
    """Open searches, oldest first, with referral, local authority and requests (with homes) loaded."""
    return (
        Search.objects.filter(status=Search.Status.OPEN)
        .select_related("referral__local_authority", "referral__version")
        .prefetch_related(Prefetch("requests", queryset=HomeRequest.objects.select_related("home")))
        .order_by("opened_at", "pk")
    )


def searches_all() -> QuerySet[Search]:
    """Every search, newest first, for the coordinator."""
    return (
        Search.objects.select_related("referral__local_authority", "placement__home")
        .prefetch_related(Prefetch("requests", queryset=HomeRequest.objects.select_related("home")))
        .order_by("-opened_at", "-pk")
    )


def inbox_for(*, home: Organisation) -> QuerySet[HomeRequest]:
    """Requests a home still has to act on or has made an offer on, oldest first."""
    return (
        HomeRequest.objects.filter(home=home, status__in=OPEN_REQUEST_STATUSES)
        .select_related("search__referral__local_authority", "pack_job")
        .order_by("circulated_at", "pk")
    )


HISTORY_STATUSES = (
    HomeRequest.Status.ACCEPTED,
    HomeRequest.Status.DECLINED,
    HomeRequest.Status.RECALLED,
    HomeRequest.Status.PLACED,
)


def history_for(*, home: Organisation) -> QuerySet[HomeRequest]:
    """Every referral the home offered on, declined, was recalled from or was placed with, latest first (by the
    last thing that happened to it); the search is loaded for the outcome."""
    return (
        HomeRequest.objects.filter(home=home, status__in=HISTORY_STATUSES)
        .select_related("search__referral__local_authority")
        .annotate(
            last_at=Case(
                When(status=HomeRequest.Status.PLACED, then=F("search__placed_at")),
                default=Coalesce("recalled_at", "decided_at", "circulated_at"),
            )
        )
        .order_by(F("last_at").desc(), "-pk")
    )


def offers_waiting(*, local_authority: Organisation) -> QuerySet[HomeRequest]:
    """Offers made to the authority's open searches, waiting for confirmation."""
    return HomeRequest.objects.filter(
        status=HomeRequest.Status.ACCEPTED,
        search__status=Search.Status.OPEN,
        search__referral__local_authority=local_authority,
    ).select_related("home", "search__referral")
