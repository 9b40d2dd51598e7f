"""Fixtures for circulation: seeded forms, two authorities, three homes with managers, a coordinator."""

from typing import Any

import pytest

from accounts.models import Organisation, Role
from circulation.models import HomeRequest, Search
from circulation.services import search_circulate
from forms_engine.models import FormVersion, Referral
from tests.factories import member
from tests.forms_engine import conftest as _forms

from .factories import home_with_manager, submitted_referral

# The referral journey's fixtures, shared rather than copied.
client_for = _forms.client_for
forms_seeded, hampshire, leeds = _forms.forms_seeded, _forms.hampshire, _forms.leeds
social_worker, officer = _forms.social_worker, _forms.officer


@pytest.fixture
def coordinator(db: Any) -> Any:
    return member(Role.COORDINATOR)


@pytest.fixture
def homes(db: Any) -> dict[str, tuple[Organisation, Any]]:
    """Three homes, each with its registered manager."""
    return {
        "marydale": home_with_manager("Marydale Lodge", "marydale-lodge"),
        "kyloe": home_with_manager("Kyloe House", "kyloe-house"),
        "adel": home_with_manager("Adel Beck", "adel-beck"),
    }


@pytest.fixture
def referral(forms_seeded: dict[int, FormVersion], hampshire: Organisation, social_worker: Any) -> Referral:
    """A submitted v4 referral from Hampshire for a fictional 15-year-old girl."""
    return submitted_referral(version=forms_seeded[4], local_authority=hampshire, user=social_worker)


@pytest.fixture
def circulated(referral: Referral, homes: dict, coordinator: Any) -> Search:
    """The referral circulated to all three homes (packs requested, not built)."""
    search_circulate(referral=referral, homes=[home for home, _ in homes.values()], user=coordinator)
    return Search.objects.get(referral=referral)


def request_for(search: Search, home: Organisation) -> HomeRequest:
    return HomeRequest.objects.get(search=search, home=home)
