"""Demo data for coordination (called by seed_demo after circulation, idempotent, never failing when nothing exists).

On the searches circulation's demo made: a two-weekly update on the newest open search and the Ofsted letter drafted
for every search that ended unplaced. One search of coordination's own, SW-DEMO-LATE (Leeds, a fictional child),
opened 20 days ago and declined by the homes asked, has had no update: it shows "Search will cease" and the
coordinator can cease it. Without the referral form, the coordinator or the homes, that story is skipped.
"""

import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone

from accounts.models import Membership, Organisation, Role
from accounts.types import Actor
from circulation.models import Search
from circulation.services import request_decline, search_circulate
from coordination.models import OfstedNotification, SearchUpdate
from coordination.services import ofsted_notification_draft, search_update_submit
from demo.common import mock_answers, referral_version, submitted_referral
from forms_engine.mocks.common import referrer
from forms_engine.models import Referral

DEMO_UPDATE = {
    "what_changed": "One missing episode since the referral; returned after six hours with police help. The "
    "interim order was extended at the hearing on Tuesday.",
    "placement_and_risks": "Still in the same residential children's home with 2:1 staffing. Risk of criminal "
    "exploitation remains high; no self-harm since the referral.",
    "order_status": SearchUpdate.OrderStatus.INTERIM_ORDER,
    "for_homes": "Prefers to be called by a shortened first name. Vegetarian.",
}
LATE_REFERENCE = "SW-DEMO-LATE"
LATE_DAYS = 20
LATE_HOMES = {"marydale-lodge": ["no_vacancy"], "kyloe-house": ["mix_of_young_people", "staffing"]}


def _member(organisation: Organisation, role: str) -> Any:
    membership = (
        Membership.objects.filter(organisation=organisation, role=role, is_active=True, user__is_active=True)
        .select_related("user")
        .order_by("pk")
        .first()
    )
    return membership.user if membership else None


def _add_update(search: Search) -> None:
    """The newest open search gets an update from the authority's social worker (three days ago, or half-way)."""
    author = _member(search.referral.local_authority, Role.SOCIAL_WORKER)
    if author is None or search.updates.filter(what_changed=DEMO_UPDATE["what_changed"]).exists():
        return
    update = search_update_submit(
        search=search,
        user=author,
        order_expires_on=timezone.localdate() + datetime.timedelta(days=60),
        **DEMO_UPDATE,
    )
    now = timezone.now()
    sent = max(now - datetime.timedelta(days=3), search.opened_at + (now - search.opened_at) / 2)
    SearchUpdate.objects.filter(pk=update.pk).update(submitted_at=sent)


def _late_referral(coordinator: Any) -> Referral | None:
    """A submitted referral for a fictional Leeds child, from the form's mock referral, 20 days old."""

    leeds = Organisation.objects.filter(slug="leeds").first()
    version = referral_version()
    worker = _member(leeds, Role.SOCIAL_WORKER) if leeds else None
    if leeds is None or version is None or worker is None:
        return None
    answers = mock_answers("boy-15-violence-gangs", version)
    answers.update(referrer(name=worker.get_full_name(), la_code=leeds.ons_code, domain="leeds.example", officer=""))
    answers.update(child_first_name="Mason", child_last_name="Inventedale")
    submitted_at = timezone.now() - datetime.timedelta(days=LATE_DAYS)
    return submitted_referral(
        reference=LATE_REFERENCE, authority=leeds, worker=worker, answers=answers, submitted_at=submitted_at
    )


def _late_story(coordinator: Any) -> None:
    """Circulated 20 days ago to two homes that declined with coded reasons; no update since."""

    if Referral.objects.filter(reference=LATE_REFERENCE).exists():
        return
    referral = _late_referral(coordinator)
    if referral is None:
        return
    homes = list(Organisation.objects.filter(slug__in=LATE_HOMES, kind=Organisation.Kind.SECURE_HOME))
    for home_request in search_circulate(referral=referral, homes=homes, user=coordinator):
        manager = _member(home_request.home, Role.HOME_MANAGER)
        if manager is not None:
            request_decline(home_request=home_request, reasons=LATE_HOMES[home_request.home.slug], user=manager)
    search = Search.objects.get(referral=referral)
    opened = timezone.now() - datetime.timedelta(days=LATE_DAYS)
    Search.objects.filter(pk=search.pk).update(opened_at=opened)
    search.requests.update(
        circulated_at=opened + datetime.timedelta(hours=1),
        respond_by=opened + datetime.timedelta(hours=25),
        decided_at=opened + datetime.timedelta(hours=6),
    )


def _draft_letters(user: Actor) -> None:
    for search in Search.objects.filter(status=Search.Status.CLOSED, ofsted_notification__isnull=True):
        ofsted_notification_draft(search=search, user=user)


@transaction.atomic
def demo_coordination_seed() -> int:
    """Create or update the demo rows; returns how many updates and Ofsted notifications exist."""
    coordinator = _coordinator()
    newest = (
        Search.objects.filter(status=Search.Status.OPEN)
        .exclude(referral__reference=LATE_REFERENCE)
        .select_related("referral__local_authority")
        .order_by("-opened_at")
        .first()
    )
    if newest is not None:
        _add_update(newest)
    if coordinator is not None:
        _late_story(coordinator)
    _draft_letters(coordinator)
    return SearchUpdate.objects.count() + OfstedNotification.objects.count()


def _coordinator() -> Any:
    membership = Membership.objects.filter(role=Role.COORDINATOR, is_active=True).select_related("user").first()
    return membership.user if membership else None
