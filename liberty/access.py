"""Who may see and record a child's liberty orders: the referring authority's workers record them, the unit sees
every one, a home sees only the current order of a child placed with it; nobody else sees any."""

from django.db.models import Q, QuerySet
from django.utils import timezone

from accounts.access import Permission, has_permission, membership_for
from accounts.types import Viewer
from forms_engine.access import refers
from forms_engine.models import Referral

from .models import LibertyOrder, RegulatorNotification


def _current(orders: QuerySet[LibertyOrder]) -> QuerySet[LibertyOrder]:
    today = timezone.localdate()
    return orders.filter(ended_at__isnull=True, starts_at__date__lte=today).filter(
        Q(expires_on__isnull=True) | Q(expires_on__gte=today)
    )


def orders_visible_to(user: Viewer) -> QuerySet[LibertyOrder]:
    """Orders the user may open."""
    membership = membership_for(user)
    orders = LibertyOrder.objects.select_related("referral__local_authority")
    if membership is None:
        return orders.none()
    if has_permission(user, Permission.COORDINATE_REFERRALS):
        return orders
    if refers(user):
        return orders.filter(referral__local_authority_id=membership.organisation_id)
    if has_permission(user, Permission.DECIDE_REFERRALS):
        placed_here = _current(orders.filter(referral__search__placement__home_id=membership.organisation_id))
        latest = placed_here.order_by("referral_id", "-starts_at", "-pk")
        newest_per_child: dict[int, int] = {}
        for referral_id, pk in latest.values_list("referral_id", "pk"):
            newest_per_child.setdefault(referral_id, pk)
        return orders.filter(pk__in=newest_per_child.values())
    return orders.none()


def orders_recordable_by(user: Viewer) -> QuerySet[LibertyOrder]:
    """Orders the user may change: their own authority's, for its referrers and signers."""
    if not refers(user):
        return LibertyOrder.objects.none()
    return orders_visible_to(user)


def referrals_for_orders(user: Viewer) -> QuerySet[Referral]:
    """Submitted referrals whose orders the user may see as a whole (the child's page): the unit's and the
    referring authority's."""
    membership = membership_for(user)
    submitted = Referral.objects.filter(status=Referral.Status.SUBMITTED).select_related("local_authority")
    if membership is None:
        return submitted.none()
    if has_permission(user, Permission.COORDINATE_REFERRALS):
        return submitted
    if refers(user):
        return submitted.filter(local_authority_id=membership.organisation_id)
    return submitted.none()


def notifications_recordable_by(user: Viewer) -> QuerySet[RegulatorNotification]:
    return RegulatorNotification.objects.filter(order__in=orders_recordable_by(user))
