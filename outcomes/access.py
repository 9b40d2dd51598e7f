"""Who may see follow-ups and record exits and checkpoints."""

from django.db.models import QuerySet

from accounts.access import Permission, has_permission, membership_for
from accounts.types import Viewer

from .models import Checkpoint, FollowUp


def followups_visible_to(user: Viewer) -> QuerySet[FollowUp]:
    """Follow-ups (child level) a user may open: the unit's all, an authority's own, a home's own placed children."""
    membership = membership_for(user)
    real = FollowUp.objects.filter(is_synthetic=False).select_related("referral", "local_authority", "home")
    if membership is None:
        return real.none()
    if has_permission(user, Permission.COORDINATE_REFERRALS):
        return real
    if has_permission(user, Permission.RECORD_OUTCOMES) or has_permission(user, Permission.START_REFERRAL):
        return real.filter(local_authority_id=membership.organisation_id)
    if has_permission(user, Permission.DECIDE_REFERRALS):  # only until outcomes are recorded: then it is the LA's
        placed_here = real.filter(home_id=membership.organisation_id, cohort=FollowUp.Cohort.PLACED)
        return placed_here.exclude(checkpoints__state=Checkpoint.State.COMPLETED)
    return real.none()


def followups_exit_recordable_by(user: Viewer) -> QuerySet[FollowUp]:
    """Placed children whose exit this user may record: the home's manager, or the authority's workers."""
    if has_permission(user, Permission.COORDINATE_REFERRALS):
        return followups_visible_to(user).none()
    return followups_visible_to(user).filter(cohort=FollowUp.Cohort.PLACED)


def checkpoints_recordable_by(user: Viewer) -> QuerySet[Checkpoint]:
    """Checkpoints a leaving-care worker may record: their own authority's children."""
    membership = membership_for(user)
    if membership is None or not has_permission(user, Permission.RECORD_OUTCOMES):
        return Checkpoint.objects.none()
    return Checkpoint.objects.filter(
        followup__local_authority_id=membership.organisation_id, followup__is_synthetic=False
    ).select_related("followup", "followup__referral")
