"""A correction to a circulated referral is offered to the homes that still hold it, and only to them."""

import io
from typing import Any

import pytest
from django.core import mail
from django.urls import reverse
from pypdf import PdfReader

from circulation.models import Search
from circulation.services import request_decline
from circulation.services.closure import request_recall
from forms_engine.services.amendments import amendment_record
from ops.models import OutboxMessage

from .conftest import client_for, request_for

NEW_VALUE = "Peanuts: anaphylaxis, carries an adrenaline pen"
REASON = "The GP records arrived after submission"


@pytest.fixture
def amended(circulated: Search, homes: dict, coordinator: Any, social_worker: Any) -> Search:
    """Marydale still deciding, Kyloe declined, Adel recalled; then the authority corrects an answer."""
    kyloe, adel = homes["kyloe"], homes["adel"]
    request_decline(home_request=request_for(circulated, kyloe[0]), reasons=["other"], text="No bed", user=kyloe[1])
    request_recall(home_request=request_for(circulated, adel[0]), user=coordinator)
    OutboxMessage.objects.all().delete()
    amendment_record(
        referral=circulated.referral, question_key="allergies", new_value=NEW_VALUE, reason=REASON, user=social_worker
    )
    return circulated


@pytest.mark.django_db
class TestOfferingTheCorrection:
    def test_only_the_managers_of_homes_still_holding_it_are_told(self, amended: Search, homes: dict) -> None:
        """One message to Marydale's manager, a link and the reference only; none to Kyloe or Adel."""
        assert list(OutboxMessage.objects.values_list("to", flat=True)) == [homes["marydale"][1].email]
        sent = [message for message in mail.outbox if "corrected" in message.subject]
        assert [message.to for message in sent] == [[homes["marydale"][1].email]]
        assert amended.referral.reference in sent[0].subject and NEW_VALUE not in sent[0].body
        marydale_request = request_for(amended, homes["marydale"][0])
        assert reverse("circulation:request", args=[marydale_request.pk]) in sent[0].body

    def test_the_holding_homes_page_shows_the_correction_and_its_addendum(self, amended: Search, homes: dict) -> None:
        home, manager = homes["marydale"]
        home_request = request_for(amended, home)
        client = client_for(manager)
        page = client.get(reverse("circulation:request", args=[home_request.pk])).content.decode()
        assert "The local authority corrected this referral" in page and NEW_VALUE in page and REASON in page
        addendum_url = reverse("circulation:addendum", args=[home_request.pk])
        assert addendum_url in page
        response = client.get(addendum_url)
        text = " ".join(
            " ".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(response.content)).pages).split()
        )
        assert "Corrections to the referral" in text and NEW_VALUE in text and REASON in text

    def test_homes_that_lost_access_are_not_offered_it(self, amended: Search, homes: dict) -> None:
        for key in ("kyloe", "adel"):
            home, manager = homes[key]
            home_request = request_for(amended, home)
            client = client_for(manager)
            assert client.get(reverse("circulation:request", args=[home_request.pk])).status_code == 404
            assert client.get(reverse("circulation:addendum", args=[home_request.pk])).status_code == 404

    def test_the_unit_sees_the_correction_on_the_request(self, amended: Search, homes: dict, coordinator: Any) -> None:
        home_request = request_for(amended, homes["kyloe"][0])
        page = client_for(coordinator).get(reverse("circulation:request", args=[home_request.pk])).content.decode()
        assert "The local authority corrected this referral" in page and NEW_VALUE in page

    def test_the_homes_facts_use_the_corrected_answers(self, amended: Search, homes: dict, social_worker: Any) -> None:
        """A corrected date of birth changes the age the home's page shows."""
        from circulation.presenters import child_age

        amendment_record(
            referral=amended.referral,
            question_key="child_date_of_birth",
            new_value="2013-05-14",
            reason="Date of birth mistyped",
            user=social_worker,
        )
        age = child_age({"child_date_of_birth": "2013-05-14"})
        home, manager = homes["marydale"]
        page = client_for(manager).get(reverse("circulation:request", args=[request_for(amended, home).pk]))
        assert f"{age} years" in page.content.decode()
        assert child_age(amended.referral.answers) != age
