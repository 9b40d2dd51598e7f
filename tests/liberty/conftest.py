"""Fixtures for liberty safeguards: the circulation fixtures (two authorities, three homes, a referral), reused."""

from datetime import date, datetime, time, timedelta
from typing import Any

import pytest
from django.utils import timezone

from accounts.models import Organisation, Role
from forms_engine.models import FormVersion, Referral
from liberty.models import LibertyOrder
from liberty.services import order_record
from tests.circulation import conftest as _circulation
from tests.circulation.factories import submitted_referral
from tests.factories import member

client_for = _circulation.client_for
forms_seeded, hampshire, leeds = _circulation.forms_seeded, _circulation.hampshire, _circulation.leeds
social_worker, officer, coordinator = _circulation.social_worker, _circulation.officer, _circulation.coordinator
homes, referral, circulated = _circulation.homes, _circulation.referral, _circulation.circulated


@pytest.fixture
def wales(db: Any) -> Organisation:
    return Organisation.objects.create(
        name="Cardiff Council",
        slug="cardiff",
        kind=Organisation.Kind.LOCAL_AUTHORITY,
        nation=Organisation.Nation.WALES,
        ons_code="W06000015",
    )


@pytest.fixture
def welsh_referral(forms_seeded: dict[int, FormVersion], wales: Organisation) -> Referral:
    worker = member(Role.SOCIAL_WORKER, wales)
    return submitted_referral(version=forms_seeded[4], local_authority=wales, user=worker)


def moment(day: date, hour: int = 0, minute: int = 0) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


def record(referral: Referral, user: Any, **overrides: Any) -> LibertyOrder:
    """A DoL order in a registered home from today, ending in 90 days, unless told otherwise."""
    today = timezone.localdate()
    data: dict[str, Any] = {
        "kind": LibertyOrder.Kind.DOL_INHERENT,
        "court": "High Court, Family Division",
        "expires_on": today + timedelta(days=90),
        "setting": LibertyOrder.Setting.REGISTERED_HOME,
        "setting_nation": LibertyOrder.Nation.ENGLAND,
    }
    starts_at = overrides.pop("starts_at", moment(today))
    ended_at = overrides.pop("ended_at", None)
    data.update(overrides)
    return order_record(referral=referral, data=data, starts_at=starts_at, ended_at=ended_at, user=user)
