"""The Ofsted notification: drafted once per unplaced child, minimal child data, access-checked and audited."""

import datetime
import io
from typing import Any

import pytest
import time_machine
from django.urls import reverse
from docx import Document

from accounts.models import AuditEvent, Organisation, Role
from circulation.models import HomeRequest, Search
from circulation.services import search_close
from coordination.models import OfstedNotification
from coordination.services import UpkeepRefused, ofsted_notification_draft, ofsted_notification_key
from ops import storage
from tests.factories import member

from .conftest import at, client_for
from .factories import ask_homes


def _text(key: str) -> str:
    """Every paragraph and table cell of the stored document, headers and footers included."""
    document = Document(io.BytesIO(storage.read_bytes(key)))
    parts = [p.text for p in document.paragraphs]
    parts += [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    for section in document.sections:
        parts += [p.text for p in section.header.paragraphs + section.footer.paragraphs]
    return "\n".join(parts)


@pytest.fixture
def closed(search: Search, coordinator: Any) -> Search:
    """Three homes asked (two declined with reasons, one offered and was recalled); alternative accommodation."""
    declined = ask_homes(search, HomeRequest.Status.DECLINED, HomeRequest.Status.DECLINED, reasons_version="2026-1")
    declined[0].decline_reasons = ["no_vacancy", "staffing"]
    declined[1].decline_reasons = ["staffing"]
    for request in declined:
        request.save()
    ask_homes(search, HomeRequest.Status.ACCEPTED, proposed_admission_date=datetime.date(2026, 3, 20))
    with time_machine.travel(at(2026, 4, 2), tick=False):
        return search_close(
            search=search,
            outcome=Search.Outcome.ALTERNATIVE,
            user=coordinator,
            closed_on=datetime.date(2026, 4, 2),
            place_code="K2",
            registered=False,
            dol_order=True,
            provider_type="PR4",
        )


@pytest.mark.django_db
class TestDraftingTheLetter:
    """Closing without a placement drafts the letter from the referral and the closure."""

    def test_the_letter_holds_the_closure_facts(self, closed: Search) -> None:
        """LA, reference, initials, age, dates, attempts, homes and reasons, PLACE code, registration and DoL order."""
        notification = OfstedNotification.objects.get(search=closed)
        text = _text(ofsted_notification_key(notification))
        for fact in (
            "Hampshire County Council",
            closed.referral.reference,
            "A. B.",
            "14 years",
            "1 March 2026",
            "2 April 2026",
            "Alternative accommodation",
            "K2 – Children's home subject to Children's Homes Regulations",
            "PR4",
            "Offered a place, not taken up",
            "No vacancy",
        ):
            assert fact in text, fact
        assert "Staffing\n2" in text  # two homes gave staffing as a reason
        assert "Deprivation of liberty order\nYes" in text and "Registered or approved provision\nNo" in text
        assert "Secure children's homes asked\n3" in text and "Offers of a place\n1" in text

    def test_the_letter_has_no_template_leftovers_and_no_identifying_details(self, closed: Search) -> None:
        """No Jinja tags remain; the name and date of birth are not in the letter."""
        text = _text(ofsted_notification_key(OfstedNotification.objects.get(search=closed)))
        for leftover in ("{{", "}}", "{%", "%}"):
            assert leftover not in text
        for identifying in ("Ayla", "Brennan", "2011", "14 May"):
            assert identifying not in text

    def test_drafting_again_returns_the_same_letter(self, closed: Search, coordinator: Any) -> None:
        """Idempotent per search: the same row and the same file."""
        first = OfstedNotification.objects.get(search=closed)
        digest = first.sha256
        again = ofsted_notification_draft(search=closed, user=coordinator)
        assert again.pk == first.pk and again.sha256 == digest
        assert OfstedNotification.objects.count() == 1

    def test_a_missing_file_is_drafted_again(self, closed: Search, coordinator: Any) -> None:
        """If the stored letter is lost, asking again writes it back."""
        notification = OfstedNotification.objects.get(search=closed)
        storage.delete_quietly(ofsted_notification_key(notification))
        ofsted_notification_draft(search=closed, user=coordinator)
        assert storage.exists(ofsted_notification_key(notification))

    def test_an_open_search_gets_no_letter(self, search: Search, coordinator: Any) -> None:
        """Only a search that ended without a placement is notified."""
        with pytest.raises(UpkeepRefused):
            ofsted_notification_draft(search=search, user=coordinator)
        assert not OfstedNotification.objects.exists()

    def test_hostile_text_cannot_break_the_document(self, search: Search, coordinator: Any) -> None:
        """Control characters, markup and template syntax in names end up as plain text in a valid document."""
        Organisation.objects.filter(pk=search.referral.local_authority_id).update(
            name="Hampshire <w:p/> & {{ 7*7 }}\x0b{% raw %}"
        )
        referral = search.referral
        referral.answers.update(child_first_name="{{ self }}", child_last_name="\x07<b>")
        referral.save()
        closed = search_close(search=search, outcome=Search.Outcome.WITHDRAWN, user=coordinator)
        notification = OfstedNotification.objects.get(search=closed)
        text = _text(ofsted_notification_key(notification))
        assert notification.status == "drafted"
        assert "Hampshire <w:p/> & {{ 7*7 }}{% raw %}" in text
        assert "& 49" not in text  # the expression was not evaluated (the random reference may hold "49")
        assert "Initials\nS. B." in text


@pytest.mark.django_db
class TestLetterAccess:
    """Only the referring LA and the unit download it; everyone else gets an audited not found."""

    def test_the_referring_authority_downloads_it_as_an_attachment(self, closed: Search, social_worker: Any) -> None:
        """A Word file, sent as an attachment, not cached; the download is audited."""
        notification = OfstedNotification.objects.get(search=closed)
        response = client_for(social_worker).get(reverse("coordination:ofsted-download", args=[notification.pk]))
        assert response.status_code == 200
        assert response["Content-Disposition"].startswith("attachment;")
        assert response["Cache-Control"] == "no-store"
        body = b"".join(response.streaming_content)
        assert body[:2] == b"PK"
        assert AuditEvent.objects.filter(
            action="coordination.ofsted_download", actor=social_worker, outcome="allowed"
        ).exists()

    def test_the_coordinator_can_download_it(self, closed: Search, coordinator: Any) -> None:
        """The unit sees every letter, listed and counted on its dashboard."""
        notification = OfstedNotification.objects.get(search=closed)
        response = client_for(coordinator).get(reverse("coordination:ofsted-download", args=[notification.pk]))
        assert response.status_code == 200
        listing = client_for(coordinator).get(reverse("coordination:ofsted-list")).content.decode()
        assert closed.referral.reference in listing and "Ready to review" in listing
        dashboard = client_for(coordinator).get(reverse("coordination:dashboard")).content.decode()
        assert "1 waiting for the local authority to send" in dashboard

    def test_another_authority_gets_not_found_and_an_audit_row(self, closed: Search, leeds_worker: Any) -> None:
        """Leeds cannot open or download Hampshire's letter; the refusal is recorded."""
        notification = OfstedNotification.objects.get(search=closed)
        client = client_for(leeds_worker)
        assert client.get(reverse("coordination:ofsted-download", args=[notification.pk])).status_code == 404
        assert client.get(reverse("coordination:ofsted-detail", args=[notification.pk])).status_code == 404
        denied = AuditEvent.objects.filter(actor=leeds_worker, outcome="denied")
        assert denied.count() == 2 and denied.first().object_id == str(notification.pk)
        assert "There are no Ofsted notifications" in client.get(reverse("coordination:ofsted-list")).content.decode()

    def test_homes_and_analysts_get_not_found(self, closed: Search) -> None:
        """Neither a home manager nor an analyst can reach the list, the page or the file."""
        notification = OfstedNotification.objects.get(search=closed)
        for role in (Role.HOME_MANAGER, Role.ANALYST):
            client = client_for(member(role))
            for name, args in (
                ("coordination:ofsted-list", []),
                ("coordination:ofsted-detail", [notification.pk]),
                ("coordination:ofsted-download", [notification.pk]),
            ):
                assert client.get(reverse(name, args=args)).status_code == 404, (role, name)


@pytest.mark.django_db
class TestMarkingAsSent:
    """The LA reviews the letter and records when it was sent and by whom."""

    def test_the_social_worker_records_the_date_sent(self, closed: Search, social_worker: Any) -> None:
        """The notification is sent on that date by that person; the change is audited."""
        notification = OfstedNotification.objects.get(search=closed)
        url = reverse("coordination:ofsted-detail", args=[notification.pk])
        with time_machine.travel(at(2026, 4, 6), tick=False):
            response = client_for(social_worker).post(url, {"sent_on_0": "3", "sent_on_1": "4", "sent_on_2": "2026"})
        assert response.status_code == 302
        notification.refresh_from_db()
        assert (notification.status, notification.sent_on, notification.sent_by) == (
            "sent",
            datetime.date(2026, 4, 3),
            social_worker,
        )
        assert AuditEvent.objects.filter(action="coordination.ofsted_mark_sent", actor=social_worker).exists()

    def test_a_date_in_the_future_is_refused(self, closed: Search, social_worker: Any) -> None:
        """A 400 with the error summary; nothing changes."""
        notification = OfstedNotification.objects.get(search=closed)
        url = reverse("coordination:ofsted-detail", args=[notification.pk])
        with time_machine.travel(at(2026, 4, 6), tick=False):
            response = client_for(social_worker).post(url, {"sent_on_0": "9", "sent_on_1": "4", "sent_on_2": "2026"})
            blank = client_for(social_worker).post(url, {})
        assert response.status_code == 400 and "today or in the past" in response.content.decode()
        assert blank.status_code == 400 and "Enter the date you sent the letter" in blank.content.decode()
        notification.refresh_from_db()
        assert notification.status == "drafted"

    def test_the_coordinator_cannot_mark_it_as_sent(self, closed: Search, coordinator: Any) -> None:
        """Sending is the LA's: the unit's POST is refused."""
        notification = OfstedNotification.objects.get(search=closed)
        url = reverse("coordination:ofsted-detail", args=[notification.pk])
        page = client_for(coordinator).get(url)
        assert page.status_code == 200 and "Record that the letter was sent" not in page.content.decode()
        response = client_for(coordinator).post(url, {"sent_on_0": "3", "sent_on_1": "4", "sent_on_2": "2026"})
        assert response.status_code == 404
        notification.refresh_from_db()
        assert notification.status == "drafted"
