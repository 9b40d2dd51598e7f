"""Use cases for bed declarations: declare, take a bed on placement, remind homes that have not declared."""

from datetime import date
from typing import Any

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from accounts.models import AuditEvent, Membership, Organisation, Role
from accounts.services import audit_record
from accounts.types import Actor
from ops.notifications import notification_send

from .models import BedDeclaration
from .selectors import beds_on, latest_declarations

DECLARED_FIELDS = (
    "approved_places",
    "available_welfare",
    "available_justice",
    "staffed_capacity",
    "max_staffing_ratio",
    "sexes",
    "min_age",
    "max_age",
    "notes",
)


@transaction.atomic
def bed_declare(*, home: Organisation, user: Actor, data: dict[str, Any], on: date | None = None) -> BedDeclaration:
    """Record a new declaration for the home and day; earlier ones that day stay as history."""
    declaration = BedDeclaration(
        home=home,
        date=on or timezone.localdate(),
        declared_by=user,
        declared_at=timezone.now(),
        **{name: data[name] for name in DECLARED_FIELDS if name in data},
    )
    declaration.full_clean()
    declaration.save()
    audit_record(actor=user, action="beds.declare", outcome=AuditEvent.Outcome.SUCCEEDED, obj=declaration)
    return declaration


@transaction.atomic
def bed_take(*, home: Organisation, on: date, user: Actor) -> BedDeclaration | None:
    """One welfare bed and one staffed place fewer on that day's latest declaration (never below 0)."""
    latest = latest_declarations(on=on).filter(home=home).first()
    if latest is None:
        return None
    declaration = BedDeclaration.objects.select_for_update().get(pk=latest.pk)
    declaration.available_welfare = max(declaration.available_welfare - 1, 0)
    declaration.staffed_capacity = max(declaration.staffed_capacity - 1, 0)
    declaration.save(update_fields=["available_welfare", "staffed_capacity"])
    audit_record(actor=user, action="beds.take", outcome=AuditEvent.Outcome.SUCCEEDED, obj=declaration)
    return declaration


def managers_of(*, homes: list[Organisation]) -> list[str]:
    """E-mail addresses of the active registered managers (and deputies) of these homes."""
    memberships = Membership.objects.filter(
        organisation__in=homes, role=Role.HOME_MANAGER, is_active=True, user__is_active=True
    ).exclude(user__email="")
    return sorted(set(memberships.values_list("user__email", flat=True)))


def bed_reminders_send(*, on: date | None = None) -> int:
    """E-mail the managers of every home that has not declared today (weekdays only); returns messages sent."""
    on = on or timezone.localdate()
    if on.weekday() >= 5:
        return 0
    homes = [row.home for row in beds_on(on=on) if not row.declared]
    sent = 0
    for home in homes:
        sent += notification_send(
            to=managers_of(homes=[home]),
            subject="Declare today's beds",
            body=f"{home.name} has not declared its beds for {on:%-d %B %Y}.\n\n"
            f"Declare them here: {_absolute(reverse('beds:declare'))}\n\n"
            "The coordination unit circulates referrals only to homes that have declared a bed today.",
        )
    return sent


def _absolute(path: str) -> str:
    return f"{settings.WAGTAILADMIN_BASE_URL.rstrip('/')}{path}"
