"""The first-72-hours key information reaches only the home whose offer was confirmed, and it acknowledges it."""

import datetime
import io
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from accounts.models import AuditEvent
from circulation.first_72_hours import NEAREST, TOPICS, key_information
from circulation.models import KeyInformationSheet, Placement, Search
from circulation.services import (
    key_information_acknowledge,
    key_information_erase,
    placement_confirm,
    request_accept,
)
from ops import storage
from ops.models import OutboxMessage

from .conftest import client_for, request_for

TOMORROW = datetime.timedelta(days=1)


def _placed(search: Search, homes: dict, social_worker: Any, key: str = "marydale") -> Placement:
    """The home offers, the social worker confirms."""
    home, manager = homes[key]
    offer = request_accept(
        home_request=request_for(search, home), admission_date=timezone.localdate() + TOMORROW, user=manager
    )
    return placement_confirm(home_request=offer, admitted_on=timezone.localdate() + TOMORROW, user=social_worker)


def _pdf_text(data: bytes) -> str:
    return " ".join(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages).split())


@pytest.mark.django_db
class TestTheSheetIsIssuedOnConfirmation:
    """Confirming a placement writes the sheet for the placed home, from the nearest answers of v4."""

    def test_the_pdf_is_kept_and_says_which_version_it_came_from(
        self, circulated: Search, homes: dict, social_worker: Any
    ) -> None:
        """The kept PDF names the referral, the home, v4's nearest answers and the v4 medication answer."""
        answers = circulated.referral.answers
        answers.update(medication="yes", medication_details="Melatonin 3 mg at night", allergies="Penicillin")
        circulated.referral.save()
        placement = _placed(circulated, homes, social_worker)
        sheet = KeyInformationSheet.objects.get(placement=placement)
        text = _pdf_text(storage.read_bytes(sheet.stored_name))
        assert "Key information for the first 72 hours" in text
        assert f"Referral {circulated.referral.reference}, placed at Marydale Lodge" in text
        assert "SAN referral form v4" in text and "nearest answers" in text
        assert "Melatonin 3 mg at night" in text and "Penicillin" in text
        for _, heading in TOPICS:
            assert heading in text
        assert answers["child_last_name"] not in text
        assert AuditEvent.objects.filter(action="circulation.key_information_issue", recipient=homes["marydale"][0])

    def test_v6_answers_come_from_the_first_72_hours_section(self, forms_seeded: dict) -> None:
        """v6 (forms_engine/definitions/v6.py) gives each item from its own question, named as the section."""
        version = forms_seeded[6]
        content = key_information(version, {"key_triggers": "Loud voices", "key_calming": "Music"})
        assert "section 'Key information for the first 72 hours'" in content.source
        assert [(i.heading, i.text) for i in content.items[:3]] == [
            ("Triggers", "Loud voices"),
            ("What helps the child calm", "Music"),
            ("Medication and allergies", "None given"),
        ]

    def test_every_topic_has_nearest_answers_in_v4_and_v5(self, forms_seeded: dict) -> None:
        """Each topic of a v4 or v5 sheet names the questions it came from (none says it was not asked)."""
        for number in (4, 5):
            content = key_information(forms_seeded[number], {})
            assert all(not item.taken_from.startswith("Not asked") for item in content.items), number
        assert set(NEAREST) == {key for key, _ in TOPICS}


@pytest.mark.django_db
class TestOnlyThePlacedHomeGetsTheSheet:
    """The download is for the placed home's managers only; everyone else gets the audited 404."""

    @pytest.fixture
    def sheet(self, circulated: Search, homes: dict, social_worker: Any) -> KeyInformationSheet:
        return KeyInformationSheet.objects.get(placement=_placed(circulated, homes, social_worker))

    def test_the_placed_home_downloads_it_and_the_download_is_audited(
        self, sheet: KeyInformationSheet, homes: dict
    ) -> None:
        """A PDF attachment, not cached, audited with the recipient home and the file type."""
        home, manager = homes["marydale"]
        response = client_for(manager).get(reverse("circulation:key-information", args=[sheet.pk]))
        assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
        assert response["Cache-Control"] == "no-store"
        assert "Key information for the first 72 hours" in _pdf_text(b"".join(response.streaming_content))
        assert AuditEvent.objects.filter(
            actor=manager, action="circulation.key_information_download", recipient=home, file_type="pdf"
        ).exists()

    def test_another_circulated_home_and_other_roles_get_the_audited_404(
        self, sheet: KeyInformationSheet, homes: dict, social_worker: Any, coordinator: Any
    ) -> None:
        """Kyloe House (also asked, now recalled), the social worker and the coordinator are refused, audited."""
        url = reverse("circulation:key-information", args=[sheet.pk])
        for user in (homes["kyloe"][1], social_worker, coordinator):
            response = client_for(user).get(url)
            assert response.status_code == 404, user
            assert AuditEvent.objects.filter(actor=user, outcome=AuditEvent.Outcome.DENIED).exists(), user
        acknowledge = reverse("circulation:key-information-acknowledge", args=[sheet.pk])
        assert client_for(homes["kyloe"][1]).post(acknowledge).status_code == 404
        sheet.refresh_from_db()
        assert not sheet.is_acknowledged

    def test_the_request_page_offers_it_only_to_the_placed_home(
        self, sheet: KeyInformationSheet, circulated: Search, homes: dict, coordinator: Any
    ) -> None:
        """The placed home's page links to it; the coordinator's view of the same request does not."""
        page = reverse("circulation:request", args=[sheet.placement.home_request_id])
        link = reverse("circulation:key-information", args=[sheet.pk])
        assert link in client_for(homes["marydale"][1]).get(page).content.decode()
        assert link not in client_for(coordinator).get(page).content.decode()


