"""Once a referral has gone for signature, its own editing pages (the back button, an old link) lead to its summary
with a message, not to a 404; a change posted there is not saved. Other authorities still get the audited 404."""

from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import AuditEvent, Role
from forms_engine.models import Referral
from forms_engine.services import referral_send_for_signature
from tests.factories import member

from .conftest import client_for
from .test_referral_journey import _attach_court_order

NAME_PAGE = ("child", "child_name")


@pytest.fixture
def sent(complete_draft: Referral, social_worker: Any) -> Referral:
    _attach_court_order(complete_draft, social_worker)
    referral_send_for_signature(referral=complete_draft, user=social_worker)
    complete_draft.refresh_from_db()
    assert complete_draft.status == Referral.Status.AWAITING_SIGNATURE
    return complete_draft


@pytest.mark.django_db
class TestAfterSendingForSignature:
    def test_a_question_page_leads_to_the_summary_with_a_message(self, sent: Referral, social_worker: Any) -> None:
        client = client_for(social_worker)
        response = client.get(reverse("referrals:page", args=[sent.pk, *NAME_PAGE]), follow=True)
        assert response.redirect_chain == [(reverse("referrals:check", args=[sent.pk]), 302)]
        sent_at = timezone.localtime(sent.sent_for_signature_at)
        assert f"with the sanctioning officer for signature since {sent_at:%H:%M on %-d %B %Y}" in (
            response.content.decode()
        )

    def test_a_change_posted_there_is_not_saved_and_the_message_says_so(
        self, sent: Referral, social_worker: Any
    ) -> None:
        url = reverse("referrals:page", args=[sent.pk, *NAME_PAGE])
        data = {"child_first_name": "Changed", "child_last_name": "Late", "continue": ""}
        response = client_for(social_worker).post(url, data, follow=True)
        assert response.redirect_chain[-1][0] == reverse("referrals:check", args=[sent.pk])
        assert "Your change was not saved." in response.content.decode()
        before = sent.answers["child_first_name"]
        sent.refresh_from_db()
        assert sent.answers["child_first_name"] == before != "Changed"

    def test_another_authority_still_gets_the_audited_404(self, sent: Referral, leeds: Any) -> None:
        stranger = member(Role.SOCIAL_WORKER, leeds)
        response = client_for(stranger).get(reverse("referrals:page", args=[sent.pk, *NAME_PAGE]))
        assert response.status_code == 404
        assert AuditEvent.objects.filter(actor=stranger, outcome=AuditEvent.Outcome.DENIED).exists()

    def test_once_submitted_the_message_gives_the_reference_and_how_to_correct(
        self, sent: Referral, social_worker: Any, officer: Any
    ) -> None:
        from forms_engine.services import referral_sign_and_submit

        submitted = referral_sign_and_submit(referral=sent, membership=officer.memberships.get(), job_title="HoS")
        url = reverse("referrals:page", args=[submitted.pk, *NAME_PAGE])
        html = client_for(social_worker).get(url, follow=True).content.decode()
        assert f"was submitted on {timezone.localtime(submitted.submitted_at):%-d %B %Y}" in html
        assert f"(reference {submitted.reference})" in html and "Correct an answer" in html

    def test_a_missing_referral_is_still_a_404(self, sent: Referral, social_worker: Any) -> None:
        url = reverse("referrals:page", args=[sent.pk + 1000, *NAME_PAGE])
        assert client_for(social_worker).get(url).status_code == 404
