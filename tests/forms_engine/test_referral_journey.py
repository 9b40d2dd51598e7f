"""The social worker's journey: task list, one thing per page, conditions, groups, documents, signature."""

from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from accounts.models import AuditEvent, Role
from forms_engine.journey import find_section, visible_pages, visible_questions
from forms_engine.models import Referral
from forms_engine.schema import question_index
from forms_engine.services import (
    REFERENCE_ALPHABET,
    ReferralNotReady,
    readiness_problems,
    referral_attachment_add,
    referral_send_for_signature,
)
from tests.factories import member

from .answers import complete_answers, pdf_bytes
from .conftest import client_for


def _page_url(referral: Referral, section: str, page: str) -> str:
    return reverse("referrals:page", args=[referral.pk, section, page])


def _post_data(page: dict[str, Any], answers: dict[str, Any]) -> dict[str, Any]:
    """What the browser would post for a page already showing these answers."""
    data: dict[str, Any] = {}
    for question in page["questions"]:
        value = answers.get(question["key"])
        if value is None:
            continue
        if question["type"] == "date":
            year, month, day = value.split("-")
            data.update({f"{question['key']}_0": day, f"{question['key']}_1": month, f"{question['key']}_2": year})
        else:
            data[question["key"]] = value
    return data


def _attach_court_order(referral: Referral, user: Any) -> None:
    question = question_index(referral.version.schema)["attachment_court_order"]
    upload = SimpleUploadedFile("order.pdf", pdf_bytes(), content_type="application/pdf")
    referral_attachment_add(referral=referral, question=question, upload=upload, user=user)


@pytest.mark.django_db
class TestStartingAReferral:
    """Starting a referral."""

    def test_start_pins_the_live_version_and_fills_in_the_referrer(
        self, forms_seeded: dict, social_worker: Any
    ) -> None:
        """The draft is on v4 for the worker's authority, with their name and email already answered."""
        response = client_for(social_worker).post(reverse("referrals:start"))
        referral = Referral.objects.get()
        assert response["Location"] == referral.get_absolute_url()
        assert (referral.version.number, referral.local_authority.slug, referral.status) == (4, "hampshire", "draft")
        assert referral.answers["referrer_email"] == social_worker.email
        assert referral.answers["referring_local_authority"] == "E10000014"
        assert AuditEvent.objects.filter(action="referral.start", object_id=str(referral.pk)).exists()

    def test_task_list_shows_every_section_and_cannot_send_yet(self, draft: Referral, social_worker: Any) -> None:
        """Sections start as not started (the referrer's is in progress) and checking cannot start yet."""
        html = client_for(social_worker).get(draft.get_absolute_url()).content.decode()
        assert html.count('<li class="govuk-task-list__item') == len(draft.version.schema["sections"]) + 1
        assert "Not yet started" in html and "In progress" in html and "Cannot start yet" in html


