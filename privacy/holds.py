"""Legal holds: set and released by the data-protection lead, each audited."""

from datetime import date

from django.contrib.auth.models import User
from django.db.models import Q, QuerySet
from django.utils import timezone

from accounts.models import AuditEvent
from accounts.services import audit_record
from forms_engine.models import Referral

from .models import LegalHold
from .subject_access import child_referrals


def holds_in_force() -> QuerySet[LegalHold]:
    today = timezone.localdate()
    return (
        LegalHold.objects.filter(released_at__isnull=True)
        .filter(Q(until__isnull=True) | Q(until__gte=today))
        .select_related("referral", "set_by")
    )


def held_references(hold: LegalHold) -> list[str]:
    """The references a hold keeps: its referral's, or (a hold on the child) every referral of the child today."""
    if hold.scope == LegalHold.Scope.CHILD:
        return [referral.reference or f"draft {referral.pk}" for referral in child_referrals(hold.referral)]
    return [hold.referral.reference or f"draft {hold.referral_id}"]


def hold_set(
    *, actor: User, referral: Referral, reason: str, until: date | None, scope: str = LegalHold.Scope.REFERRAL
) -> LegalHold:
    """Hold the referral, or with scope CHILD every referral of its child (including later ones); audited."""
    hold = LegalHold(referral=referral, reason=reason, until=until, set_by=actor, scope=scope)
    hold.full_clean()
    hold.save()
    audit_record(actor=actor, action="privacy.legal_hold_set", outcome=AuditEvent.Outcome.SUCCEEDED, obj=hold)
    return hold


def hold_release(*, actor: User, hold: LegalHold) -> None:
    LegalHold.objects.filter(pk=hold.pk).update(released_by=actor, released_at=timezone.now())
    audit_record(actor=actor, action="privacy.legal_hold_released", outcome=AuditEvent.Outcome.SUCCEEDED, obj=hold)
