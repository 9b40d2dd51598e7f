"""What several demo modules need: demo people by e-mail and submitted referrals of made-up children."""

import datetime
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.models import User
from django.utils import timezone

from accounts.models import Membership, Organisation, Role
from forms_engine.definitions import REFERRAL_FORM_KEY
from forms_engine.mocks.catalogue import mock_spec
from forms_engine.models import FormVersion, Referral
from forms_engine.services.referrals import answers_hash

JOB_TITLE = "Head of Service"


def demo_user(email: str) -> User | None:
    """A demo account by its e-mail address, or None before the people are loaded."""
    return get_user_model().objects.filter(email=email).first()


def referral_version() -> FormVersion | None:
    """The version demo referrals are made on: v5 (live from 1 April 2021), or v4 where v5 is still a draft (as most
    tests keep it); None before the form is loaded. Their answers come from the mocks of that version."""
    published = FormVersion.objects.filter(form__key=REFERRAL_FORM_KEY, number__in=(4, 5), published_at__isnull=False)
    return published.order_by("-number").first()


def mock_answers(mock_key: str, version: FormVersion) -> dict[str, Any]:
    """A v4 mock's answers for a referral on `version` (the same child's v5 mock on v5), without its documents."""
    key = mock_key if version.number == 4 else f"{mock_key}-v{version.number}"
    return {k: v for k, v in mock_spec(key).answers.items() if not k.startswith("attachment_")}


def submitted_referral(
    *,
    reference: str,
    authority: Organisation,
    worker: Any,
    answers: dict[str, Any],
    submitted_at: datetime.datetime | None = None,
) -> Referral:
    """A referral on referral_version(), already signed by the authority's sanctioning officer (the worker when it
    has none) and submitted (demo data skips the journey it would take); the answers name the officer who signed."""
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
        version=referral_version(),
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
