"""Rectification: a correction to a submitted referral is an amendment beside the submitted answers, shown on its
pages and in every pack built afterwards; the submitted answers and their hash never change."""

import io
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
import time_machine
from django.db import DatabaseError, connection, transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from accounts.models import AuditEvent, Role
from forms_engine.models import AmendmentsAreAppendOnly, PackJob, Referral, ReferralAmendment
from forms_engine.services import referral_send_for_signature, referral_sign_and_submit
from forms_engine.services.amendments import (
    AmendmentRefused,
    amendment_record,
    effective_answers,
    effective_answers_hash,
)
from forms_engine.services.erasure import referral_anonymise
from forms_engine.services.packs import pack_job_run, packs_request
from tests.factories import SecureHomeFactory, member

from .conftest import client_for
from .packs.reading import docx_text
from .test_referral_journey import _attach_court_order

NEW_ALLERGIES = "Peanuts: anaphylaxis, carries an adrenaline pen"
REASON = "The GP records arrived after submission"


@pytest.fixture
def submitted(complete_draft: Referral, social_worker: Any, officer: Any) -> Referral:
    complete_draft.answers["allergies"] = "None known"
    complete_draft.save()
    _attach_court_order(complete_draft, social_worker)
    referral_send_for_signature(referral=complete_draft, user=social_worker)
    return referral_sign_and_submit(referral=complete_draft, membership=officer.memberships.get(), job_title="HoS")


@pytest.fixture
def coordinator(db: Any) -> Any:
    return member(Role.COORDINATOR)


def _amend(referral: Referral, user: Any, value: Any = NEW_ALLERGIES, key: str = "allergies") -> ReferralAmendment:
    return amendment_record(referral=referral, question_key=key, new_value=value, reason=REASON, user=user)


def _built(referral: Referral, home: Any, user: Any, capture: Any) -> PackJob:
    with capture(execute=True):
        job = packs_request(referral=referral, homes=[home], user=user)[0]
    job.refresh_from_db()
    assert job.state == PackJob.State.DONE, job.last_error_reason
    return job


def _download(client: Client, job: PackJob, kind: str, tmp_path: Path) -> Path:
    response = client.get(reverse("referrals:pack-download", args=[job.referral_id, job.pk, kind]))
    assert response.status_code == 200
    path = tmp_path / f"{job.pk}.{kind}"
    path.write_bytes(b"".join(response.streaming_content))
    return path


def _pdf_text(path: Path) -> str:
    return "\n".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(path.read_bytes())).pages)


