"""Landing-page cards for circulation: a home's waiting referrals; an authority's offers and questions."""

from django.urls import reverse
from django.utils import timezone
from django.utils.timesince import timesince

from accounts.dashboard import Card, Link
from accounts.models import Membership

from . import selectors
from .access import information_requests_answerable_by, offers_confirmable_by
from .models import HomeRequest, Search


def home_cards(membership: Membership) -> list[Card]:
    """Referrals waiting for the registered manager's decision, with the longest wait."""
    waiting = selectors.inbox_for(home=membership.organisation).filter(status=HomeRequest.Status.AWAITING)
    count = waiting.count()
    oldest = waiting.first()
    body = (
        f"The longest has waited {timesince(oldest.circulated_at, timezone.now())}."
        if oldest
        else "Referrals the coordination unit sends to your home appear here."
    )
    return [
        Card(
            title="Referrals waiting for your decision",
            body=body,
            figure=str(count) if count else "",
            figure_label="waiting" if count else "",
            empty="" if count else "No referrals are waiting for a decision.",
            links=(Link("Open your inbox", reverse("circulation:inbox")),),
        )
    ]


def authority_cards(membership: Membership) -> list[Card]:
    """Offers from homes waiting for the authority to confirm, and homes' questions to answer, each linked."""
    offers = list(offers_confirmable_by(membership.user).order_by("decided_at"))  # all counted, five linked
    unanswered = information_requests_answerable_by(membership.user).filter(answered_at__isnull=True)
    questions = unanswered.count()
    return [
        Card(
            title="Offers waiting for confirmation",
            body=f"{questions} question{'s' if questions != 1 else ''} from homes to answer. Confirm one offer to "
            "place the child; the other homes are told.",
            figure=str(len(offers)) if offers else "",
            figure_label="offers" if len(offers) != 1 else "offer",
            empty="" if offers or questions else "No offers or questions are waiting.",
            links=(
                *(
                    Link(
                        f"Confirm {o.home} for {o.search.referral.reference}",
                        reverse("circulation:confirm", args=[o.pk]),
                    )
                    for o in offers[:5]
                ),
                *(
                    Link(
                        f"Answer {q.home_request.home} about {q.home_request.search.referral.reference}",
                        reverse("circulation:answer", args=[q.pk]),
                    )
                    for q in unanswered.order_by("asked_at")[:5]
                ),
                Link("See your searches", reverse("circulation:searches")),
            ),
        )
    ]


def coordinator_cards(membership: Membership) -> list[Card]:
    """Open searches and homes that have run out of time."""
    open_count = selectors.searches_open().count()
    overdue = HomeRequest.objects.filter(
        status=HomeRequest.Status.AWAITING, search__status=Search.Status.OPEN, respond_by__lt=timezone.now()
    ).count()
    return [
        Card(
            title="Open searches",
            body=f"{overdue} home{'s have' if overdue != 1 else ' has'} not responded in time.",
            figure=str(open_count),
            figure_label="open searches" if open_count != 1 else "open search",
            links=(Link("See searches", reverse("circulation:searches")),),
        )
    ]
