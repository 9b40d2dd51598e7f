"""Keeping a search open: the LA's two-weekly update, the three-monthly reviewed referral, and ceasing when overdue."""

from datetime import date

from django.db import transaction
from django.utils import timezone

from accounts.models import AuditEvent, Membership
from accounts.services import audit_record
from accounts.types import Actor
from circulation.models import Search
from circulation.services import search_close
from forms_engine.definitions import REFERRAL_FORM_KEY
from forms_engine.models import Referral
from forms_engine.schema import iter_questions
from forms_engine.services import live_version, referral_start_from

from ..models import SearchReview, SearchUpdate
from ..selectors import upkeep_for
from .common import UpkeepRefused


def _locked_open(search: Search) -> Search:
    search = Search.objects.select_for_update().select_related("referral__local_authority").get(pk=search.pk)
    if not search.is_open:
        raise UpkeepRefused("This search has ended: it no longer needs updates or reviews.")
    return search


@transaction.atomic
def search_update_submit(
    *,
    search: Search,
    user: Actor,
    what_changed: str,
    placement_and_risks: str,
    order_status: str,
    order_expires_on: date | None = None,
    for_homes: str = "",
) -> SearchUpdate:
    """Record the LA's two-weekly update; the next one is due 14 days from today."""
    search = _locked_open(search)
    update = SearchUpdate(
        search=search,
        what_changed=what_changed,
        placement_and_risks=placement_and_risks,
        order_status=order_status,
        order_expires_on=order_expires_on,
        for_homes=for_homes,
        submitted_by=user,
    )
    update.full_clean()
    update.save()
    audit_record(actor=user, action="coordination.update_submit", outcome=AuditEvent.Outcome.SUCCEEDED, obj=update)
    return update


def _latest_submitted(search: Search) -> Referral:
    """The child's most recent submitted referral for this search: the last reviewed one, or the original."""
    review = (
        search.reviews.filter(referral__status=Referral.Status.SUBMITTED)
        .select_related("referral__version")
        .order_by("-referral__submitted_at")
        .first()
    )
    return review.referral if review else search.referral


def _mark_as_review(referral: Referral, *, original: Referral) -> None:
    """On versions that ask (v5 on), say it is a review of the original; what changed is asked afresh each time."""
    keys = {question["key"] for _, _, question in iter_questions(referral.version.schema)}
    if "is_review" not in keys:
        return
    referral.answers.pop("review_changes", None)
    referral.answers.update({"is_review": "yes", "review_of_reference": original.reference or ""})
    referral.save(update_fields=["answers", "updated_at"])


@transaction.atomic
def search_review_start(*, search: Search, membership: Membership) -> SearchReview:
    """Copy the last submitted referral forward onto the live form version as a draft review (or resume the draft)."""
    search = _locked_open(search)
    if membership.organisation_id != search.referral.local_authority_id:
        raise UpkeepRefused("Only the referring local authority can review its referral.")
    draft = search.reviews.exclude(referral__status=Referral.Status.SUBMITTED).select_related("referral").first()
    if draft is not None:
        return draft
    version = live_version(form_key=REFERRAL_FORM_KEY)
    if version is None:
        raise UpkeepRefused("The referral form is not open at the moment. Contact the coordination unit.")
    source = _latest_submitted(search)
    referral = referral_start_from(membership=membership, source=source, version=version)
    _mark_as_review(referral, original=search.referral)
    review = SearchReview(search=search, source=source, referral=referral, started_by=membership.user)
    review.full_clean()
    review.save()
    audit_record(
        actor=membership.user, action="coordination.review_start", outcome=AuditEvent.Outcome.SUCCEEDED, obj=review
    )
    return review


@transaction.atomic
def search_cease(*, search: Search, user: Actor, today: date | None = None) -> Search:
    """The coordinator ceases a search whose update or review is overdue; any other search is closed another way."""

    search = _locked_open(search)
    if not upkeep_for(search, today=today).will_cease:
        raise UpkeepRefused(
            "This search is not overdue for an update or a review, so it cannot be ceased. "
            "To end it for another reason, close the search."
        )
    return search_close(
        search=search,
        outcome=Search.Outcome.CEASED,
        user=user,
        closed_on=today or timezone.localdate(),
    )
