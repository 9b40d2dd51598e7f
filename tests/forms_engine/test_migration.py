"""Drafts across versions: pinned until their owner moves them, with declarative rules and answers to check."""

from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import AuditEvent
from forms_engine.models import FormVersion, Referral
from forms_engine.services import ReferralNotReady, form_version_publish, migrate_answers, referral_migrate

from .answers import complete_answers
from .conftest import client_for


def _publish_v5(versions: dict[int, FormVersion]) -> FormVersion:
    return form_version_publish(version=versions[5], user=None, effective_from=timezone.localdate())


def _v3_draft(versions: dict[int, FormVersion], social_worker: Any, **answers: Any) -> Referral:
    membership = social_worker.memberships.get()
    return Referral.objects.create(
        version=versions[3], local_authority=membership.organisation, created_by=social_worker, answers=answers
    )


@pytest.mark.django_db
class TestMigrationRules:
    """The rules shipped with v4 and v5."""

    def test_v3_to_v4_renames_maps_defaults_and_drops(self, forms_seeded: dict) -> None:
        """gender becomes child_sex, England is the default jurisdiction, fax numbers go."""
        answers = {
            "gender": "female",
            "fax_number": "01632 960999",
            "child_first_name": "Sam",
            "expected_end_date": "2019-02-01",
        }
        migrated, touched = migrate_answers(answers, [forms_seeded[4]])
        assert migrated["child_sex"] == "female" and "gender" not in migrated
        assert migrated["jurisdiction"] == "england_s25"
        assert migrated["order_end_date"] == "2019-02-01"
        assert "fax_number" not in migrated and migrated["child_first_name"] == "Sam"
        assert {"child_sex", "jurisdiction", "order_end_date"} <= touched

    def test_an_option_the_new_version_lacks_is_asked_again(self, forms_seeded: dict) -> None:
        """v3's gender 'other' has no v4 counterpart: the answer is removed and marked for checking."""
        migrated, touched = migrate_answers({"gender": "other"}, [forms_seeded[4]])
        assert "child_sex" not in migrated and "child_sex" in touched

    def test_group_fields_can_be_dropped(self, forms_seeded: dict) -> None:
        """The fax column of every key contact goes."""
        contacts = [{"contact_name": "A", "contact_fax": "01632 960000"}]
        migrated, _ = migrate_answers({"key_contacts": contacts}, [forms_seeded[4]])
        assert migrated["key_contacts"] == [{"contact_name": "A"}]

    def test_v4_to_v5_defaults_the_review_question(self, forms_seeded: dict) -> None:
        """A moved draft is not a reviewed referral form."""
        migrated, touched = migrate_answers({"child_first_name": "Sam"}, [forms_seeded[5]])
        assert migrated["is_review"] == "no" and touched == {"is_review"}


@pytest.mark.django_db
class TestMovingADraft:
    """The owner moves a draft to the live version."""

    def test_a_draft_stays_on_its_version_until_moved(
        self, draft: Referral, forms_seeded: dict, social_worker: Any
    ) -> None:
        """When v5 goes live the v4 draft shows the offer, and stays on v4."""
        _publish_v5(forms_seeded)
        html = client_for(social_worker).get(draft.get_absolute_url()).content.decode()
        draft.refresh_from_db()
        assert draft.version.number == 4
        assert "SAN referral form v5 is now live" in html

    def test_moving_v4_to_v5_marks_answers_to_check_and_keeps_the_old_ones(
        self, complete_draft: Referral, forms_seeded: dict, social_worker: Any
    ) -> None:
        """The task list says how many answers need checking; the v4 answers are archived; the move is audited."""
        _publish_v5(forms_seeded)
        before = dict(complete_draft.answers)
        response = client_for(social_worker).post(reverse("referrals:migrate", args=[complete_draft.pk]), follow=True)
        complete_draft.refresh_from_db()
        assert complete_draft.version.number == 5 and complete_draft.migrated_from.number == 4
        assert complete_draft.archived_answers["SAN referral form v4"] == before
        assert "is_review" in complete_draft.needs_checking
        assert "1 answer needs checking" in response.content.decode()
        assert AuditEvent.objects.filter(action="referral.migrate", object_id=str(complete_draft.pk)).exists()

    def test_answering_a_checked_question_clears_the_mark(
        self, complete_draft: Referral, forms_seeded: dict, social_worker: Any
    ) -> None:
        """Saving the page removes the key from the list."""
        referral = referral_migrate(referral=complete_draft, target=_publish_v5(forms_seeded), user=social_worker)
        section = next(
            s
            for s in referral.version.schema["sections"]
            for p in s["pages"]
            if p["questions"][0]["key"] == "is_review"
        )
        page = next(p for p in section["pages"] if p["questions"][0]["key"] == "is_review")
        client_for(social_worker).post(
            reverse("referrals:page", args=[referral.pk, section["key"], page["key"]]), {"is_review": "no"}
        )
        referral.refresh_from_db()
        assert referral.needs_checking == []

    def test_v3_draft_moves_through_v4_to_v5(self, forms_seeded: dict, social_worker: Any) -> None:
        """Both sets of rules apply in order."""
        referral = _v3_draft(forms_seeded, social_worker, gender="male", fax_number="01632 960999")
        moved = referral_migrate(referral=referral, target=_publish_v5(forms_seeded), user=social_worker)
        assert (moved.answers["child_sex"], moved.answers["is_review"]) == ("male", "no")
        assert moved.archived_answers["SAN referral form v3"]["fax_number"] == "01632 960999"

    def test_a_submitted_referral_is_never_rewritten(
        self, complete_draft: Referral, forms_seeded: dict, social_worker: Any
    ) -> None:
        """Only drafts move."""
        Referral.objects.filter(pk=complete_draft.pk).update(status="submitted")
        complete_draft.refresh_from_db()
        with pytest.raises(ReferralNotReady):
            referral_migrate(referral=complete_draft, target=_publish_v5(forms_seeded), user=social_worker)
        complete_draft.refresh_from_db()
        assert complete_draft.version.number == 4

    def test_a_draft_cannot_move_to_an_unpublished_version(
        self, draft: Referral, forms_seeded: dict, social_worker: Any
    ) -> None:
        """The target must be live."""
        with pytest.raises(ReferralNotReady):
            referral_migrate(referral=draft, target=forms_seeded[5], user=social_worker)

    def test_complete_answers_helper_gives_a_sendable_v5_referral(self, forms_seeded: dict) -> None:
        """The test helper itself covers every v5 question type."""
        v5 = _publish_v5(forms_seeded)
        answers = complete_answers(v5.schema, v5.code_lists)
        assert answers["is_review"] == "no"
