"""Who may see and change referrals and their packs: the rules the views of forms_engine and other apps ask."""

from django.db.models import Q, QuerySet

from accounts.access import Permission, has_permission, membership_for
from accounts.types import Viewer

from .definitions.published import VERSION_CONTENT
from .models import PackJob, Referral

# A home keeps a referral while it is deciding, has offered, or has the child; not once declined or recalled.
# These are circulation's HomeRequest statuses (tests/circulation/test_access.py checks they still exist).
HOME_REQUEST_LIVE_STATUSES = ("awaiting", "info_requested", "accepted", "placed")


def refers(user: Viewer) -> bool:
    """Whether the user refers children or signs referrals for their local authority."""
    return has_permission(user, Permission.START_REFERRAL) or has_permission(user, Permission.SIGN_REFERRAL)


def _live_at_home(organisation_id: int) -> QuerySet[Referral]:
    """Submitted referrals circulated to this home and still live there (not declined or recalled)."""
    return Referral.objects.filter(
        search__requests__home_id=organisation_id, search__requests__status__in=HOME_REQUEST_LIVE_STATUSES
    )


def referrals_visible_to(user: Viewer) -> QuerySet[Referral]:
    """Referrals a user may open: their authority's for referrers and signers; submitted ones for the unit; a
    home's while circulated to it and not recalled or declined."""
    membership = membership_for(user)
    if has_permission(user, Permission.COORDINATE_REFERRALS):
        return (
            Referral.objects.filter(status=Referral.Status.SUBMITTED)
            .select_related("version", "local_authority")
            .defer(*VERSION_CONTENT)
        )
    if membership is not None and has_permission(user, Permission.DECIDE_REFERRALS):
        live = _live_at_home(membership.organisation_id).values("pk")
        return (
            Referral.objects.filter(status=Referral.Status.SUBMITTED, pk__in=live)
            .select_related("version", "local_authority")
            .defer(*VERSION_CONTENT)
        )
    if membership is None or not refers(user):
        return Referral.objects.none()
    # The version's content is the kept, decoded one of its publication (forms_engine/definitions/published.py).
    return (
        Referral.objects.filter(local_authority_id=membership.organisation_id)
        .select_related("version")
        .defer(*VERSION_CONTENT)
    )


def referrals_editable_by(user: Viewer) -> QuerySet[Referral]:
    """Drafts the user may change: their authority's, while still drafts."""
    if not has_permission(user, Permission.START_REFERRAL):
        return referrals_visible_to(user).none()
    return referrals_visible_to(user).filter(status=Referral.Status.DRAFT)


def referrals_amendable_by(user: Viewer) -> QuerySet[Referral]:
    """Submitted referrals whose answers the user may correct: their own authority's, while not anonymised."""
    if not has_permission(user, Permission.START_REFERRAL):
        return referrals_visible_to(user).none()
    return referrals_visible_to(user).filter(status=Referral.Status.SUBMITTED, anonymised_at__isnull=True)


def referrals_signable_by(user: Viewer) -> QuerySet[Referral]:
    """Referrals waiting for this sanctioning officer's signature: those the referrer chose them to sign, and any
    sent before an officer was chosen. The authority's other officers can read a referral chosen for a colleague
    (referrals_visible_to) but not sign it."""
    if not has_permission(user, Permission.SIGN_REFERRAL):
        return referrals_visible_to(user).none()
    return referrals_visible_to(user).filter(
        Q(sanctioning_officer__isnull=True) | Q(sanctioning_officer_id=user.pk),
        status=Referral.Status.AWAITING_SIGNATURE,
    )


def pack_jobs_visible_to(user: Viewer) -> QuerySet[PackJob]:
    """Packs a user may see: every one for the unit, the authority's own referrals', a home only its own live one."""
    membership = membership_for(user)
    jobs = PackJob.objects.filter(referral__status=Referral.Status.SUBMITTED).select_related("home", "referral")
    if membership is None:
        return jobs.none()
    if has_permission(user, Permission.COORDINATE_REFERRALS):
        return jobs
    if has_permission(user, Permission.DECIDE_REFERRALS):
        live = _live_at_home(membership.organisation_id).values("pk")
        return jobs.filter(home_id=membership.organisation_id, referral_id__in=live)
    if refers(user):
        return jobs.filter(referral__local_authority_id=membership.organisation_id)
    return jobs.none()