@pytest.mark.django_db
class TestTheHomeAcknowledgesReceipt:
    """The placed home says it has the sheet; the local authority and the unit see who and when."""

    def test_acknowledging_records_who_and_when_and_shows_it_on_the_search(
        self, circulated: Search, homes: dict, social_worker: Any, coordinator: Any
    ) -> None:
        """One press records the manager and the time, audited; a second is refused without change."""
        sheet = KeyInformationSheet.objects.get(placement=_placed(circulated, homes, social_worker))
        manager = homes["marydale"][1]
        url = reverse("circulation:key-information-acknowledge", args=[sheet.pk])
        response = client_for(manager).post(url)
        assert response.status_code == 302
        sheet.refresh_from_db()
        assert sheet.acknowledged_by == manager and sheet.acknowledged_at is not None
        assert AuditEvent.objects.filter(actor=manager, action="circulation.key_information_acknowledge").exists()
        first = sheet.acknowledged_at
        client_for(manager).post(url)
        sheet.refresh_from_db()
        assert sheet.acknowledged_at == first
        search_page = reverse("circulation:search", args=[circulated.referral_id])
        for user in (social_worker, coordinator):
            html = client_for(user).get(search_page).content.decode()
            assert f"Acknowledged by {manager.get_full_name() or manager.get_username()} on" in html
        assert OutboxMessage.objects.filter(subject__contains="received the key information").exists()

    def test_a_get_does_not_acknowledge(self, circulated: Search, homes: dict, social_worker: Any) -> None:
        """Only the button's POST counts."""
        sheet = KeyInformationSheet.objects.get(placement=_placed(circulated, homes, social_worker))
        url = reverse("circulation:key-information-acknowledge", args=[sheet.pk])
        assert client_for(homes["marydale"][1]).get(url).status_code == 405
        sheet.refresh_from_db()
        assert not sheet.is_acknowledged


@pytest.mark.django_db
class TestACorrectionReachesTheSheet:
    """A correction after placement writes the sheet again and asks the home to acknowledge it again."""

    def test_the_corrected_allergy_is_on_the_new_sheet_and_the_acknowledgement_is_asked_again(
        self, circulated: Search, homes: dict, social_worker: Any
    ) -> None:
        """The kept PDF has the corrected answer; who acknowledged the old one is cleared."""
        from forms_engine.services.amendments import amendment_record

        sheet = KeyInformationSheet.objects.get(placement=_placed(circulated, homes, social_worker))
        key_information_acknowledge(sheet=sheet, user=homes["marydale"][1])
        amendment_record(
            referral=circulated.referral,
            question_key="allergies",
            new_value="Peanuts (carries an adrenaline pen)",
            reason="The GP's letter arrived",
            user=social_worker,
        )
        sheet.refresh_from_db()
        assert not sheet.is_acknowledged
        assert "Peanuts (carries an adrenaline pen)" in _pdf_text(storage.read_bytes(sheet.stored_name))


@pytest.mark.django_db
class TestErasingTheSheet:
    """Anonymising the child's records removes the sheet's file; the acknowledgement stays on record."""

    def test_the_file_goes_and_the_home_can_no_longer_download_it(
        self, circulated: Search, homes: dict, social_worker: Any
    ) -> None:
        """key_information_erase returns the key to remove; the download is then the audited 404."""
        sheet = KeyInformationSheet.objects.get(placement=_placed(circulated, homes, social_worker))
        key_information_acknowledge(sheet=sheet, user=homes["marydale"][1])
        keys = key_information_erase(search=circulated)
        assert keys == [sheet.stored_name]
        for key in keys:
            storage.delete_quietly(key)
        assert not storage.exists(sheet.stored_name)
        erased = KeyInformationSheet.objects.get(pk=sheet.pk)
        assert erased.stored_name == "" and erased.is_acknowledged
        url = reverse("circulation:key-information", args=[sheet.pk])
        assert client_for(homes["marydale"][1]).get(url).status_code == 404
