"""What several demo modules need: demo people by e-mail and submitted referrals of made-up children."""

import datetime
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.models import User
from django.utils import timezone

from accounts.models import Organisation
from forms_engine.definitions import REFERRAL_FORM_KEY
from forms_engine.models import FormVersion, Referral
from forms_engine.services.referrals import answers_hash

SIGNATORY = {"signatory_name": "Alex Fictitious", "signatory_job_title": "Head of Service"}


def demo_user(email: str) -> User | None:
    """A demo account by its e-mail address, or None before the people are loaded."""
    return get_user_model().objects.filter(email=email).first()


def submitted_referral(
    *,
    reference: str,
    authority: Organisation,
    worker: Any,
    answers: dict[str, Any],
    submitted_at: datetime.datetime | None = None,
) -> Referral:
    """A v4 referral already signed and submitted by `worker` (demo data skips the journey it would take)."""
    referral = Referral(
        reference=reference,
        version=FormVersion.objects.get(form__key=REFERRAL_FORM_KEY, number=4),
        local_authority=authority,
        created_by=worker,
        signed_by=worker,
        status=Referral.Status.SUBMITTED,
        answers=answers,
        answers_hash=answers_hash(answers),
        submitted_at=submitted_at or timezone.now(),
        **SIGNATORY,
    )
    referral.save()
    return referral
