"""A social worker's v5 draft moves to v6 (the 2026 Act form) once v6 is live: renamed, mapped and collected answers
arrive, what v6 cannot hold is archived, and what must be answered again is marked for checking."""

from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import AuditEvent
from forms_engine.journey import all_complete
from forms_engine.models import FormVersion, Referral
from forms_engine.services import form_version_publish, referral_tasks

from .answers import complete_answers
from .conftest import client_for


@pytest.fixture
def v6_live(forms_seeded: dict[int, FormVersion]) -> FormVersion:
    """v5 then v6 published today: v6 is the live version."""
    for number in (5, 6):
        form_version_publish(version=forms_seeded[number], user=None, effective_from=timezone.localdate())
    live = FormVersion.objects.get(pk=forms_seeded[6].pk)
    assert live.state == FormVersion.State.LIVE
    return live


@pytest.fixture
def v5_draft(forms_seeded: dict[int, FormVersion], social_worker: Any) -> Referral:
    """A complete v5 draft: a current CSE risk, a historic self-harm risk, no gang risk, a 3-to-6-month stay."""
    v5 = forms_seeded[5]
    answers = complete_answers(
        v5.schema,
        v5.code_lists,
        jurisdiction="england_s25",
        risk_cse="current",
        risk_self_harm="historic",
        risk_gangs="none",
        intended_duration="3_to_6_months",
        behaviour_triggers="Being told no in front of others.",
    )
    membership = social_worker.memberships.get()
    return Referral.objects.create(
        version=v5, local_authority=membership.organisation, created_by=social_worker, answers=answers
    )


@pytest.mark.django_db
class TestMovingAV5DraftToV6:
    def test_the_owner_moves_the_draft_and_the_answers_follow_the_rules(
        self, v5_draft: Referral, v6_live: FormVersion, social_worker: Any
    ) -> None:
        """legal_route from jurisdiction, ticked indicators from the risks, triggers on the first-72-hours page."""
        before = dict(v5_draft.answers)
        response = client_for(social_worker).post(reverse("referrals:migrate", args=[v5_draft.pk]), follow=True)
        assert response.status_code == 200
        v5_draft.refresh_from_db()
        answers = v5_draft.answers
        assert v5_draft.version == v6_live and v5_draft.migrated_from.number == 5
        assert answers["legal_route"] == "s25_secure_accommodation" and "jurisdiction" not in answers
        assert set(answers["risk_indicators"]) >= {"cse", "self_harm"} and "gangs" not in answers["risk_indicators"]
        assert not any(key in answers for key in ("risk_cse", "risk_self_harm", "risk_gangs"))
        assert answers["expected_length_of_stay"] == "3_to_6_months"
        assert answers["key_triggers"] == "Being told no in front of others."
        assert "sanctioning_officer_name" not in answers
        assert v5_draft.archived_answers["SAN referral form v5"] == before
        assert {"legal_route", "risk_indicators", "expected_length_of_stay"} <= set(v5_draft.needs_checking)
        assert AuditEvent.objects.filter(action="referral.migrate", object_id=str(v5_draft.pk)).exists()

    def test_the_moved_draft_asks_for_what_v6_adds_before_it_can_be_sent(
        self, v5_draft: Referral, v6_live: FormVersion, social_worker: Any
    ) -> None:
        """The child's wishes and feelings, staffing intensity and key information are new: sections are not complete,
        and the task list says how many answers need checking."""
        client_for(social_worker).post(reverse("referrals:migrate", args=[v5_draft.pk]))
        v5_draft.refresh_from_db()
        assert not all_complete(referral_tasks(v5_draft))
        html = client_for(social_worker).get(v5_draft.get_absolute_url()).content.decode()
        assert f"{len(v5_draft.needs_checking)} answers need checking" in html

    def test_a_long_stay_is_asked_again(
        self, forms_seeded: dict[int, FormVersion], v6_live: FormVersion, social_worker: Any
    ) -> None:
        """v5's "more than 6 months" has no v6 counterpart: the answer goes and is marked for checking."""
        membership = social_worker.memberships.get()
        draft = Referral.objects.create(
            version=forms_seeded[5],
            local_authority=membership.organisation,
            created_by=social_worker,
            answers={"child_first_name": "Sam", "intended_duration": "over_6_months"},
        )
        client_for(social_worker).post(reverse("referrals:migrate", args=[draft.pk]))
        draft.refresh_from_db()
        assert "expected_length_of_stay" not in draft.answers and "expected_length_of_stay" in draft.needs_checking
