"""A home's or an authority's message is written to the outbox in the same transaction as the event it tells of:
in the outbox before the event commits (so no crash after the commit can lose it), gone with a rollback."""

from typing import Any

import pytest
from django.db import transaction

from circulation.models import HomeRequest, Search
from circulation.services import request_decline, request_recall, search_circulate
from forms_engine.models import Referral
from ops.models import OutboxMessage

from .conftest import request_for


class _RolledBack(Exception):
    pass


def _inside_then_rolled_back(event: Any) -> int:
    """Run the event in a transaction that rolls back; how many messages the outbox held just before the end."""
    before = OutboxMessage.objects.count()
    held = 0
    with pytest.raises(_RolledBack), transaction.atomic():
        event()
        held = OutboxMessage.objects.count() - before
        raise _RolledBack
    assert OutboxMessage.objects.count() == before, "a rolled-back event left its message in the outbox"
    return held


@pytest.mark.django_db
class TestMessagesGoWithTheEvent:
    def test_circulating_writes_each_home_s_message_in_its_transaction(
        self, referral: Referral, homes: dict, coordinator: Any
    ) -> None:
        held = _inside_then_rolled_back(
            lambda: search_circulate(referral=referral, homes=[home for home, _ in homes.values()], user=coordinator)
        )
        assert held >= len(homes)  # every home has a manager; each is told
        assert not Search.objects.filter(referral=referral).exists()

    def test_a_decline_writes_the_authority_s_message_in_its_transaction(self, circulated: Search, homes: dict) -> None:
        home, manager = homes["marydale"]
        home_request = request_for(circulated, home)
        held = _inside_then_rolled_back(
            lambda: request_decline(home_request=home_request, reasons=["no_vacancy"], user=manager)
        )
        assert held >= 1
        assert request_for(circulated, home).status == HomeRequest.Status.AWAITING

    def test_a_recall_writes_the_home_s_message_in_its_transaction(
        self, circulated: Search, homes: dict, coordinator: Any
    ) -> None:
        home, _ = homes["kyloe"]
        held = _inside_then_rolled_back(
            lambda: request_recall(home_request=request_for(circulated, home), user=coordinator)
        )
        assert held >= 1
