"""The social worker's card and referrals list show each referral's stage and the next thing to do; every count on
the card is the number of rows in the list it links to."""

import datetime
import re
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import Organisation, Role
from circulation.models import HomeRequest, InformationRequest, Search
from circulation.services import (
    information_request,
    placement_confirm,
    request_accept,
    search_circulate,
    search_close,
)
from forms_engine.models import FormVersion, Referral
from forms_engine.services import referral_send_for_signature, referral_start
from forms_engine.stages import STAGE_NAMES, StageKey
from tests.circulation.factories import beds_declared, home_with_manager, submitted_referral
from tests.factories import member

from .conftest import client_for
from .test_referral_journey import _attach_court_order

ROW = re.compile(r'data-referral="(\d+)"')
STAGE_LINK = re.compile(r'href="(/referrals/\?stage=(\w+))">(\d+) ')


@pytest.fixture
def homes(db: Any) -> dict[str, tuple[Organisation, Any]]:
    return {
        "marydale": home_with_manager("Marydale Lodge", "marydale-lodge"),
        "kyloe": home_with_manager("Kyloe House", "kyloe-house"),
        "adel": home_with_manager("Adel Beck", "adel-beck"),
    }


@pytest.fixture
def coordinator(db: Any) -> Any:
    return member(Role.COORDINATOR)


def _submitted(version: FormVersion, hampshire: Organisation, social_worker: Any) -> Referral:
    return submitted_referral(version=version, local_authority=hampshire, user=social_worker)


def _circulated(referral: Referral, homes: dict, coordinator: Any, *names: str) -> Search:
    search_circulate(referral=referral, homes=[homes[name][0] for name in names], user=coordinator)
    return Search.objects.get(referral=referral)


def _request(search: Search, homes: dict, name: str) -> HomeRequest:
    return HomeRequest.objects.get(search=search, home=homes[name][0])


@pytest.fixture
def every_stage(
    forms_seeded: dict[int, FormVersion],
    hampshire: Organisation,
    social_worker: Any,
    officer: Any,
    homes: dict,
    coordinator: Any,
    complete_draft: Referral,
) -> dict[str, Referral]:
    """One Hampshire referral at each stage (two drafts), with a home's question and a home's offer waiting."""
    second_draft = referral_start(membership=social_worker.memberships.get(), version=forms_seeded[4])
    _attach_court_order(complete_draft, social_worker)
    referral_send_for_signature(referral=complete_draft, user=social_worker, officer=officer)
    version = forms_seeded[4]
    submitted = _submitted(version, hampshire, social_worker)
    circulating = _submitted(version, hampshire, social_worker)
    search = _circulated(circulating, homes, coordinator, "marydale", "kyloe", "adel")
    marydale, manager = homes["marydale"]
    information_request(home_request=_request(search, homes, "marydale"), question="Any allergies?", user=manager)
    offered = _submitted(version, hampshire, social_worker)
    offer_search = _circulated(offered, homes, coordinator, "kyloe", "adel")
    admission = timezone.localdate() + datetime.timedelta(days=2)
    offer = request_accept(
        home_request=_request(offer_search, homes, "kyloe"), admission_date=admission, user=homes["kyloe"][1]
    )
    placed = _submitted(version, hampshire, social_worker)
    placed_search = _circulated(placed, homes, coordinator, "adel")
    adel, adel_manager = homes["adel"]
    beds_declared(adel, adel_manager, on=admission)
    beds_declared(adel, adel_manager)
    accepted = request_accept(
        home_request=_request(placed_search, homes, "adel"), admission_date=admission, user=adel_manager
    )
    placement_confirm(home_request=accepted, admitted_on=admission, user=social_worker)
    closed = _submitted(version, hampshire, social_worker)
    search_close(
        search=_circulated(closed, homes, coordinator, "marydale"), outcome=Search.Outcome.WITHDRAWN, user=coordinator
    )
    assert offer.status == HomeRequest.Status.ACCEPTED
    return {
        "draft": second_draft,
        "with_officer": complete_draft,
        "submitted": submitted,
        "circulating": circulating,
        "offers": offered,
        "placed": placed,
        "closed": closed,
    }


def _rows(html: str) -> list[int]:
    return [int(pk) for pk in ROW.findall(html)]


