"""Fixtures for beds: a home with its registered manager, another home, and the coordinator."""

from typing import Any

import pytest
from django.test import Client

from accounts.models import Organisation, Role
from tests.factories import SecureHomeFactory, member, verified_login


def client_for(user: Any) -> Client:
    client = Client()
    verified_login(client, user)
    return client


@pytest.fixture
def home(db: Any) -> Organisation:
    return SecureHomeFactory(name="Fictional Lodge", slug="fictional-lodge")


@pytest.fixture
def other_home(db: Any) -> Organisation:
    return SecureHomeFactory(name="Imaginary House", slug="imaginary-house")


@pytest.fixture
def manager(home: Organisation) -> Any:
    return member(Role.HOME_MANAGER, home)


@pytest.fixture
def coordinator(db: Any) -> Any:
    return member(Role.COORDINATOR)
