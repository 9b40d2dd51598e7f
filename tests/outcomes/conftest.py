"""Fixtures for outcome tests: two local authorities, a home and their staff."""

from typing import Any

import pytest
from django.test import Client

from accounts.models import Organisation, Role
from tests.factories import OrganisationFactory, SecureHomeFactory, member, verified_login


@pytest.fixture
def hampshire(db: Any) -> Organisation:
    return OrganisationFactory(name="Hampshire County Council", slug="hampshire", region="South East")


@pytest.fixture
def leeds(db: Any) -> Organisation:
    return OrganisationFactory(name="Leeds City Council", slug="leeds", region="Yorkshire and The Humber")


@pytest.fixture
def home(db: Any) -> Organisation:
    return SecureHomeFactory(name="Swanwick Lodge", slug="swanwick-lodge")


@pytest.fixture
def leaving_care(hampshire: Organisation) -> Any:
    return member(Role.LEAVING_CARE_WORKER, hampshire)


def client_for(user: Any) -> Client:
    client = Client()
    verified_login(client, user)
    return client