@pytest.mark.django_db
class TestRecordingAnAmendment:
    def test_the_submitted_answers_and_hash_stay_and_the_effective_answers_change(
        self, submitted: Referral, social_worker: Any
    ) -> None:
        """Old and new value, who and why are recorded; the row's answers and hash are as signed; audited."""
        answers, digest = dict(submitted.answers), submitted.answers_hash
        amendment = _amend(submitted, social_worker)
        submitted.refresh_from_db()
        assert (submitted.answers, submitted.answers_hash) == (answers, digest)
        assert (amendment.old_value, amendment.new_value, amendment.made_by) == (
            "None known",
            NEW_ALLERGIES,
            social_worker,
        )
        assert effective_answers(submitted)["allergies"] == NEW_ALLERGIES
        assert effective_answers_hash(submitted) != digest
        assert AuditEvent.objects.filter(
            action="referral.amended", object_id=str(amendment.pk), subject_reference=submitted.reference
        ).exists()

    def test_amendments_apply_in_order_and_each_old_value_is_the_one_before(
        self, submitted: Referral, social_worker: Any
    ) -> None:
        _amend(submitted, social_worker, "Penicillin")
        second = _amend(submitted, social_worker)
        assert second.old_value == "Penicillin"
        assert effective_answers(submitted)["allergies"] == NEW_ALLERGIES

    def test_the_same_answer_is_refused(self, submitted: Referral, social_worker: Any) -> None:
        with pytest.raises(AmendmentRefused, match="The new answer is the same as the current answer"):
            _amend(submitted, social_worker, "None known")
        assert not ReferralAmendment.objects.exists()

    def test_a_draft_a_group_and_an_attachment_cannot_be_amended(
        self, submitted: Referral, complete_draft: Referral, social_worker: Any
    ) -> None:
        for referral, key in ((submitted, "key_contacts"), (submitted, "attachment_court_order")):
            with pytest.raises(AmendmentRefused, match="cannot be corrected here"):
                _amend(referral, social_worker, "x", key=key)
        Referral.objects.filter(pk=submitted.pk).update(status=Referral.Status.DRAFT)
        with pytest.raises(AmendmentRefused, match="Only a submitted referral"):
            _amend(submitted, social_worker)

    def test_amendments_cannot_be_changed_or_deleted_by_the_application(
        self, submitted: Referral, social_worker: Any
    ) -> None:
        amendment = _amend(submitted, social_worker)
        amendment.reason = "Rewritten"
        with pytest.raises(AmendmentsAreAppendOnly):
            amendment.save()
        with pytest.raises(AmendmentsAreAppendOnly):
            amendment.delete()
        with pytest.raises(AmendmentsAreAppendOnly):
            ReferralAmendment.objects.update(reason="Rewritten")

    @pytest.mark.skipif(connection.vendor != "postgresql", reason="the trigger is PostgreSQL's")
    def test_postgresql_refuses_a_raw_update(self, submitted: Referral, social_worker: Any) -> None:
        amendment = _amend(submitted, social_worker)
        for statement in (
            "UPDATE forms_engine_referralamendment SET reason = 'x'",
            "DELETE FROM forms_engine_referralamendment",
        ):
            with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
                cursor.execute(f"{statement} WHERE id = %s", [amendment.pk])
        amendment.refresh_from_db()
        assert amendment.reason == REASON

    def test_anonymisation_removes_the_values_and_reasons_and_keeps_who_and_when(
        self, submitted: Referral, social_worker: Any
    ) -> None:
        amendment = _amend(submitted, social_worker)
        referral_anonymise(submitted)
        amendment.refresh_from_db()
        assert (amendment.old_value, amendment.new_value, amendment.reason) == (None, None, "")
        assert (amendment.made_by, amendment.question_key) == (social_worker, "allergies")


@pytest.mark.django_db
class TestPacksAfterAnAmendment:
    def test_the_next_pack_shows_the_new_value_and_the_amendments_and_the_stale_one_is_not_returned(
        self,
        submitted: Referral,
        social_worker: Any,
        coordinator: Any,
        tmp_path: Path,
        django_capture_on_commit_callbacks: Any,
    ) -> None:
        """A pack asked for after a correction is a new job, built for real; the one before stays as it was."""
        home, client = SecureHomeFactory(), client_for(coordinator)
        before = _built(submitted, home, coordinator, django_capture_on_commit_callbacks)
        _amend(submitted, social_worker)
        after = _built(submitted, home, coordinator, django_capture_on_commit_callbacks)
        assert after.pk != before.pk and after.pack_id != before.pack_id
        assert after.answers_hash == effective_answers_hash(submitted) != submitted.answers_hash
        for kind, read in (("pdf", _pdf_text), ("docx", docx_text)):
            new_text = " ".join(read(_download(client, after, kind, tmp_path)).split())
            old_text = " ".join(read(_download(client, before, kind, tmp_path)).split())
            assert "Amendments to this referral" in new_text and NEW_ALLERGIES in new_text and REASON in new_text
            assert "Was: None known" in new_text
            assert "Amendments to this referral" not in old_text and NEW_ALLERGIES not in old_text

    def test_a_job_asked_for_before_a_correction_builds_the_answers_it_was_pinned_to(
        self, submitted: Referral, social_worker: Any, coordinator: Any, tmp_path: Path
    ) -> None:
        home = SecureHomeFactory()
        job = packs_request(referral=submitted, homes=[home], user=coordinator)[0]  # not sent: the test runs it
        _amend(submitted, social_worker)
        job = pack_job_run(job_id=job.pk)
        assert job.state == PackJob.State.DONE
        text = _pdf_text(_download(client_for(coordinator), job, "pdf", tmp_path))
        assert NEW_ALLERGIES not in " ".join(text.split())


def _journey(client: Client, referral: Referral, data: dict[str, Any]) -> Any:
    return client.post(reverse("referrals:amend", args=[referral.pk, "allergies"]), data)


