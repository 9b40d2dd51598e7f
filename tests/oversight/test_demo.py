"""The demo's synthetic national searches: a few hundred, every demo home's year of beds, quick to seed."""

import time
from typing import Any

from accounts.models import Organisation
from demo.accounts import demo_organisations_seed
from demo.oversight import DEMO_SEARCHES, demo_oversight_seed
from oversight.models import CapacityDay, QuarterlyPublication, SearchFact


def test_demo_seed_is_small_repeatable_and_covers_every_home(db: Any) -> None:
    demo_organisations_seed()
    began = time.monotonic()
    first = demo_oversight_seed()
    assert time.monotonic() - began < 20
    assert first["searches"] == DEMO_SEARCHES == SearchFact.objects.filter(is_synthetic=True).count()
    homes = Organisation.objects.filter(kind=Organisation.Kind.SECURE_HOME, is_active=True).count()
    assert CapacityDay.objects.filter(is_synthetic=True).values("home").distinct().count() == homes
    assert demo_oversight_seed() == first  # seeding twice gives the same rows, not twice as many
    assert SearchFact.objects.filter(is_synthetic=True).count() == DEMO_SEARCHES
    assert QuarterlyPublication.objects.count() == 1  # last quarter's public page, published again, not twice
