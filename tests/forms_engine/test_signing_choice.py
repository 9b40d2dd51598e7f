"""The social worker chooses which of the authority's sanctioning officers signs; only that officer can sign."""

from typing import Any

import pytest
from django.core import mail
from django.urls import reverse

from accounts.models import Membership, Organisation, Role
from forms_engine.models import Referral
from forms_engine.services import ReferralNotReady, referral_send_for_signature, referral_sign_and_submit
from ops.models import OutboxMessage
from tests.factories import member

from .conftest import client_for
from .test_referral_journey import _attach_court_order

FIELD = "sanctioning_officer"


def _named(role: str, organisation: Organisation, first: str, last: str, job: str = "") -> Any:
    user = member(role, organisation)
    user.first_name, user.last_name = first, last
    user.save()
    Membership.objects.filter(user=user).update(job_title=job)
    return user


def _membership(user: Any) -> Membership:
    return Membership.objects.get(user=user, is_active=True)


@pytest.fixture
def ruth(hampshire: Organisation) -> Any:
    return _named(Role.SANCTIONING_OFFICER, hampshire, "Ruth", "Okafor", "Head of Service")


@pytest.fixture
def priya(hampshire: Organisation) -> Any:
    return _named(Role.SANCTIONING_OFFICER, hampshire, "Priya", "Nair", "Service Manager")


@pytest.fixture
def ready(complete_draft: Referral, social_worker: Any) -> Referral:
    _attach_court_order(complete_draft, social_worker)
    return complete_draft


def _check(referral: Referral) -> str:
    return reverse("referrals:check", args=[referral.pk])


@pytest.mark.django_db
class TestChoosingTheOfficer:
    def test_the_choice_lists_only_the_authority_s_active_sanctioning_officers(
        self, ready: Referral, social_worker: Any, ruth: Any, priya: Any, leeds: Organisation
    ) -> None:
        """Radios of Hampshire's officers with their job titles; not Leeds's, not a former one, not a social worker."""
        elsewhere = _named(Role.SANCTIONING_OFFICER, leeds, "Lena", "Outsider")
        former = _named(Role.SANCTIONING_OFFICER, ready.local_authority, "Fred", "Former")
        Membership.objects.filter(user=former).update(is_active=False)
        html = client_for(social_worker).get(_check(ready)).content.decode()
        assert 'type="radio"' in html and "Which sanctioning officer should sign this referral?" in html
        assert "Ruth Okafor" in html and "Priya Nair" in html and "Head of Service" in html
        assert "Lena Outsider" not in html and "Fred Former" not in html
        assert f'value="{_membership(social_worker).pk}"' not in html
        assert f'value="{_membership(elsewhere).pk}"' not in html

    def test_sending_without_a_choice_names_the_field_and_changes_nothing(
        self, ready: Referral, social_worker: Any, ruth: Any
    ) -> None:
        response = client_for(social_worker).post(_check(ready), {})
        html = response.content.decode()
        assert response.status_code == 400
        assert "Select the sanctioning officer who should sign this referral" in html
        assert f'href="#{FIELD}"' in html or f'href="#id_{FIELD}"' in html
        ready.refresh_from_db()
        assert ready.status == Referral.Status.DRAFT and ready.sanctioning_officer is None

    def test_an_officer_of_another_authority_is_refused(
        self, ready: Referral, social_worker: Any, ruth: Any, leeds: Organisation
    ) -> None:
        outsider = _named(Role.SANCTIONING_OFFICER, leeds, "Lena", "Outsider")
        response = client_for(social_worker).post(_check(ready), {FIELD: _membership(outsider).pk})
        assert response.status_code == 400 and "Select a sanctioning officer from the list" in response.content.decode()
        ready.refresh_from_db()
        assert ready.status == Referral.Status.DRAFT

    def test_the_chosen_officer_is_stored_and_e_mailed_a_link_without_the_child_s_details(
        self, ready: Referral, social_worker: Any, ruth: Any, priya: Any
    ) -> None:
        client = client_for(social_worker)
        response = client.post(_check(ready), {FIELD: _membership(ruth).pk})
        assert response.status_code == 302
        ready.refresh_from_db()
        assert ready.status == Referral.Status.AWAITING_SIGNATURE and ready.sanctioning_officer == ruth
        assert list(OutboxMessage.objects.values_list("to", flat=True)) == [ruth.email]
        (sent,) = mail.outbox
        assert sent.to == [ruth.email] and reverse("referrals:sign", args=[ready.pk]) in sent.body
        assert ready.answers["child_last_name"] not in sent.body + sent.subject
        listing = client.get(response["Location"]).content.decode()
        assert "Sent to Ruth Okafor to sign and submit." in listing

    def test_a_sanctioning_officer_may_choose_themselves(self, ready: Referral, ruth: Any) -> None:
        """An officer who writes a referral can sign it themselves."""
        response = client_for(ruth).post(_check(ready), {FIELD: _membership(ruth).pk})
        assert response.status_code == 302
        ready.refresh_from_db()
        assert ready.sanctioning_officer == ruth

    def test_the_service_refuses_an_officer_who_is_not_one_of_the_authority_s(
        self, ready: Referral, social_worker: Any
    ) -> None:
        with pytest.raises(ReferralNotReady, match="Select a sanctioning officer"):
            referral_send_for_signature(referral=ready, user=social_worker, officer=social_worker)
        ready.refresh_from_db()
        assert ready.status == Referral.Status.DRAFT and not OutboxMessage.objects.exists()

    def test_a_referral_with_no_officer_to_choose_says_who_can_help(self, ready: Referral, social_worker: Any) -> None:
        html = client_for(social_worker).get(_check(ready)).content.decode()
        assert "No one at your authority has the sanctioning officer role" in html
        assert "Send to sanctioning officer" not in html


