"""The coordination demo seed: builds on circulation's searches, idempotent, harmless when there are none."""

from typing import Any

import pytest

from accounts.models import Organisation
from circulation.models import Search
from circulation.services import search_close
from coordination.demo import demo_coordination_seed
from coordination.models import OfstedNotification, SearchUpdate
from coordination.selectors import upkeep_for
from forms_engine.models import FormVersion

from .factories import open_search


@pytest.mark.django_db
class TestDemoSeed:
    """What seed_demo adds after circulation's demo."""

    def test_with_no_searches_it_adds_nothing_and_does_not_fail(self) -> None:
        """An empty database stays empty."""
        assert demo_coordination_seed() == 0

    def test_an_update_an_overdue_search_and_a_letter_once_only(
        self, v4: FormVersion, hampshire: Organisation, coordinator: Any, social_worker: Any
    ) -> None:
        """Newest open search updated, oldest overdue, the unplaced closure's letter drafted; twice gives the same."""
        oldest, newest, ended = (open_search(version=v4, local_authority=hampshire, user=coordinator) for _ in range(3))
        search_close(search=ended, outcome=Search.Outcome.ORDER_LAPSED, user=coordinator)
        OfstedNotification.objects.all().delete()  # as if circulation's demo had written its rows directly
        first = demo_coordination_seed()
        second = demo_coordination_seed()
        assert first == second == 2
        assert SearchUpdate.objects.get().search == newest
        assert upkeep_for(oldest).will_cease and not upkeep_for(newest).will_cease
        assert OfstedNotification.objects.get().search == ended