@pytest.mark.django_db
class TestStagesOnTheList:
    def test_each_referral_shows_its_stage(self, every_stage: dict[str, Referral], social_worker: Any) -> None:
        html = client_for(social_worker).get(reverse("referrals:list")).content.decode()
        assert "With " in html and ", sanctioning officer" in html
        for label in (
            "Submitted, not yet circulated",
            "Circulating to 3 homes",
            "1 offer to confirm",
            "Placed at Adel Beck",
            "Closed: Referral withdrawn",
        ):
            assert label in html

    def test_a_home_s_question_and_offer_lead_to_their_answer_and_confirm_pages(
        self, every_stage: dict[str, Referral], social_worker: Any
    ) -> None:
        question = InformationRequest.objects.get()
        offer = HomeRequest.objects.get(status=HomeRequest.Status.ACCEPTED)
        for url in (reverse("referrals:list"), reverse("accounts:dashboard")):
            html = client_for(social_worker).get(url).content.decode()
            assert "Marydale Lodge asked a question — answer it" in html
            assert reverse("circulation:answer", args=[question.pk]) in html
            assert "Kyloe House offered a place — confirm it" in html
            assert reverse("circulation:confirm", args=[offer.pk]) in html

    def test_an_open_search_no_home_still_considers_says_so(
        self,
        forms_seeded: dict[int, FormVersion],
        hampshire: Organisation,
        social_worker: Any,
        homes: dict,
        coordinator: Any,
    ) -> None:
        from circulation.services import request_recall

        referral = _submitted(forms_seeded[4], hampshire, social_worker)
        search = _circulated(referral, homes, coordinator, "marydale")
        request_recall(home_request=_request(search, homes, "marydale"), user=coordinator)
        html = client_for(social_worker).get(reverse("referrals:list"), {"stage": StageKey.CIRCULATING}).content
        assert _rows(html.decode()) == [referral.pk] and b"Search open, no home considering it" in html

    @pytest.mark.parametrize("stage", list(STAGE_NAMES))
    def test_the_list_filtered_to_a_stage_shows_only_that_stage(
        self, every_stage: dict[str, Referral], social_worker: Any, stage: str
    ) -> None:
        html = client_for(social_worker).get(reverse("referrals:list"), {"stage": stage}).content.decode()
        expected = [every_stage[stage].pk]
        assert _rows(html) == expected

    def test_an_unknown_stage_is_a_named_error(self, every_stage: dict[str, Referral], social_worker: Any) -> None:
        response = client_for(social_worker).get(reverse("referrals:list"), {"stage": "nonsense"})
        assert response.status_code == 400
        assert "Select which referrals to show from the list" in response.content.decode()


@pytest.mark.django_db
class TestCountsMatchTheirLists:
    def test_every_count_on_the_referrals_card_is_the_length_of_its_list(
        self, every_stage: dict[str, Referral], social_worker: Any
    ) -> None:
        client = client_for(social_worker)
        card = client.get(reverse("accounts:dashboard")).content.decode().replace("&amp;", "&")
        links = STAGE_LINK.findall(card)
        assert {stage for _, stage, _ in links} == set(STAGE_NAMES) - {StageKey.DRAFT} | {StageKey.DRAFT}
        for url, _, count in links:
            assert len(_rows(client.get(url).content.decode())) == int(count), url
        assert "1 waiting for a sanctioning officer&#x27;s signature and 5 submitted" in card

    def test_the_signature_count_is_the_length_of_the_officer_s_list_beyond_five(
        self, forms_seeded: dict[int, FormVersion], social_worker: Any, officer: Any, hampshire: Organisation
    ) -> None:
        """Seven referrals chosen for the officer, one for a colleague: the card says 7 and its list shows 7."""
        from .answers import complete_answers

        colleague = member(Role.SANCTIONING_OFFICER, hampshire)
        for number in range(8):
            draft = referral_start(membership=social_worker.memberships.get(), version=forms_seeded[4])
            draft.answers = complete_answers(draft.version.schema, draft.version.code_lists, **draft.answers)
            draft.save()
            _attach_court_order(draft, social_worker)
            referral_send_for_signature(referral=draft, user=social_worker, officer=officer if number else colleague)
        client = client_for(officer)
        card = client.get(reverse("accounts:dashboard")).content.decode()
        assert "See all 7 waiting for your signature" in card
        listed = client.get(reverse("referrals:list"), {"stage": "to_sign"}).content.decode()
        assert len(_rows(listed)) == 7
        everyone = client.get(reverse("referrals:list"), {"stage": StageKey.WITH_OFFICER}).content.decode()
        assert len(_rows(everyone)) == 8

    def test_an_authority_with_only_submitted_referrals_is_not_told_it_has_none(
        self, forms_seeded: dict[int, FormVersion], hampshire: Organisation, social_worker: Any
    ) -> None:
        _submitted(forms_seeded[4], hampshire, social_worker)
        html = client_for(social_worker).get(reverse("accounts:dashboard")).content.decode()
        assert "no referrals yet" not in html and "no draft or submitted" not in html
        assert "1 referral: submitted, not yet circulated" in html

    def test_another_authority_sees_none_of_it(self, every_stage: dict[str, Referral], leeds: Organisation) -> None:
        client = client_for(member(Role.SOCIAL_WORKER, leeds))
        assert _rows(client.get(reverse("referrals:list")).content.decode()) == []
        card = client.get(reverse("accounts:dashboard")).content.decode()
        assert "Marydale Lodge asked a question" not in card and "Your authority has no referrals yet." in card


@pytest.mark.django_db
class TestTheCoordinatorsSubmittedList:
    def test_it_shows_each_child_s_age_sex_and_stage(self, every_stage: dict[str, Referral], coordinator: Any) -> None:
        html = client_for(coordinator).get(reverse("referrals:submitted")).content.decode()
        submitted = Referral.objects.filter(status=Referral.Status.SUBMITTED)
        assert sorted(_rows(html)) == sorted(submitted.values_list("pk", flat=True))
        born = datetime.date(2011, 5, 14)
        today = timezone.localdate()
        age = today.year - born.year - ((today.month, today.day) < (born.month, born.day))
        row = html.split(f'data-referral="{every_stage["circulating"].pk}"')[1].split("</tr>")[0]
        assert f">{age}<" in row and "Female" in row and "Circulating to 3 homes" in row
        assert "Placed at Adel Beck" in html and "Submitted, not yet circulated" in html
        assert every_stage["draft"].pk not in _rows(html)
