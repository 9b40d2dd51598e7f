"""Builders for circulation tests: submitted referrals for fictional children, homes with managers and beds."""

import hashlib
import json
from datetime import date
from typing import Any

from django.utils import timezone

from accounts.models import Organisation, Role
from beds.models import BedDeclaration
from forms_engine.models import FormVersion, Referral
from forms_engine.services.referrals import new_reference
from tests.factories import SecureHomeFactory, member
from tests.forms_engine.answers import complete_answers

CHILD_FIRST, CHILD_LAST = "Zephyrine", "Testington-Fictional"


def submitted_referral(
    *, version: FormVersion, local_authority: Organisation, user: Any, sex: str = "female", born: str = "2011-05-14"
) -> Referral:
    """A submitted referral for a clearly fictional child, as the signing service leaves it."""
    answers = complete_answers(
        version.schema,
        version.code_lists,
        child_first_name=CHILD_FIRST,
        child_last_name=CHILD_LAST,
        child_sex=sex,
        child_date_of_birth=born,
        referring_local_authority=local_authority.ons_code or "E10000014",
    )
    digest = hashlib.sha256(json.dumps(answers, sort_keys=True, separators=(",", ":")).encode()).hexdigest()
    return Referral.objects.create(
        version=version,
        local_authority=local_authority,
        created_by=user,
        signed_by=user,
        status=Referral.Status.SUBMITTED,
        answers=answers,
        answers_hash=digest,
        reference=new_reference(),
        submitted_at=timezone.now(),
    )


def home_with_manager(name: str, slug: str) -> tuple[Organisation, Any]:
    """A secure home and its registered manager."""
    home = SecureHomeFactory(name=name, slug=slug)
    return home, member(Role.HOME_MANAGER, home)


def beds_declared(
    home: Organisation,
    manager: Any,
    *,
    on: date | None = None,
    welfare: int = 1,
    sexes: str = "any",
    min_age: int = 10,
    max_age: int = 17,
) -> BedDeclaration:
    """A declaration for the day (today by default)."""
    return BedDeclaration.objects.create(
        home=home,
        date=on or timezone.localdate(),
        approved_places=10,
        available_welfare=welfare,
        available_justice=0,
        staffed_capacity=welfare,
        max_staffing_ratio="standard",
        sexes=sexes,
        min_age=min_age,
        max_age=max_age,
        declared_by=manager,
    )