@pytest.mark.django_db
class TestOnlyTheChosenOfficerSigns:
    @pytest.fixture
    def sent(self, ready: Referral, social_worker: Any, ruth: Any, priya: Any) -> Referral:
        referral_send_for_signature(referral=ready, user=social_worker, officer=ruth)
        ready.refresh_from_db()
        return ready

    def test_another_officer_can_read_it_but_not_sign_it(self, sent: Referral, priya: Any) -> None:
        client = client_for(priya)
        html = client.get(_check(sent)).content.decode()
        assert "With Ruth Okafor, sanctioning officer" in html
        assert reverse("referrals:sign", args=[sent.pk]) not in html
        assert client.get(reverse("referrals:sign", args=[sent.pk])).status_code == 404
        dashboard = client.get(reverse("accounts:dashboard")).content.decode()
        assert "Nothing is waiting for your signature." in dashboard
        with pytest.raises(ReferralNotReady, match="another sanctioning officer"):
            referral_sign_and_submit(referral=sent, membership=_membership(priya), job_title="Service Manager")
        sent.refresh_from_db()
        assert sent.status == Referral.Status.AWAITING_SIGNATURE

    def test_the_chosen_officer_sees_it_on_their_card_and_signs_it(self, sent: Referral, ruth: Any) -> None:
        client = client_for(ruth)
        dashboard = client.get(reverse("accounts:dashboard")).content.decode()
        assert reverse("referrals:sign", args=[sent.pk]) in dashboard
        signed = client.post(
            reverse("referrals:sign", args=[sent.pk]), {"job_title": "Head of Service", "confirm": "on", "submit": ""}
        )
        assert signed.status_code == 302
        sent.refresh_from_db()
        assert sent.status == Referral.Status.SUBMITTED and sent.signed_by == ruth
        assert sent.signatory_name == "Ruth Okafor"
        summary = client.get(_check(sent)).content.decode()
        assert "Signed by" in summary and "Ruth Okafor, Head of Service" in summary

    def test_its_old_pages_say_who_has_it_since_when(self, sent: Referral, social_worker: Any) -> None:
        from django.utils import timezone

        url = reverse("referrals:page", args=[sent.pk, "child", "child_name"])
        html = client_for(social_worker).get(url, follow=True).content.decode()
        since = timezone.localtime(sent.sent_for_signature_at)
        assert f"This referral is with Ruth Okafor, sanctioning officer, for signature since {since:%H:%M}" in html

    def test_a_returned_referral_offers_the_same_officer_again(
        self, sent: Referral, social_worker: Any, ruth: Any
    ) -> None:
        client_for(ruth).post(reverse("referrals:sign", args=[sent.pk]), {"return": ""})
        html = client_for(social_worker).get(_check(sent)).content.decode()
        assert f'value="{_membership(ruth).pk}" checked' in html


@pytest.mark.django_db
class TestTheTypedNameOfEarlierVersions:
    """v4 and v5 still ask for the officer's name as free text; the chosen member is the one who signs."""

    def test_a_typed_name_that_matches_an_officer_is_chosen_for_you(
        self, ready: Referral, social_worker: Any, ruth: Any, priya: Any
    ) -> None:
        ready.answers["sanctioning_officer_name"] = "ruth okafor"
        ready.save()
        html = client_for(social_worker).get(_check(ready)).content.decode()
        assert "who does not use this service" not in html
        assert f'value="{_membership(ruth).pk}" checked' in html

    def test_a_typed_name_of_no_officer_is_pointed_out(self, ready: Referral, social_worker: Any, ruth: Any) -> None:
        ready.answers["sanctioning_officer_name"] = "Someone Else"
        ready.save()
        html = client_for(social_worker).get(_check(ready)).content.decode()
        assert "name Someone Else as the sanctioning officer, who does not use this service" in html