@pytest.mark.django_db
class TestQuestionPages:
    """One thing per page, with GOV.UK errors, conditions and saved answers."""

    def test_single_question_is_the_page_heading(self, draft: Referral, social_worker: Any) -> None:
        """A page asking one thing uses its question as the h1 (inside the legend for radios)."""
        html = client_for(social_worker).get(_page_url(draft, "order", "jurisdiction")).content.decode()
        assert '<h1 class="govuk-fieldset__heading">' in html

    def test_missing_answer_is_a_400_with_the_error_summary(self, draft: Referral, social_worker: Any) -> None:
        """Nothing is saved and the user is told what to do."""
        response = client_for(social_worker).post(_page_url(draft, "order", "jurisdiction"), {"continue": ""})
        assert response.status_code == 400
        assert "There is a problem" in response.content.decode()
        draft.refresh_from_db()
        assert "jurisdiction" not in draft.answers

    def test_an_answer_is_saved_and_the_next_page_follows(self, draft: Referral, social_worker: Any) -> None:
        """Save and continue moves through the section."""
        response = client_for(social_worker).post(
            _page_url(draft, "order", "jurisdiction"), {"jurisdiction": "wales_s119"}
        )
        draft.refresh_from_db()
        assert draft.answers["jurisdiction"] == "wales_s119"
        assert response.status_code == 302 and "/order/" in response["Location"]

    @pytest.mark.parametrize(("status", "dates_asked"), [("full_order", True), ("application_pending", False)])
    def test_order_dates_are_asked_only_when_an_order_is_made(
        self, draft: Referral, social_worker: Any, status: str, dates_asked: bool
    ) -> None:
        """A conditional question is asked, or skipped, according to the saved answer (the journey's pages: v4's
        status, 72-hour and reason questions share a page, as do the hearing and the order's dates)."""
        section = find_section(draft.version.journey_schema, "order")
        assert section is not None
        status_page = next(p for p in section["pages"] if p["questions"][0]["key"] == "order_status")
        answers = complete_answers(draft.version.schema, draft.version.code_lists, order_status=status)
        response = client_for(social_worker).post(
            _page_url(draft, "order", status_page["key"]), _post_data(status_page, answers)
        )
        assert response.status_code == 302
        draft.refresh_from_db()
        assert draft.answers["order_status"] == status
        shown = {
            q["key"] for page in visible_pages(section, draft.answers) for q in visible_questions(page, draft.answers)
        }
        assert ("order_start_date" in shown) is dates_asked
        dates_page = next(p for p in section["pages"] if "order_start_date" in {q["key"] for q in p["questions"]})
        response = client_for(social_worker).get(_page_url(draft, "order", dates_page["key"]))
        assert ('name="order_start_date_0"' in response.content.decode()) is dates_asked

    def test_the_follow_ups_are_asked_on_the_same_page_under_their_option(
        self, draft: Referral, social_worker: Any
    ) -> None:
        """The last incident and details are on the risk's page, revealed under 'current' and 'historic'; choosing
        'current' without them is sent back with their errors, not to a second showing of the page."""
        section = find_section(draft.version.schema, "risk_profile")
        page = next(p for p in section["pages"] if p["questions"][0]["key"] == "risk_absconding")
        url = _page_url(draft, "risk_profile", page["key"])
        html = client_for(social_worker).get(url).content.decode()
        assert "govuk-radios__conditional" in html and "risk_absconding_last_incident_0" in html
        response = client_for(social_worker).post(url, {"risk_absconding": "current"})
        assert response.status_code == 400
        assert set(response.context["form"].errors) == {"risk_absconding_last_incident", "risk_absconding_details"}

    def test_radio_options_have_unique_ids_for_their_labels(self, draft: Referral, social_worker: Any) -> None:
        """Each label points at its own option, so clicking 'No' chooses No."""
        html = client_for(social_worker).get(_page_url(draft, "order", "jurisdiction")).content.decode()
        assert 'id="id_jurisdiction"' in html and 'id="id_jurisdiction-2"' in html and 'for="id_jurisdiction-3"' in html

    def test_save_and_return_goes_back_to_the_task_list(self, draft: Referral, social_worker: Any) -> None:
        """The user can leave after any page."""
        url = _page_url(draft, "order", "jurisdiction")
        response = client_for(social_worker).post(url, {"jurisdiction": "england_s25", "save_and_exit": ""})
        assert response["Location"] == draft.get_absolute_url()

    def test_an_unknown_page_is_an_audited_404(self, draft: Referral, social_worker: Any) -> None:
        """Made-up section or page keys reveal nothing."""
        assert client_for(social_worker).get(_page_url(draft, "order", "nope")).status_code == 404
        assert AuditEvent.objects.filter(outcome="denied", object_id=str(draft.pk)).exists()


