"""The three-monthly reviewed referral: copied forward onto the live version, linked to the search, with its changes."""

import datetime
from typing import Any

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from accounts.models import AuditEvent, Organisation
from circulation.models import Search
from coordination.changes import answer_changes
from coordination.models import SearchReview
from coordination.selectors import upkeep_for
from coordination.services import UpkeepRefused, search_review_start
from forms_engine.models import FormVersion, Referral
from forms_engine.services import form_version_publish

from .conftest import at, client_for
from .factories import open_search


def _submit(referral: Referral, when: datetime.datetime) -> Referral:
    """Sign and submit as the journey would (the journey itself is tested in forms_engine)."""
    Referral.objects.filter(pk=referral.pk).update(
        status=Referral.Status.SUBMITTED, submitted_at=when, reference=f"SW-REVW-{referral.pk:04d}"
    )
    referral.refresh_from_db()
    return referral


@pytest.mark.django_db
class TestStartingAReview:
    """The LA starts the review from the search; the draft is a copy of the last submitted referral."""

    def test_the_review_is_a_draft_copy_on_the_live_version(self, search: Search, social_worker: Any) -> None:
        """Answers are copied (not documents), each section must be confirmed, and the review is linked."""
        response = client_for(social_worker).post(reverse("coordination:review-start", args=[search.pk]))
        review = SearchReview.objects.get(search=search)
        draft = review.referral
        assert response.status_code == 302 and response["Location"] == reverse("referrals:task-list", args=[draft.pk])
        assert draft.status == "draft" and draft.version.state == FormVersion.State.LIVE
        assert draft.copied_from == search.referral and review.source == search.referral
        assert draft.answers["child_first_name"] == "Ayla" and draft.sections_to_confirm
        assert draft.local_authority == search.referral.local_authority
        assert AuditEvent.objects.filter(action="coordination.review_start", object_id=str(review.pk)).exists()

    def test_starting_again_continues_the_same_draft(self, search: Search, social_worker: Any) -> None:
        """One draft review at a time."""
        membership = social_worker.memberships.get()
        first = search_review_start(search=search, membership=membership)
        again = search_review_start(search=search, membership=membership)
        assert first.pk == again.pk and SearchReview.objects.count() == 1

    def test_a_submitted_review_restarts_the_clock_and_the_next_copies_from_it(
        self, search: Search, social_worker: Any
    ) -> None:
        """Submitted on 25 May: the next review is due 25 August and is copied from the reviewed referral."""
        membership = social_worker.memberships.get()
        review = search_review_start(search=search, membership=membership)
        review.referral.answers["child_first_name"] = "Ayla-Reviewed"
        review.referral.save()
        _submit(review.referral, at(2026, 5, 25))
        upkeep = upkeep_for(search, today=datetime.date(2026, 6, 10))
        assert upkeep.review_due_on == datetime.date(2026, 8, 25) and not upkeep.review_overdue
        following = search_review_start(search=search, membership=membership)
        assert following.source == review.referral
        assert following.referral.answers["child_first_name"] == "Ayla-Reviewed"

    def test_on_version_5_the_draft_says_it_is_a_review_of_the_original(
        self, forms_seeded: dict[int, FormVersion], search: Search, social_worker: Any
    ) -> None:
        """With v5 live, the v4 referral is migrated and marked as a review of the original reference."""
        form_version_publish(version=forms_seeded[5], user=None, effective_from=timezone.localdate())
        review = search_review_start(search=search, membership=social_worker.memberships.get())
        answers = review.referral.answers
        assert review.referral.version.number == 5
        assert answers["is_review"] == "yes" and answers["review_of_reference"] == search.referral.reference
        assert "review_changes" not in answers

    def test_another_authority_and_the_unit_cannot_start_one(
        self, search: Search, leeds_worker: Any, coordinator: Any
    ) -> None:
        """Leeds gets not found (audited); the coordinator has no such action; the service refuses a stranger too."""
        url = reverse("coordination:review-start", args=[search.pk])
        assert client_for(leeds_worker).post(url).status_code == 404
        assert client_for(coordinator).post(url).status_code == 404
        with pytest.raises(UpkeepRefused):
            search_review_start(search=search, membership=leeds_worker.memberships.get())
        assert not SearchReview.objects.exists()

    def test_reviews_are_not_counted_as_new_searches(
        self, search: Search, social_worker: Any, v4: FormVersion, hampshire: Organisation, coordinator: Any
    ) -> None:
        """The review's referral has no search of its own and is reachable from the original's search."""
        review = search_review_start(search=search, membership=social_worker.memberships.get())
        assert not Search.objects.filter(referral=review.referral).exists()
        assert review.referral.review_of == review


@pytest.mark.django_db
class TestWhatChanged:
    """Field-level differences between the referral and its review, in each pinned version's words."""

    def test_changed_added_and_removed_answers_are_listed_with_labels(self, search: Search, social_worker: Any) -> None:
        """A changed name, a newly answered optional question and a cleared one."""
        review = search_review_start(search=search, membership=social_worker.memberships.get())
        draft = review.referral
        draft.answers["child_first_name"] = "Aylin"
        draft.answers["order_status"] = "full_order"
        draft.answers.pop("court")
        draft.save()
        changes = {change.key: change for change in answer_changes(review.source, draft)}
        assert changes["child_first_name"].before == "Ayla" and changes["child_first_name"].after == "Aylin"
        assert changes["child_first_name"].label == "First name" and changes["child_first_name"].kind == "changed"
        assert changes["order_status"].after == "Secure accommodation order made"
        assert changes["court"].kind == "removed" and changes["court"].after == ""
        assert "child_last_name" not in changes

    def test_a_question_renamed_by_a_new_version_is_compared_with_itself(
        self, forms_seeded: dict[int, FormVersion], hampshire: Organisation, coordinator: Any, social_worker: Any
    ) -> None:
        """v3's gender is v4's child_sex: unchanged, so not listed; v3's fax number, no longer asked, is."""
        search = open_search(version=forms_seeded[3], local_authority=hampshire, user=coordinator)
        search.referral.answers.update(gender="female", fax_number="01632 960999")
        search.referral.save()
        review = search_review_start(search=search, membership=social_worker.memberships.get())
        changes = {change.key: change for change in answer_changes(review.source, review.referral)}
        assert "gender" not in changes and "child_sex" not in changes
        assert changes["fax_number"].kind == "removed" and changes["fax_number"].before == "01632 960999"

    def test_the_page_shows_the_changes_to_the_unit_once_submitted(
        self, search: Search, social_worker: Any, coordinator: Any, leeds_worker: Any
    ) -> None:
        """The coordinator sees a submitted review's changes (audited); a draft's are the LA's own; Leeds sees none."""
        review = search_review_start(search=search, membership=social_worker.memberships.get())
        review.referral.answers["child_first_name"] = "Aylin"
        review.referral.save()
        url = reverse("coordination:review-changes", args=[review.pk])
        assert client_for(coordinator).get(url).status_code == 404
        assert client_for(social_worker).get(url).status_code == 200
        with time_machine.travel(at(2026, 5, 20), tick=False):
            _submit(review.referral, timezone.now())
        response = client_for(coordinator).get(url)
        html = response.content.decode()
        assert response.status_code == 200 and "<del>Ayla</del>" in html and "<ins>Aylin</ins>" in html
        assert AuditEvent.objects.filter(action="coordination.review_changes", actor=coordinator).exists()
        assert client_for(leeds_worker).get(url).status_code == 404
