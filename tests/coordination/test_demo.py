"""The coordination demo seed: builds on circulation's searches, idempotent, harmless when there are none."""

from typing import Any

import pytest

from accounts.models import Organisation, Role
from circulation.models import Search
from circulation.services import search_close
from coordination.models import OfstedNotification, SearchUpdate
from coordination.selectors import upkeep_for
from demo.coordination import LATE_REFERENCE, demo_coordination_seed
from forms_engine.models import FormVersion
from tests.factories import SecureHomeFactory, member

from .factories import open_search


@pytest.mark.django_db
class TestDemoSeed:
    """What seed_demo adds after circulation's demo."""

    def test_with_nothing_seeded_it_adds_nothing_and_does_not_fail(self) -> None:
        """An empty database stays empty."""
        assert demo_coordination_seed() == 0
        assert not Search.objects.exists()

    def test_an_update_a_late_search_and_a_letter_once_only(
        self,
        v4: FormVersion,
        hampshire: Organisation,
        leeds: Organisation,
        coordinator: Any,
        social_worker: Any,
        leeds_worker: Any,
    ) -> None:
        """Newest open search updated, Leeds's late search will cease with declines, letter drafted; twice the same."""
        for slug in ("marydale-lodge", "kyloe-house"):
            member(Role.HOME_MANAGER, SecureHomeFactory(slug=slug, name=slug.replace("-", " ").title()))
        older, newest, ended = (open_search(version=v4, local_authority=hampshire, user=coordinator) for _ in range(3))
        search_close(search=ended, outcome=Search.Outcome.ORDER_LAPSED, user=coordinator)
        OfstedNotification.objects.all().delete()  # as if circulation's demo had written its rows directly
        first = demo_coordination_seed()
        second = demo_coordination_seed()
        assert first == second == 2
        assert SearchUpdate.objects.get().search == newest and not older.updates.exists()
        late = Search.objects.get(referral__reference=LATE_REFERENCE)
        assert late.referral.local_authority == leeds and late.is_open and late.attempts == 2
        assert upkeep_for(late).will_cease and not upkeep_for(newest).will_cease
        assert set(late.requests.values_list("status", flat=True)) == {"declined"}
        assert OfstedNotification.objects.get().search == ended
        assert Search.objects.count() == 4