@pytest.mark.django_db
class TestQuestionTypes:
    """Every question type validates and stores its answer."""

    def _post(self, draft: Referral, user: Any, key: str, data: dict[str, Any]) -> Any:
        for section in draft.version.journey_schema["sections"]:
            for page in section["pages"]:
                if any(q["key"] == key for q in page["questions"]):
                    return client_for(user).post(_page_url(draft, section["key"], page["key"]), data)
        raise AssertionError(key)

    def test_date_must_be_real_and_in_the_past(self, draft: Referral, social_worker: Any) -> None:
        """31 February and a future birth date are refused; a real date is stored as ISO."""
        key = "child_date_of_birth"
        assert (
            b"must be a real date"
            in self._post(draft, social_worker, key, {f"{key}_0": "31", f"{key}_1": "2", f"{key}_2": "2012"}).content
        )
        assert (
            b"today or in the past"
            in self._post(draft, social_worker, key, {f"{key}_0": "1", f"{key}_1": "1", f"{key}_2": "2999"}).content
        )
        self._post(draft, social_worker, key, {f"{key}_0": "14", f"{key}_1": "5", f"{key}_2": "2011"})
        draft.refresh_from_db()
        assert draft.answers[key] == "2011-05-14"

    def test_number_respects_its_bounds(self, draft: Referral, social_worker: Any) -> None:
        """Height below the minimum is refused."""
        born = {"child_date_of_birth_0": "14", "child_date_of_birth_1": "5", "child_date_of_birth_2": "2011"}
        response = self._post(draft, social_worker, "child_height_cm", {**born, "child_height_cm": "20"})
        assert response.status_code == 400
        assert 'id="id_child_height_cm-error"' in response.content.decode()
        assert 'id="id_child_date_of_birth-error"' not in response.content.decode()

    def test_select_refuses_a_code_not_in_the_list(self, draft: Referral, social_worker: Any) -> None:
        """Only codes from the pinned code list are accepted."""
        assert self._post(draft, social_worker, "legal_status", {"legal_status": "ZZ"}).status_code == 400
        self._post(draft, social_worker, "legal_status", {"legal_status": "C2"})
        draft.refresh_from_db()
        assert draft.answers["legal_status"] == "C2"

    def test_email_and_phone_are_checked(self, draft: Referral, social_worker: Any) -> None:
        """Malformed contact details are refused."""
        officer = {"referring_officer_name": "Sam Worker", "referring_officer_job_title": "Social worker"}
        for key, bad, good in (("referrer_email", "not-an-email", "x@example.org"), ("referrer_phone", "call me", "")):
            response = self._post(draft, social_worker, key, {**officer, key: bad, "referrer_secure_email": good})
            assert response.status_code == 400
            assert f'id="id_{key}-error"' in response.content.decode()

    def test_checkboxes_store_a_list(self, draft: Referral, social_worker: Any) -> None:
        """Several options can be ticked."""
        question = next(q for q in question_index(draft.version.schema).values() if q["type"] == "checkboxes")
        values = [o["value"] for o in question["options"][:2]]
        self._post(draft, social_worker, question["key"], {question["key"]: values})
        draft.refresh_from_db()
        assert draft.answers[question["key"]] == values


@pytest.mark.django_db
class TestRepeatingGroups:
    """Add another: key contacts."""

    def _group_url(self, draft: Referral, suffix: str = "") -> str:
        return _page_url(draft, "key_contacts", "key_contacts") + suffix

    def _contact(self, draft: Referral, name: str) -> dict[str, str]:
        question = question_index(draft.version.schema)["key_contacts"]
        from .answers import answer_for

        item = {sub["key"]: answer_for(sub, draft.version.code_lists) for sub in question["fields"]}
        item["contact_name"] = name
        return {k: v for k, v in item.items() if isinstance(v, str)}

    def test_add_change_and_remove_items(self, draft: Referral, social_worker: Any) -> None:
        """Items are added in order, changed in place and removed."""
        client = client_for(social_worker)
        client.post(self._group_url(draft, "add/"), self._contact(draft, "First Contact"))
        client.post(self._group_url(draft, "add/"), self._contact(draft, "Second Contact"))
        client.post(self._group_url(draft, "0/"), self._contact(draft, "Changed Contact"))
        draft.refresh_from_db()
        assert [i["contact_name"] for i in draft.answers["key_contacts"]] == ["Changed Contact", "Second Contact"]
        client.post(self._group_url(draft, "1/remove/"))
        draft.refresh_from_db()
        assert [i["contact_name"] for i in draft.answers["key_contacts"]] == ["Changed Contact"]
        assert "Changed Contact" in client.get(self._group_url(draft)).content.decode()

    def test_continue_needs_the_minimum_number_of_items(self, draft: Referral, social_worker: Any) -> None:
        """Key contacts need at least the social worker and the sanctioning officer."""
        response = client_for(social_worker).post(self._group_url(draft), {"continue": ""})
        assert response.status_code == 400
        assert "There is a problem" in response.content.decode() and "Add at least 2" in response.content.decode()

    def test_an_item_index_out_of_range_is_a_404(self, draft: Referral, social_worker: Any) -> None:
        """No item 7 to change."""
        assert client_for(social_worker).get(self._group_url(draft, "7/")).status_code == 404


