"""The coordinator's circulate page: today's matching homes pre-selected, one request and pack per home."""

from typing import Any

import pytest
from django.urls import reverse

from accounts.models import AuditEvent
from circulation.models import HomeRequest, Search
from forms_engine.models import PackJob, Referral

from .conftest import client_for
from .factories import beds_declared


@pytest.mark.django_db
class TestCirculatePage:
    """Pre-selection from today's beds, then circulation."""

    def test_homes_with_a_matching_bed_are_preselected(self, referral: Referral, homes: dict, coordinator: Any) -> None:
        """A girl of 15: the home for boys only and the home without a bed are not selected."""
        beds_declared(*homes["marydale"], welfare=2, sexes="any")
        beds_declared(*homes["kyloe"], welfare=1, sexes="male")
        url = reverse("circulation:circulate", args=[referral.pk])
        response = client_for(coordinator).get(url)
        html = response.content.decode()
        assert response.status_code == 200
        checked = {home.name for home, _ in homes.values() if f'value="{home.pk}" checked aria-describedby=' in html}
        assert checked == {"Marydale Lodge"}
        assert "2 bookable beds today" in html and "Not declared today" in html
        assert AuditEvent.objects.filter(actor=coordinator, action="circulation.circulate_view").exists()

    def test_sending_opens_the_search_with_one_request_and_pack_per_home(
        self, referral: Referral, homes: dict, coordinator: Any
    ) -> None:
        """Two homes chosen: two requests, two pack jobs linked to them, attempts 2."""
        beds_declared(*homes["marydale"], welfare=2, sexes="any")
        beds_declared(*homes["adel"], welfare=1, sexes="any")
        chosen = [homes["marydale"][0].pk, homes["adel"][0].pk]
        response = client_for(coordinator).post(reverse("circulation:circulate", args=[referral.pk]), {"homes": chosen})
        assert response.status_code == 302
        search = Search.objects.get(referral=referral)
        assert search.attempts == 2
        for home_request in HomeRequest.objects.filter(search=search):
            assert home_request.pack_job == PackJob.objects.get(referral=referral, home=home_request.home)

    def test_asking_a_home_without_a_bookable_bed_needs_confirming(
        self, referral: Referral, homes: dict, coordinator: Any
    ) -> None:
        """A home that has not declared today, or has no bookable welfare bed, is asked only once the coordinator
        confirms it; the error names each such home and why, and nothing is sent until then."""
        beds_declared(*homes["marydale"], welfare=0, sexes="any")
        url = reverse("circulation:circulate", args=[referral.pk])
        client = client_for(coordinator)
        assert "no bookable welfare bed today" in client.get(url).content.decode()
        chosen = [homes["marydale"][0].pk, homes["kyloe"][0].pk]
        refused = client.post(url, {"homes": chosen})
        html = refused.content.decode()
        assert refused.status_code == 400
        assert "Confirm you want to ask homes with no bookable welfare bed today, or unselect them" in html
        assert "Marydale Lodge has no bookable welfare bed today" in html
        assert f"{homes['kyloe'][0]} has not declared its beds today" in html
        assert 'href="#id_without_beds"' in html  # the error summary links to the confirmation
        assert not Search.objects.exists()
        assert client.post(url, {"homes": chosen, "without_beds": "on"}).status_code == 302
        assert Search.objects.get(referral=referral).requests.count() == 2

    def test_a_home_with_a_bookable_bed_needs_no_confirmation(
        self, referral: Referral, homes: dict, coordinator: Any
    ) -> None:
        beds_declared(*homes["marydale"], welfare=1, sexes="any")
        url = reverse("circulation:circulate", args=[referral.pk])
        assert client_for(coordinator).post(url, {"homes": [homes["marydale"][0].pk]}).status_code == 302

    def test_choosing_no_home_is_a_400(self, referral: Referral, homes: dict, coordinator: Any) -> None:
        """The error summary says what to do; no search is opened."""
        response = client_for(coordinator).post(reverse("circulation:circulate", args=[referral.pk]), {})
        assert response.status_code == 400 and "Select at least one secure home" in response.content.decode()
        assert not Search.objects.exists()

    def test_a_draft_cannot_be_circulated(self, referral: Referral, coordinator: Any) -> None:
        """Only submitted referrals reach the page."""
        Referral.objects.filter(pk=referral.pk).update(status=Referral.Status.DRAFT)
        assert client_for(coordinator).get(reverse("circulation:circulate", args=[referral.pk])).status_code == 404


