"""Members of the unit and of two local authorities, and a data summary page to publish to."""

from typing import Any

import pytest
from django.test import Client
from wagtail.models import Page, Site

from accounts.models import Organisation, Role
from cms.models import DataSummaryPage, HomePage
from tests.factories import OrganisationFactory, SecureHomeFactory, member, verified_login


def client_for(user: Any) -> Client:
    client = Client()
    verified_login(client, user)
    return client


@pytest.fixture
def unit(db: Any) -> Organisation:
    return OrganisationFactory(name="Coordination Unit", slug="unit", kind=Organisation.Kind.COORDINATION_UNIT)


@pytest.fixture
def analyst(unit: Organisation) -> Any:
    return member(Role.ANALYST, unit)


@pytest.fixture
def coordinator(unit: Organisation) -> Any:
    return member(Role.COORDINATOR, unit)


@pytest.fixture
def hampshire(db: Any) -> Organisation:
    return OrganisationFactory(name="Hampshire County Council", slug="hampshire", region="South East")


@pytest.fixture
def leeds(db: Any) -> Organisation:
    return OrganisationFactory(name="Leeds City Council", slug="leeds", region="Yorkshire and The Humber")


@pytest.fixture
def home(db: Any) -> Organisation:
    return SecureHomeFactory(name="Aldine House", slug="aldine-house")


@pytest.fixture
def data_page(db: Any) -> DataSummaryPage:
    """A bare site with a live data summary page."""
    root = Page.get_first_root_node()
    home_page = root.add_child(instance=HomePage(title="Secure Accommodation Network", slug="san-home"))
    Site.objects.update_or_create(is_default_site=True, defaults={"hostname": "localhost", "root_page": home_page})
    page = home_page.add_child(instance=DataSummaryPage(title="Secure welfare data", slug="data"))
    page.save_revision().publish()
    return page