@pytest.mark.django_db
class TestDocuments:
    """Attachments are validated on intake and served only through an access-checked download."""

    def _url(self, draft: Referral) -> str:
        for section in draft.version.schema["sections"]:
            for page in section["pages"]:
                if page["questions"][0]["key"] == "attachment_court_order":
                    return _page_url(draft, section["key"], page["key"])
        raise AssertionError

    def test_a_valid_pdf_is_stored_under_a_generated_name(self, draft: Referral, social_worker: Any) -> None:
        """The stored name is not the uploader's, and the download is an attachment."""
        client = client_for(social_worker)
        upload = SimpleUploadedFile("../../etc/passwd.pdf", pdf_bytes(3), content_type="application/pdf")
        client.post(self._url(draft), {"document": upload, "upload": ""})
        attachment = draft.attachments.get()
        assert (attachment.pages, attachment.display_name) == (3, "passwd.pdf")
        assert "passwd" not in attachment.stored_name
        download = client.get(reverse("referrals:attachment-download", args=[draft.pk, attachment.pk]))
        assert download["Content-Disposition"].startswith("attachment;")
        assert b"".join(download.streaming_content).startswith(b"%PDF")

    def test_a_refused_file_keeps_the_saved_answers(self, draft: Referral, social_worker: Any) -> None:
        """A non-PDF gets a clear message and nothing already saved is lost."""
        before = dict(draft.answers)
        upload = SimpleUploadedFile("order.pdf", b"<html>not a pdf</html>", content_type="application/pdf")
        response = client_for(social_worker).post(self._url(draft), {"document": upload, "upload": ""})
        assert response.status_code == 400
        assert "must be a PDF" in response.content.decode()
        draft.refresh_from_db()
        assert draft.answers == before and not draft.attachments.exists()

    def test_continue_without_the_required_document_is_refused(self, draft: Referral, social_worker: Any) -> None:
        """The court order or application is required."""
        response = client_for(social_worker).post(self._url(draft), {"continue": ""})
        assert response.status_code == 400
        assert "Upload the" in response.content.decode()

    def test_another_authority_cannot_download(self, draft: Referral, social_worker: Any, leeds: Any) -> None:
        """A Leeds social worker gets a 404 and an audit row."""
        _attach_court_order(draft, social_worker)
        outsider = member(Role.SOCIAL_WORKER, leeds)
        url = reverse("referrals:attachment-download", args=[draft.pk, draft.attachments.get().pk])
        assert client_for(outsider).get(url).status_code == 404
        assert AuditEvent.objects.filter(actor=outsider, outcome="denied").exists()


@pytest.mark.django_db
class TestSendingAndSigning:
    """Check your answers, the statement of responsibility and submission."""

    def test_an_incomplete_referral_cannot_be_sent(self, draft: Referral, social_worker: Any) -> None:
        """Every section must be complete."""
        with pytest.raises(ReferralNotReady):
            referral_send_for_signature(referral=draft, user=social_worker)

    def test_a_legal_rule_error_blocks_sending(self, complete_draft: Referral, social_worker: Any) -> None:
        """A child under 13 needs a Secretary of State approval reference."""
        _attach_court_order(complete_draft, social_worker)
        complete_draft.answers["child_date_of_birth"] = "2016-01-01"
        complete_draft.answers.pop("secretary_of_state_approval_reference", None)
        complete_draft.save()
        assert readiness_problems(complete_draft)
        assert any("Secretary of State" in p for p in readiness_problems(complete_draft))

    def test_full_journey_to_a_reference(self, complete_draft: Referral, social_worker: Any, officer: Any) -> None:
        """Send, sign as the sanctioning officer, get a reference without confusable characters."""
        _attach_court_order(complete_draft, social_worker)
        check = client_for(social_worker).post(
            reverse("referrals:check", args=[complete_draft.pk]),
            {"sanctioning_officer": officer.memberships.get().pk},
        )
        assert check.status_code == 302
        complete_draft.refresh_from_db()
        assert complete_draft.status == "awaiting_signature"
        # Its pages are no longer editable: the summary instead (tests/forms_engine/test_after_sending.py).
        page = client_for(social_worker).get(_page_url(complete_draft, "order", "jurisdiction"))
        assert page["Location"] == reverse("referrals:check", args=[complete_draft.pk])
        sign_url = reverse("referrals:sign", args=[complete_draft.pk])
        refused = client_for(officer).post(sign_url, {"job_title": "Head of Service"})
        assert refused.status_code == 400
        signed = client_for(officer).post(sign_url, {"job_title": "Head of Service", "confirm": "on", "submit": ""})
        complete_draft.refresh_from_db()
        assert signed["Location"] == reverse("referrals:confirmation", args=[complete_draft.pk])
        assert complete_draft.status == "submitted" and complete_draft.signed_by == officer
        reference = complete_draft.reference or ""
        assert reference.startswith("SW-") and set(reference[3:].replace("-", "")) <= set(REFERENCE_ALPHABET)
        assert reference in client_for(officer).get(signed["Location"]).content.decode()
        assert len(complete_draft.answers_hash) == 64

    def test_a_social_worker_cannot_sign(self, complete_draft: Referral, social_worker: Any) -> None:
        """Signing is the sanctioning officer's role."""
        _attach_court_order(complete_draft, social_worker)
        referral_send_for_signature(referral=complete_draft, user=social_worker)
        assert client_for(social_worker).get(reverse("referrals:sign", args=[complete_draft.pk])).status_code == 404

    def test_the_officer_can_return_it_for_changes(
        self, complete_draft: Referral, social_worker: Any, officer: Any
    ) -> None:
        """Returned referrals are drafts again."""
        _attach_court_order(complete_draft, social_worker)
        referral_send_for_signature(referral=complete_draft, user=social_worker)
        client_for(officer).post(reverse("referrals:sign", args=[complete_draft.pk]), {"return": ""})
        complete_draft.refresh_from_db()
        assert complete_draft.status == "draft"

    def test_hidden_answers_are_not_submitted(self, complete_draft: Referral, social_worker: Any, officer: Any) -> None:
        """An answer to a question that is no longer shown is dropped at submission."""
        from forms_engine.services import referral_sign_and_submit

        _attach_court_order(complete_draft, social_worker)
        complete_draft.answers["parental_consent_s20"] = "yes"  # shown only for legal status V2
        complete_draft.save()
        referral_send_for_signature(referral=complete_draft, user=social_worker)
        submitted = referral_sign_and_submit(
            referral=complete_draft, membership=officer.memberships.get(), job_title="HoS"
        )
        assert "parental_consent_s20" not in submitted.answers


