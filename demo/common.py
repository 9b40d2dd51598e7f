"""What several demo modules need: demo people by e-mail and submitted referrals of made-up children."""

import datetime
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.models import User
from django.utils import timezone

from accounts.models import Membership, Organisation, Role
from forms_engine.definitions import REFERRAL_FORM_KEY
from forms_engine.models import FormVersion, Referral
from forms_engine.services.referrals import answers_hash

JOB_TITLE = "Head of Service"


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
    """A v4 referral already signed by the authority's sanctioning officer (the worker when it has none) and
    submitted (demo data skips the journey it would take); the answers name the officer who signed."""
    officer = (
        Membership.objects.filter(organisation=authority, role=Role.SANCTIONING_OFFICER, user__is_active=True)
        .select_related("user")
        .order_by("pk")
        .first()
    )
    signer = officer.user if officer else worker
    answers = {**answers, "sanctioning_officer_name": signer.get_full_name()}
    referral = Referral(
        reference=reference,
        version=FormVersion.objects.get(form__key=REFERRAL_FORM_KEY, number=4),
        local_authority=authority,
        created_by=worker,
        signed_by=signer,
        status=Referral.Status.SUBMITTED,
        answers=answers,
        answers_hash=answers_hash(answers),
        submitted_at=submitted_at or timezone.now(),
        signatory_name=signer.get_full_name(),
        signatory_job_title=JOB_TITLE,
    )
    referral.save()
    return referral
