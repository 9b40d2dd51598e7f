"""The notice of a child who could not be placed follows liberty's route rule: Ofsted for an English authority,
Care Inspectorate Wales for a Welsh one (issue 17 item 3)."""

import datetime
from typing import Any

import pytest
import time_machine
from django.urls import reverse

from accounts.models import Organisation
from circulation.models import Search
from circulation.services import search_close
from coordination.models import OfstedNotification
from coordination.services import ofsted_notification_key
from liberty.models import RegulatorNotification

from .conftest import at, client_for
from .test_ofsted import _text


def _close(search: Search, coordinator: Any) -> OfstedNotification:
    with time_machine.travel(at(2026, 4, 2), tick=False):
        search_close(
            search=search,
            outcome=Search.Outcome.ALTERNATIVE,
            user=coordinator,
            closed_on=datetime.date(2026, 4, 2),
            place_code="K2",
            registered=False,
            dol_order=True,
            provider_type="PR4",
        )
    return OfstedNotification.objects.get(search=search)


@pytest.mark.django_db
class TestTheRegulator:
    def test_an_english_authoritys_child_is_notified_to_ofsted(self, search: Search, coordinator: Any) -> None:
        notification = _close(search, coordinator)
        assert notification.regulator == RegulatorNotification.Regulator.OFSTED
        text = _text(ofsted_notification_key(notification))
        assert "Notification to Ofsted:" in text and "To: Ofsted, social care regulation" in text

    def test_a_welsh_authoritys_child_is_notified_to_care_inspectorate_wales(
        self, search: Search, coordinator: Any, social_worker: Any, hampshire: Organisation
    ) -> None:
        """The same search from a Welsh authority: the letter, its page and the sent message name CIW, not Ofsted."""
        Organisation.objects.filter(pk=hampshire.pk).update(nation=Organisation.Nation.WALES)
        notification = _close(search, coordinator)
        assert notification.regulator == RegulatorNotification.Regulator.CIW
        text = _text(ofsted_notification_key(notification))
        assert "Notification to Care Inspectorate Wales:" in text and "To: Care Inspectorate Wales" in text
        assert "Ofsted" not in text
        page = client_for(social_worker).get(reverse("coordination:ofsted-detail", args=[notification.pk]))
        html = page.content.decode()
        assert "Care Inspectorate Wales notification for" in html
        assert "send it to Care Inspectorate Wales" in html