@pytest.mark.django_db
class TestAccessAcrossAuthorities:
    """A social worker sees and edits only their own authority's referrals."""

    @pytest.mark.parametrize("view", ["task-list", "check", "sign", "confirmation"])
    def test_another_authority_gets_an_audited_404(self, draft: Referral, leeds: Any, view: str) -> None:
        """Leeds staff cannot open a Hampshire referral by id."""
        outsider = member(Role.SANCTIONING_OFFICER, leeds)
        assert client_for(outsider).get(reverse(f"referrals:{view}", args=[draft.pk])).status_code == 404
        assert AuditEvent.objects.get(actor=outsider, outcome="denied").object_id == str(draft.pk)

    @pytest.mark.parametrize("role", [Role.COORDINATOR, Role.HOME_MANAGER, Role.ANALYST, Role.EDITOR])
    def test_other_roles_cannot_open_referrals_here(self, draft: Referral, role: Role) -> None:
        """Circulation to homes and the unit comes later; this journey is the local authority's."""
        assert client_for(member(role)).get(draft.get_absolute_url()).status_code == 404

    def test_the_list_shows_only_the_authoritys_referrals(self, draft: Referral, leeds: Any) -> None:
        """Leeds sees none of Hampshire's drafts."""
        html = client_for(member(Role.SOCIAL_WORKER, leeds)).get(reverse("referrals:list")).content.decode()
        assert draft.get_absolute_url() not in html