@pytest.mark.django_db
class TestDashboardAndNavigation:
    """The work is reachable from the landing page and the header."""

    def test_the_home_manager_sees_the_waiting_card_and_the_inbox_link(self, circulated: Search, homes: dict) -> None:
        """One referral waiting, with the inbox in the navigation."""
        html = client_for(homes["marydale"][1]).get(reverse("accounts:dashboard")).content.decode()
        assert "Referrals waiting for your decision" in html and reverse("circulation:inbox") in html

    def test_the_social_worker_sees_offers_waiting(self, circulated: Search, homes: dict, social_worker: Any) -> None:
        """An offer appears with a link to confirm it."""
        import datetime

        from django.utils import timezone

        from circulation.services import request_accept

        home, manager = homes["kyloe"]
        offer = request_accept(
            home_request=HomeRequest.objects.get(search=circulated, home=home),
            admission_date=timezone.localdate() + datetime.timedelta(days=2),
            user=manager,
        )
        html = client_for(social_worker).get(reverse("accounts:dashboard")).content.decode()
        assert "Offers waiting for confirmation" in html and reverse("circulation:confirm", args=[offer.pk]) in html

    def test_a_home_s_question_is_linked_from_the_card_until_answered(
        self, circulated: Search, homes: dict, social_worker: Any
    ) -> None:
        """The card counts the question and links straight to its answer page; once answered, the link goes."""
        from circulation.services import information_answer, information_request

        home, manager = homes["marydale"]
        question = information_request(
            home_request=HomeRequest.objects.get(search=circulated, home=home), question="Any allergies?", user=manager
        )
        answer_url = reverse("circulation:answer", args=[question.pk])
        html = client_for(social_worker).get(reverse("accounts:dashboard")).content.decode()
        assert "1 question from homes to answer" in html
        assert answer_url in html and f"Answer {home} about {circulated.referral.reference}" in html
        information_answer(information=question, answer="None known.", user=social_worker)
        html = client_for(social_worker).get(reverse("accounts:dashboard")).content.decode()
        assert "0 questions from homes to answer" in html and answer_url not in html

    def test_the_referrals_card_counts_submitted_referrals(self, circulated: Search, social_worker: Any) -> None:
        """An authority whose referrals are all submitted is not told it has none."""
        html = client_for(social_worker).get(reverse("accounts:dashboard")).content.decode()
        assert "0 waiting for a sanctioning officer&#x27;s signature and 1 submitted" in html
        assert "no referrals yet" not in html and "no draft or submitted" not in html


@pytest.mark.django_db
class TestReviewedReferralsAreNotCirculated:
    """A three-monthly reviewed referral belongs to the child's open search, not a new one."""

    def test_a_submitted_review_is_refused_and_not_listed_to_circulate(
        self, circulated: Search, referral: Referral, coordinator: Any
    ) -> None:
        """The review opens no second search and does not appear among referrals waiting to be circulated."""
        from circulation.services import TransitionRefused, search_open
        from coordination.models import SearchReview

        review = Referral.objects.create(
            version=referral.version,
            local_authority=referral.local_authority,
            created_by=referral.created_by,
            status=Referral.Status.SUBMITTED,
            reference="SW-REVW-0001",
            answers=referral.answers,
        )
        SearchReview.objects.create(search=circulated, source=referral, referral=review, started_by=referral.created_by)
        with pytest.raises(TransitionRefused):
            search_open(referral=review, user=coordinator)
        assert not Search.objects.filter(referral=review).exists()
        listing = client_for(coordinator).get(reverse("circulation:searches")).content.decode()
        assert "SW-REVW-0001" not in listing