@pytest.mark.django_db
class TestCorrectingOnThePages:
    def test_choose_enter_check_and_confirm(self, submitted: Referral, social_worker: Any) -> None:
        """The journey from the submitted referral's summary; the answer is then marked Amended with its history."""
        client = client_for(social_worker)
        summary = client.get(reverse("referrals:check", args=[submitted.pk])).content.decode()
        assert reverse("referrals:amend-choose", args=[submitted.pk]) in summary
        choose = client.get(reverse("referrals:amend-choose", args=[submitted.pk])).content.decode()
        assert reverse("referrals:amend", args=[submitted.pk, "allergies"]) in choose
        form = client.get(reverse("referrals:amend", args=[submitted.pk, "allergies"])).content.decode()
        assert "None known" in form and "Why is this answer being corrected?" in form
        response = _journey(client, submitted, {"allergies": NEW_ALLERGIES, "amendment_reason": REASON})
        assert response["Location"] == reverse("referrals:amend-check", args=[submitted.pk, "allergies"])
        check = client.get(response["Location"]).content.decode()
        assert NEW_ALLERGIES in check and "None known" in check and not ReferralAmendment.objects.exists()
        done = client.post(response["Location"])
        assert done["Location"] == reverse("referrals:check", args=[submitted.pk])
        assert ReferralAmendment.objects.get().new_value == NEW_ALLERGIES
        page = client.get(done["Location"]).content.decode()
        assert "Amended" in page and "Amendments" in page and REASON in page and NEW_ALLERGIES in page

    def test_the_same_answer_and_a_missing_reason_are_named_errors(
        self, submitted: Referral, social_worker: Any
    ) -> None:
        client = client_for(social_worker)
        same = _journey(client, submitted, {"allergies": "None known", "amendment_reason": REASON})
        assert same.status_code == 400
        assert "The new answer is the same as the current answer" in same.content.decode()
        assert 'href="#id_allergies"' in same.content.decode()
        missing = _journey(client, submitted, {"allergies": NEW_ALLERGIES, "amendment_reason": ""})
        assert missing.status_code == 400 and "Enter why the answer is being corrected" in missing.content.decode()
        assert NEW_ALLERGIES in missing.content.decode()  # what they typed is kept

    def test_the_question_is_validated_by_its_own_page_form(self, submitted: Referral, social_worker: Any) -> None:
        response = client_for(social_worker).post(
            reverse("referrals:amend", args=[submitted.pk, "child_date_of_birth"]),
            {"child_date_of_birth_0": "31", "child_date_of_birth_1": "2", "child_date_of_birth_2": "2010"},
        )
        assert response.status_code == 400 and "error-summary" in response.content.decode()
        assert not ReferralAmendment.objects.exists()

    def test_only_the_authoritys_referrers_and_signers_may_correct(
        self, submitted: Referral, coordinator: Any, leeds: Any, officer: Any
    ) -> None:
        url = reverse("referrals:amend", args=[submitted.pk, "allergies"])
        home_manager = member(Role.HOME_MANAGER, SecureHomeFactory())
        for outsider in (coordinator, member(Role.SOCIAL_WORKER, leeds), home_manager):
            assert client_for(outsider).get(url).status_code == 404
        assert client_for(officer).get(url).status_code == 200
        summary = client_for(coordinator).get(reverse("referrals:check", args=[submitted.pk])).content.decode()
        assert reverse("referrals:amend-choose", args=[submitted.pk]) not in summary
        assert AuditEvent.objects.filter(action="referrals:amend", outcome="denied").count() == 3

    def test_a_group_question_is_not_offered(self, submitted: Referral, social_worker: Any) -> None:
        url = reverse("referrals:amend", args=[submitted.pk, "key_contacts"])
        assert client_for(social_worker).get(url).status_code == 404

    def test_correcting_needs_a_recent_second_factor_check(self, submitted: Referral, social_worker: Any) -> None:
        client, confirm = client_for(social_worker), reverse("accounts:confirm-identity")
        with time_machine.travel(timezone.now() + timedelta(minutes=16)):
            assert client.get(reverse("referrals:amend", args=[submitted.pk, "allergies"]))["Location"].startswith(
                confirm
            )
            posted = _journey(client, submitted, {"allergies": NEW_ALLERGIES, "amendment_reason": REASON})
        assert posted["Location"].startswith(confirm) and not ReferralAmendment.objects.exists()
