"""The outcomes demo seed: Hampshire's leaving-care worker has work to do, and running it twice changes nothing."""

from typing import Any

import pytest

from demo import outcomes as outcomes_demo
from demo.accounts import demo_organisations_seed, demo_users_seed
from demo.forms import demo_forms_seed
from outcomes.access import checkpoints_recordable_by, followups_exit_recordable_by
from outcomes.models import Checkpoint, FollowUp, PlacementEpisode
from outcomes.selectors import checkpoint_counts
from tests.factories import UserFactory


@pytest.fixture
def seeded(db: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(outcomes_demo, "SYNTHETIC_EXITS", 40)
    demo_organisations_seed()
    demo_users_seed()
    demo_forms_seed()
    outcomes_demo.demo_outcomes_seed()


def _rows() -> list[Any]:
    return [
        list(FollowUp.objects.order_by("pk").values_list("pk", "state", "start_date")),
        list(Checkpoint.objects.order_by("pk").values_list("pk", "state", "due_on", "answers")),
        list(PlacementEpisode.objects.order_by("pk").values_list("pk", "start_date", "place_code")),
    ]


class TestDemoOutcomesSeed:
    def test_running_twice_gives_the_same_rows(self, seeded: None) -> None:
        """A second run neither adds nor changes a follow-up, checkpoint or episode."""
        first = _rows()
        outcomes_demo.demo_outcomes_seed()
        assert _rows() == first

    def test_the_leaving_care_worker_has_due_and_overdue_checkpoints(self, seeded: None) -> None:
        """Hampshire's demo worker sees checkpoints due and overdue, and a child whose exit is to record."""
        worker = UserFactory._meta.model.objects.get(email=outcomes_demo.LEAVING_CARE)
        counts = checkpoint_counts(checkpoints=checkpoints_recordable_by(worker))
        assert counts["due"] >= 2 and counts["overdue"] >= 1
        assert followups_exit_recordable_by(worker).filter(state=FollowUp.State.IN_SECURE).exists()

    def test_the_demo_manager_has_an_exit_to_record_and_synthetic_rows_exist(self, seeded: None) -> None:
        """Marydale Lodge's manager sees the child placed there; the synthetic national set is made once."""
        manager = UserFactory._meta.model.objects.get(email="manager@marydale.example")
        assert followups_exit_recordable_by(manager).filter(state=FollowUp.State.IN_SECURE).count() == 1
        assert FollowUp.objects.filter(is_synthetic=True).count() == 40
        assert FollowUp.objects.filter(state=FollowUp.State.COMPLETED, is_synthetic=False).count() == 1
