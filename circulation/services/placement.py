"""Confirming one offer: exactly one placement per search, however many confirmations race."""

import time
from datetime import date

from django.core.exceptions import ValidationError
from django.db import IntegrityError, OperationalError, connection, transaction
from django.utils import timezone

from accounts.models import AuditEvent
from accounts.services import audit_record
from accounts.types import Actor
from beds.services import bed_take

from ..events import placement_confirmed
from ..models import HomeRequest, Placement, Search
from ..states import TransitionRefused, request_transition_check, search_transition_check
from .closure import requests_recall_open
from .common import home_managers_emails, notify
from .first_72_hours import key_information_issue

SQLITE_LOCK_RETRIES = 5
ALREADY_ENDED = "Another offer was confirmed for this referral, or its search has ended. Nothing was changed."


def _notify_placed(placement_id: int) -> None:
    placement = Placement.objects.select_related("home", "search__referral").get(pk=placement_id)
    notify(
        to=home_managers_emails(placement.home),
        subject="Your offer of a secure welfare place has been confirmed",
        reference=str(placement.search.referral.reference),
        lines=[
            f"The local authority has confirmed the placement. Admission date: {placement.admitted_on:%d %B %Y}.",
            "The key information for the first 72 hours is ready for your home: download it and acknowledge it.",
        ],
        url_name="circulation:request",
        args=[placement.home_request_id],
    )


def placement_confirm(*, home_request: HomeRequest, admitted_on: date, user: Actor) -> Placement:
    """Confirm a home's offer: lock the search, record the placement, take the bed, recall the other homes."""
    if admitted_on < timezone.localdate():
        raise ValidationError({"admitted_on": "The admission date must be today or in the future"})
    for attempt in range(SQLITE_LOCK_RETRIES + 1):
        try:
            with transaction.atomic():
                return _confirm_locked(home_request=home_request, admitted_on=admitted_on, user=user)
        except IntegrityError as error:  # the unique constraints caught a race the lock did not (belt and braces)
            raise TransitionRefused(ALREADY_ENDED) from error
        except OperationalError as error:
            if not _sqlite_lock_conflict(error) or attempt == SQLITE_LOCK_RETRIES:
                raise
            time.sleep(0.05 * (attempt + 1))  # the other confirmation holds the write lock; try again after it
    raise AssertionError("unreachable")


def _sqlite_lock_conflict(error: OperationalError) -> bool:
    """SQLite without a busy wait (shared cache, as in tests) reports a concurrent writer at once instead of waiting."""
    return connection.vendor == "sqlite" and "locked" in str(error)


def _confirm_locked(*, home_request: HomeRequest, admitted_on: date, user: Actor) -> Placement:
    search = Search.objects.select_for_update().select_related("referral").get(pk=home_request.search_id)
    if not search.is_open:
        raise TransitionRefused(ALREADY_ENDED)
    search_transition_check(search, Search.Status.PLACED)
    home_request = HomeRequest.objects.select_for_update().select_related("home").get(pk=home_request.pk)
    request_transition_check(home_request, HomeRequest.Status.PLACED)
    now = timezone.now()
    placement = Placement(
        search=search,
        home_request=home_request,
        home=home_request.home,
        admitted_on=admitted_on,
        confirmed_by=user,
        confirmed_at=now,
    )
    placement.full_clean(validate_unique=False)
    placement.save()
    home_request.status = HomeRequest.Status.PLACED
    home_request.save(update_fields=["status"])
    search.status, search.outcome, search.placed_at, search.closed_at = Search.Status.PLACED, "placed", now, now
    search.closed_on, search.closed_by = admitted_on, user
    search.save(update_fields=["status", "outcome", "placed_at", "closed_at", "closed_on", "closed_by"])
    audit_record(
        actor=user, action="circulation.placement_confirm", outcome=AuditEvent.Outcome.SUCCEEDED, obj=placement
    )
    requests_recall_open(search=search, user=user, keep=home_request)
    # The bed is held from the moment the offer is confirmed, so today's figures go down.
    bed_take(home=home_request.home, on=timezone.localdate(), user=user)
    placement_confirmed.send(sender=Placement, placement=placement, user=user)  # follow-up
    key_information_issue(placement=placement, user=user)  # for this home only
    _notify_placed(placement.pk)
    return placement
