"""Fixtures for oversight: authorities in two regions, homes, and the unit's coordinator and analyst."""

from typing import Any

import pytest

from accounts.models import Organisation, Role
from tests.factories import OrganisationFactory, SecureHomeFactory, member


@pytest.fixture
def authorities(db: Any) -> list[Organisation]:
    return [
        OrganisationFactory(name="Hampshire", slug="hampshire", region="South East"),
        OrganisationFactory(name="Kent", slug="kent", region="South East"),
        OrganisationFactory(name="Leeds", slug="leeds", region="Yorkshire and The Humber"),
    ]


@pytest.fixture
def homes(db: Any) -> list[Organisation]:
    return [SecureHomeFactory(name=f"Home {n}", slug=f"home-{n}") for n in range(1, 9)]


@pytest.fixture
def coordinator(db: Any) -> Any:
    return member(Role.COORDINATOR)


@pytest.fixture
def analyst(db: Any) -> Any:
    return member(Role.ANALYST)
