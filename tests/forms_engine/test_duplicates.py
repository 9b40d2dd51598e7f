"""A draft for a child who already has an open draft or search in the same authority links to it; never across
authorities."""

from typing import Any

import pytest
from django.urls import reverse

from accounts.models import Organisation, Role
from circulation.models import Search
from circulation.services import search_circulate, search_close
from forms_engine.models import FormVersion, Referral
from forms_engine.services import referral_start
from forms_engine.services.duplicates import (
    SAME_NAME_AND_BIRTH,
    SAME_NHS_NUMBER,
    SEARCH_ENDED_STATUSES,
    open_duplicates,
)
from tests.circulation.factories import home_with_manager, submitted_referral
from tests.factories import member

from .conftest import client_for

CHILD = {"child_first_name": "Tamsin", "child_last_name": "Example-Child", "child_date_of_birth": "2011-05-14"}


def _draft(version: FormVersion, worker: Any, **answers: Any) -> Referral:
    referral = referral_start(membership=worker.memberships.get(), version=version)
    referral.answers = {**referral.answers, **answers}
    referral.save()
    return referral


@pytest.fixture
def v4(forms_seeded: dict[int, FormVersion]) -> FormVersion:
    return forms_seeded[4]


@pytest.mark.django_db
class TestFindingTheSameChild:
    def test_name_and_date_of_birth_match_regardless_of_case_and_spaces(
        self, v4: FormVersion, social_worker: Any
    ) -> None:
        first = _draft(v4, social_worker, **CHILD)
        second = _draft(
            v4,
            social_worker,
            child_first_name=" tamsin ",
            child_last_name="EXAMPLE-CHILD",
            child_date_of_birth="2011-05-14",
        )
        (found,) = open_duplicates(second)
        assert found.referral == first and found.reason == SAME_NAME_AND_BIRTH

    def test_the_same_name_born_on_another_day_is_another_child(self, v4: FormVersion, social_worker: Any) -> None:
        _draft(v4, social_worker, **CHILD)
        other = _draft(v4, social_worker, **{**CHILD, "child_date_of_birth": "2012-05-14"})
        assert open_duplicates(other) == []

    def test_the_nhs_number_matches_whatever_the_name(self, v4: FormVersion, social_worker: Any) -> None:
        first = _draft(v4, social_worker, child_nhs_number="943 476 5919", **CHILD)
        second = _draft(v4, social_worker, child_nhs_number="9434765919", child_first_name="Tam")
        (found,) = open_duplicates(second)
        assert found.referral == first and found.reason == SAME_NHS_NUMBER

    def test_a_draft_without_a_name_or_nhs_number_matches_nothing(self, v4: FormVersion, social_worker: Any) -> None:
        _draft(v4, social_worker)
        assert open_duplicates(_draft(v4, social_worker)) == []

    def test_never_across_authorities(self, v4: FormVersion, social_worker: Any, leeds: Organisation) -> None:
        """Leeds's draft for a child of the same name and birth, and the same NHS number, is not shown to Hampshire."""
        leeds_worker = member(Role.SOCIAL_WORKER, leeds)
        theirs = _draft(v4, leeds_worker, child_nhs_number="9434765919", **CHILD)
        ours = _draft(v4, social_worker, child_nhs_number="9434765919", **CHILD)
        assert open_duplicates(ours) == [] and open_duplicates(theirs) == []
        html = client_for(social_worker).get(ours.get_absolute_url()).content.decode()
        assert theirs.get_absolute_url() not in html and "may already have a referral open" not in html

    def test_an_open_search_counts_and_an_ended_one_does_not(
        self, v4: FormVersion, social_worker: Any, hampshire: Organisation
    ) -> None:
        coordinator = member(Role.COORDINATOR)
        submitted = submitted_referral(version=v4, local_authority=hampshire, user=social_worker)
        submitted.answers.update(CHILD)
        submitted.save()
        draft = _draft(v4, social_worker, **CHILD)
        assert [d.referral for d in open_duplicates(draft)] == [submitted]  # submitted, not yet circulated
        home, _ = home_with_manager("Marydale Lodge", "marydale-lodge")
        search_circulate(referral=submitted, homes=[home], user=coordinator)
        (found,) = open_duplicates(draft)
        assert found.referral == submitted and "open search" in found.description
        search_close(search=Search.objects.get(referral=submitted), outcome=Search.Outcome.WITHDRAWN, user=coordinator)
        assert open_duplicates(draft) == []

    def test_the_ended_statuses_are_circulation_s(self) -> None:
        assert set(SEARCH_ENDED_STATUSES) == {Search.Status.PLACED, Search.Status.CLOSED}


@pytest.mark.django_db
class TestTheHintOnTheDraftsPages:
    def test_the_task_list_and_check_answers_link_to_the_other_draft(self, v4: FormVersion, social_worker: Any) -> None:
        first = _draft(v4, social_worker, **CHILD)
        second = _draft(v4, social_worker, **CHILD)
        client = client_for(social_worker)
        for url in (second.get_absolute_url(), reverse("referrals:check", args=[second.pk])):
            html = client.get(url).content.decode()
            assert "Your authority may already have a referral open for this child." in html
            assert f'href="{first.get_absolute_url()}"' in html and "the same name and date of birth" in html
