"""Fixtures for the website tests: the demo site (built by the same seed `make run` uses) or a bare home page."""

import pytest
from django.core.management import call_command
from wagtail.models import Page, Site

from cms.models import HomePage
from tests.cms.factories import HomePageFactory


@pytest.fixture
def demo_site(db: None) -> None:
    """Organisations, users, form versions and every section of the website."""
    call_command("seed_demo", "--quiet-logins")


@pytest.fixture
def home_page(db: None) -> HomePage:
    """A bare home page serving the default site, for tests that need a page or two rather than the demo site."""
    home = HomePageFactory(parent=Page.get_first_root_node())
    Site.objects.update_or_create(is_default_site=True, defaults={"hostname": "localhost", "root_page": home})
    return home
