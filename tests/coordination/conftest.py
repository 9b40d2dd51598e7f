"""Fixtures for coordination: the seeded form versions, two local authorities and a member for every role."""

import datetime
from typing import Any

import pytest
from django.utils import timezone

from accounts.models import Organisation, Role
from circulation.models import Search
from forms_engine.models import FormVersion
from tests.factories import member
from tests.forms_engine.conftest import client_for, forms_seeded, hampshire, leeds  # noqa: F401

from .factories import open_search


def at(year: int, month: int, day: int, hour: int = 10) -> datetime.datetime:
    """A moment in the service's time zone."""
    return timezone.make_aware(datetime.datetime(year, month, day, hour))


@pytest.fixture
def coordinator(db: Any) -> Any:
    return member(Role.COORDINATOR)


@pytest.fixture
def social_worker(hampshire: Organisation) -> Any:  # noqa: F811
    return member(Role.SOCIAL_WORKER, hampshire)


@pytest.fixture
def officer(hampshire: Organisation) -> Any:  # noqa: F811
    return member(Role.SANCTIONING_OFFICER, hampshire)


@pytest.fixture
def leeds_worker(leeds: Organisation) -> Any:  # noqa: F811
    return member(Role.SOCIAL_WORKER, leeds)


@pytest.fixture
def v4(forms_seeded: dict[int, FormVersion]) -> FormVersion:  # noqa: F811
    return forms_seeded[4]


@pytest.fixture
def search(v4: FormVersion, hampshire: Organisation, coordinator: Any) -> Search:  # noqa: F811
    """An open search for a Hampshire child, opened on 1 March 2026."""
    return open_search(version=v4, local_authority=hampshire, user=coordinator, opened_at=at(2026, 3, 1))


__all__ = ["at", "client_for"]