@pytest.mark.django_db
class TestStartFromLastReferral:
    """A new referral for the same child starts from the last one, and each pre-filled section is confirmed."""

    def _submitted(self, referral: Referral, social_worker: Any, officer: Any) -> Referral:
        from forms_engine.services import referral_sign_and_submit

        _attach_court_order(referral, social_worker)
        referral_send_for_signature(referral=referral, user=social_worker)
        return referral_sign_and_submit(referral=referral, membership=officer.memberships.get(), job_title="HoS")

    def test_answers_are_copied_but_documents_are_not(
        self, complete_draft: Referral, social_worker: Any, officer: Any
    ) -> None:
        """The child's details carry over; the court order must be uploaded again."""
        source = self._submitted(complete_draft, social_worker, officer)
        client_for(social_worker).post(reverse("referrals:start"), {"copy_from": source.pk})
        new = Referral.objects.exclude(pk=source.pk).get()
        assert new.copied_from == source and new.status == "draft"
        assert new.answers["child_first_name"] == source.answers["child_first_name"]
        assert "attachment_court_order" not in new.answers
        assert "child" in new.sections_to_confirm

    def test_each_prefilled_section_must_be_confirmed(
        self, complete_draft: Referral, social_worker: Any, officer: Any
    ) -> None:
        """Going through a section to its end confirms it; until then the referral cannot be sent."""
        source = self._submitted(complete_draft, social_worker, officer)
        client_for(social_worker).post(reverse("referrals:start"), {"copy_from": source.pk})
        new = Referral.objects.exclude(pk=source.pk).get()
        html = client_for(social_worker).get(new.get_absolute_url()).content.decode()
        assert "Confirm answers" in html
        assert any("Order and legal status" in p for p in readiness_problems(new))
        section = find_section(new.version.schema, "order")
        client = client_for(social_worker)
        for page in visible_pages(section, new.answers):
            client.post(_page_url(new, "order", page["key"]), _post_data(page, new.answers))
        new.refresh_from_db()
        assert "order" not in new.sections_to_confirm

    def test_another_authoritys_referral_cannot_be_the_source(
        self, complete_draft: Referral, social_worker: Any, officer: Any, leeds: Any
    ) -> None:
        """Leeds cannot copy a Hampshire child's referral."""
        source = self._submitted(complete_draft, social_worker, officer)
        outsider = member(Role.SOCIAL_WORKER, leeds)
        assert client_for(outsider).post(reverse("referrals:start"), {"copy_from": source.pk}).status_code == 404
        assert Referral.objects.count() == 1


@pytest.mark.django_db
class TestDocumentQuotas:
    """Count limits per question and per referral."""

    def _question(self, draft: Referral) -> dict[str, Any]:
        return question_index(draft.version.schema)["attachment_court_order"]

    def _upload(self, draft: Referral, user: Any) -> None:
        upload = SimpleUploadedFile("order.pdf", pdf_bytes(1), content_type="application/pdf")
        referral_attachment_add(referral=draft, question=self._question(draft), upload=upload, user=user)

    def test_each_document_question_has_a_maximum(self, draft: Referral, social_worker: Any) -> None:
        """Past the question's maximum the upload is refused with the limit in the message."""
        from forms_engine.services import AttachmentRefused

        limit = self._question(draft).get("max_items", 5)
        for _ in range(limit):
            self._upload(draft, social_worker)
        with pytest.raises(AttachmentRefused, match=f"up to {limit} files"):
            self._upload(draft, social_worker)
        assert draft.attachments.count() == limit

    def test_a_referral_has_a_maximum_number_of_documents(
        self, draft: Referral, social_worker: Any, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """The referral-wide quota applies across questions."""
        from forms_engine.services import AttachmentRefused
        from forms_engine.services import referrals as referral_services

        monkeypatch.setattr(referral_services, "MAX_ATTACHMENTS_PER_REFERRAL", 1)
        self._upload(draft, social_worker)
        with pytest.raises(AttachmentRefused, match="A referral can have up to 1 documents"):
            self._upload(draft, social_worker)

    def test_a_file_over_20mb_is_refused_before_it_is_read(self, draft: Referral, social_worker: Any) -> None:
        """The size limit is checked on the upload itself."""
        from forms_engine.services import AttachmentRefused

        big = SimpleUploadedFile("big.pdf", b"%PDF-1.4\n" + b"0" * (20 * 1024 * 1024), content_type="application/pdf")
        with pytest.raises(AttachmentRefused, match="smaller than 20MB"):
            referral_attachment_add(referral=draft, question=self._question(draft), upload=big, user=social_worker)


@pytest.mark.django_db
class TestDashboard:
    """Drafts are listed on the dashboard and can be resumed from there."""

    def test_a_draft_is_linked_from_the_social_workers_dashboard(
        self, complete_draft: Referral, social_worker: Any
    ) -> None:
        """The child's name links back to the task list."""
        html = client_for(social_worker).get(reverse("accounts:dashboard")).content.decode()
        assert f'href="{complete_draft.get_absolute_url()}"' in html
        assert f"Continue {complete_draft.child_name}" in html

    def test_the_sanctioning_officer_sees_what_waits_for_signature(
        self, complete_draft: Referral, social_worker: Any, officer: Any
    ) -> None:
        """A referral sent for signature appears with a link to sign it."""
        _attach_court_order(complete_draft, social_worker)
        referral_send_for_signature(referral=complete_draft, user=social_worker)
        html = client_for(officer).get(reverse("accounts:dashboard")).content.decode()
        assert reverse("referrals:sign", args=[complete_draft.pk]) in html
