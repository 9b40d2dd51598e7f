"""Demo data for the data-protection pages: an abandoned draft the schedule would delete, a legal hold, and a
correction (rectification) of a submitted referral that a home still holding it is offered."""

from datetime import timedelta

from django.utils import timezone

from accounts.models import Organisation
from forms_engine.models import Referral, ReferralAmendment
from forms_engine.services.amendments import amendment_record
from privacy.models import LegalHold

from .common import demo_user, referral_version

ABANDONED_CHILD = {"child_first_name": "Sam", "child_last_name": "Forgottenham"}
HELD_REFERENCE = "SW-DEMO-CLSD"
# Marydale Lodge is still deciding on it (offered the correction); Kyloe House declined it (not offered).
AMENDED_REFERENCE = "SW-DEMO-OPEN"
AMENDMENT = {
    "question_key": "allergies",
    "new_value": "Penicillin. Peanuts: anaphylaxis; she carries an adrenaline auto-injector (two pens).",
    "reason": "The GP's summary arrived after the referral was submitted and records a peanut allergy.",
}


def demo_privacy_seed() -> None:
    """Idempotent: one draft untouched for 120 days (due under "abandoned drafts"), one hold on a closed search, one
    corrected answer on a referral being decided."""
    worker = demo_user("social.worker@hampshire.example")
    coordinator = demo_user("coordinator@swcu.example")
    version = referral_version()
    if worker is None or coordinator is None or version is None:
        return
    if not Referral.objects.filter(status=Referral.Status.DRAFT, answers__child_last_name="Forgottenham").exists():
        draft = Referral.objects.create(
            version=version,
            local_authority=Organisation.objects.get(slug="hampshire"),
            created_by=worker,
            answers=dict(ABANDONED_CHILD),
        )
        Referral.objects.filter(pk=draft.pk).update(updated_at=timezone.now() - timedelta(days=120))
    amended = Referral.objects.filter(reference=AMENDED_REFERENCE).first()
    if amended is not None and not ReferralAmendment.objects.filter(referral=amended).exists():
        amendment_record(referral=amended, user=worker, **AMENDMENT)
    held = Referral.objects.filter(reference=HELD_REFERENCE).first()
    if held is not None and not LegalHold.objects.filter(referral=held, released_at__isnull=True).exists():
        LegalHold.objects.create(referral=held, reason="Complaint under investigation (demo)", set_by=coordinator)
