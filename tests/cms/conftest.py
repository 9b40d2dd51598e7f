"""Fixtures for the website tests: the demo site, built by the same seed `make run` uses."""

import pytest
from django.core.management import call_command


@pytest.fixture
def demo_site(db: None) -> None:
    """Organisations, users, form versions and every section of the website."""
    call_command("seed_demo", "--quiet-logins")
