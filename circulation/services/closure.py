"""Recalling requests and closing a search without a placement (withdrawn, order lapsed, ceased, elsewhere)."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from accounts.models import AuditEvent
from accounts.services import audit_record
from accounts.types import Actor
from vocabulary.codelists import CODE_LISTS

from ..events import search_closed
from ..models import HomeRequest, Search
from ..states import OPEN_REQUEST_STATUSES, request_transition_check, search_transition_check
from .common import home_managers_emails, notify


def _notify_recall(home_request_id: int) -> None:
    home_request = HomeRequest.objects.select_related("home", "search__referral").get(pk=home_request_id)
    notify(
        to=home_managers_emails(home_request.home),
        subject="A secure welfare referral has been recalled",
        reference=str(home_request.search.referral.reference),
        lines=[
            "The search for this referral has ended, so the request to your home has been recalled.",
            "Its pack is no longer available to your home. Delete any copies you have made.",
        ],
        url_name="circulation:inbox",
        args=[],
    )


def request_recall(*, home_request: HomeRequest, user: Actor) -> HomeRequest:
    """Take a request back from a home: its pack is no longer available to it; its message is queued with it."""
    request_transition_check(home_request, HomeRequest.Status.RECALLED)
    home_request.status, home_request.recalled_at = HomeRequest.Status.RECALLED, timezone.now()
    home_request.save(update_fields=["status", "recalled_at"])
    audit_record(
        actor=user, action="circulation.request_recall", outcome=AuditEvent.Outcome.SUCCEEDED, obj=home_request
    )
    _notify_recall(home_request.pk)
    return home_request


def requests_recall_open(*, search: Search, user: Actor, keep: HomeRequest | None = None) -> int:
    """Recall every open request of the search except `keep`; returns how many."""
    open_requests = search.requests.select_for_update().filter(status__in=OPEN_REQUEST_STATUSES)
    if keep is not None:
        open_requests = open_requests.exclude(pk=keep.pk)
    recalled = 0
    for home_request in open_requests.select_related("home"):
        request_recall(home_request=home_request, user=user)
        recalled += 1
    return recalled


def _check_alternative(outcome: str, place_code: str, provider_type: str) -> None:

    if outcome != Search.Outcome.ALTERNATIVE:
        return
    places = {item["code"] for item in CODE_LISTS["ssda903_place"]["items"]}
    providers = {item["code"] for item in CODE_LISTS["ssda903_place_provider"]["items"]}
    errors = {}
    if place_code not in places:
        errors["place_code"] = "Select the type of accommodation (SSDA903 placement type)"
    if provider_type and provider_type not in providers:
        errors["provider_type"] = "Select the provider from the list"
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def search_close(
    *,
    search: Search,
    outcome: str,
    user: Actor,
    closed_on: date | None = None,
    place_code: str = "",
    registered: bool | None = None,
    dol_order: bool | None = None,
    provider_type: str = "",
) -> Search:
    """End a search without a placement; recall open requests and start the unplaced child's follow-up."""
    if outcome not in Search.Outcome.values or outcome == Search.Outcome.PLACED:
        raise ValidationError({"outcome": "Select why the search ended"})
    _check_alternative(outcome, place_code, provider_type)
    search = Search.objects.select_for_update().select_related("referral").get(pk=search.pk)
    search_transition_check(search, Search.Status.CLOSED)
    alternative = outcome == Search.Outcome.ALTERNATIVE
    search.status, search.outcome, search.closed_by = Search.Status.CLOSED, outcome, user
    search.closed_at, search.closed_on = timezone.now(), closed_on or timezone.localdate()
    search.place_code = place_code if alternative else ""
    search.registered = registered if alternative else None
    search.dol_order = dol_order if alternative else None
    search.provider_type = provider_type if alternative else ""
    search.full_clean()
    search.save()
    requests_recall_open(search=search, user=user)
    audit_record(actor=user, action="circulation.search_close", outcome=AuditEvent.Outcome.SUCCEEDED, obj=search)
    # Outcomes starts the unplaced child's follow-up and coordination drafts the Ofsted letter (their receivers).
    search_closed.send(sender=Search, search=search, user=user)
    return search
