"""Landing-page cards about referrals, registered for local authorities' referrers and signers."""

from django.urls import reverse

from accounts.dashboard import Card, Link
from accounts.models import Membership, Role

from .access import referrals_signable_by, referrals_visible_to
from .models import Referral


def _referral_card(membership: Membership) -> Card:
    referrals = referrals_visible_to(membership.user)
    recent_drafts = list(referrals.filter(status=Referral.Status.DRAFT).order_by("-updated_at")[:5])
    drafts = referrals.filter(status=Referral.Status.DRAFT).count()
    waiting = referrals.filter(status=Referral.Status.AWAITING_SIGNATURE).count()
    submitted = referrals.filter(status=Referral.Status.SUBMITTED).count()
    return Card(
        title="Your authority's referrals",
        body=f"{waiting} waiting for a sanctioning officer's signature and {submitted} submitted. Secure welfare "
        f"referrals for children of {membership.organisation}.",
        figure=str(drafts) if drafts else "",
        figure_label="draft referrals" if drafts != 1 else "draft referral",
        empty="" if drafts or waiting or submitted else "Your authority has no referrals yet.",
        links=(
            *(Link(f"Continue {r.child_name or 'unnamed draft'}", r.get_absolute_url()) for r in recent_drafts),
            Link("Go to referrals", reverse("referrals:list")),
        ),
    )


def _signature_card(membership: Membership) -> Card:
    waiting = list(referrals_signable_by(membership.user)[:5])
    return Card(
        title="Referrals waiting for your signature",
        body="A referral goes to the coordination unit only after you sign its statement of responsibility.",
        figure=str(len(waiting)) if waiting else "",
        figure_label="waiting",
        empty="" if waiting else "Nothing is waiting for your signature.",
        links=tuple(
            Link(f"Sign {r.child_name or 'referral'}", reverse("referrals:sign", args=[r.pk])) for r in waiting
        ),
    )


def authority_cards(membership: Membership) -> list[Card]:
    """A social worker's referrals; a sanctioning officer's signatures first, then the referrals."""
    if membership.role == Role.SOCIAL_WORKER:
        return [_referral_card(membership)]
    if membership.role == Role.SANCTIONING_OFFICER:
        return [_signature_card(membership), _referral_card(membership)]
    return []
