"""Demo data for coordination (called by seed_demo after circulation, idempotent, never failing when nothing exists).

On the searches circulation's demo made: a two-weekly update on the newest open search, the oldest other open search
made overdue (so it shows "Search will cease"), and the Ofsted letter drafted for every search that ended unplaced.
"""

import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone

from accounts.models import Membership, Organisation, Role
from circulation.models import Search

from .models import OfstedNotification, SearchUpdate
from .selectors import upkeep_for
from .services import ofsted_notification_draft, search_update_submit

DEMO_UPDATE = {
    "what_changed": "One missing episode since the referral; returned after six hours with police help. The "
    "interim order was extended at the hearing on Tuesday.",
    "placement_and_risks": "Still in the same residential children's home with 2:1 staffing. Risk of criminal "
    "exploitation remains high; no self-harm since the referral.",
    "order_status": SearchUpdate.OrderStatus.INTERIM_ORDER,
    "for_homes": "Prefers to be called by a shortened first name. Vegetarian.",
}
OVERDUE_DAYS = 17


def _member(organisation: Organisation, role: str) -> Any:
    membership = (
        Membership.objects.filter(organisation=organisation, role=role, is_active=True, user__is_active=True)
        .select_related("user")
        .order_by("pk")
        .first()
    )
    return membership.user if membership else None


def _add_update(search: Search) -> None:
    """The newest open search gets an update sent three days ago by the authority's social worker."""
    author = _member(search.referral.local_authority, Role.SOCIAL_WORKER)
    if author is None or search.updates.filter(what_changed=DEMO_UPDATE["what_changed"]).exists():
        return
    update = search_update_submit(
        search=search,
        user=author,
        order_expires_on=timezone.localdate() + datetime.timedelta(days=60),
        **DEMO_UPDATE,  # type: ignore[arg-type]
    )
    SearchUpdate.objects.filter(pk=update.pk).update(submitted_at=timezone.now() - datetime.timedelta(days=3))


def _make_overdue(search: Search) -> None:
    """Open it 17 days ago with no update, so its two-weekly update is two days overdue."""
    if search.updates.exists() or upkeep_for(search).will_cease:
        return
    Search.objects.filter(pk=search.pk).update(opened_at=timezone.now() - datetime.timedelta(days=OVERDUE_DAYS))


def _draft_letters() -> None:
    coordinator = Membership.objects.filter(role=Role.COORDINATOR, is_active=True).select_related("user").first()
    user = coordinator.user if coordinator else None
    for search in Search.objects.filter(status=Search.Status.CLOSED, ofsted_notification__isnull=True):
        ofsted_notification_draft(search=search, user=user)


@transaction.atomic
def demo_coordination_seed() -> int:
    """Create or update the demo rows; returns how many updates and Ofsted notifications exist."""
    open_searches = list(
        Search.objects.filter(status=Search.Status.OPEN)
        .select_related("referral__local_authority")
        .order_by("opened_at")
    )
    if open_searches:
        _add_update(open_searches[-1])
    if len(open_searches) > 1:
        _make_overdue(open_searches[0])
    _draft_letters()
    return SearchUpdate.objects.count() + OfstedNotification.objects.count()
