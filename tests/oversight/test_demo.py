"""The demo's synthetic national searches: a few hundred, every demo home's year of beds, seeded once."""

from typing import Any

from django.contrib.auth import get_user_model

from accounts.models import Organisation, Role
from demo.accounts import demo_organisations_seed
from demo.oversight import DEMO_SEARCHES, demo_oversight_seed
from oversight.models import CapacityDay, CareCooperative, CareCooperativeMember, QuarterlyPublication, SearchFact


def test_demo_seed_is_small_repeatable_and_covers_every_home(db: Any) -> None:
    demo_organisations_seed()
    first = demo_oversight_seed()
    assert first["searches"] == DEMO_SEARCHES == SearchFact.objects.filter(is_synthetic=True).count()
    homes = Organisation.objects.filter(kind=Organisation.Kind.SECURE_HOME, is_active=True).count()
    assert CapacityDay.objects.filter(is_synthetic=True).values("home").distinct().count() == homes
    assert demo_oversight_seed() == first  # seeding twice gives the same rows, not twice as many
    assert SearchFact.objects.filter(is_synthetic=True).count() == DEMO_SEARCHES
    assert QuarterlyPublication.objects.count() == 1  # last quarter's public page, published again, not twice
    members = CareCooperativeMember.objects.values_list("cooperative__name", "local_authority__slug")
    assert CareCooperative.objects.count() == 3 and ("South East Care Co-operative", "kent") in set(members)
    assert CareCooperativeMember.objects.count() == 6  # seeded twice: each authority still in one co-operative


def test_the_demo_regional_commissioner_lands_on_their_regions_card_and_reports(db: Any) -> None:
    """commissioner@hampshire.example (South East): the landing page has the regional card; the reports show the
    region's figures, never the unit-only table; another region asked for in the address is ignored."""
    from django.core.management import call_command
    from django.test import Client

    from tests.factories import verified_login

    call_command("seed_demo", "--quiet-logins")
    user = get_user_model().objects.get(email="commissioner@hampshire.example")
    assert user.memberships.get().role == Role.REGIONAL_COMMISSIONER
    client = Client()
    verified_login(client, user)
    landing = client.get("/account/dashboard/")
    assert landing.status_code == 200
    assert "Secure welfare placements in South East" in landing.content.decode()
    assert 'href="/oversight/equity/"' in landing.content.decode()
    report = client.get("/oversight/equity/", {"region": "London"})
    assert report.status_code == 200
    html = report.content.decode()
    assert "South East" in html and "declaration showed a staffed welfare bed" not in html
