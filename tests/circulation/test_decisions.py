"""A home's decisions: coded decline reasons, offers with a date, questions answered into an addendum."""

import datetime
import io
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from circulation.models import HomeRequest, Search
from circulation.reasons import CURRENT_VERSION, DECLINE_REASONS, reason_label
from circulation.services import decline_reasons_check, information_answer, information_request, request_decline

from .conftest import client_for, request_for


class TestDeclineReasons:
    """The versioned list and its validation."""

    def test_the_current_list_has_the_nine_agreed_codes(self) -> None:
        """Version 2026-1 holds the codes in the agreed order."""
        codes = [reason.code for reason in DECLINE_REASONS["2026-1"]]
        assert CURRENT_VERSION == "2026-1"
        assert codes == [
            "no_vacancy", "mix_of_young_people", "staffing", "beyond_statement_of_purpose", "risk_to_others",
            "location", "age_or_sex", "insufficient_information", "other",
        ]  # fmt: skip

    @pytest.mark.parametrize(
        ("reasons", "text", "field"),
        [
            ([], "", "reasons"),
            (["made_up"], "", "reasons"),
            (["other"], "   ", "text"),
            (["staffing", "<b>x"], "", "reasons"),
        ],
    )
    def test_bad_reasons_are_refused(self, reasons: list[str], text: str, field: str) -> None:
        """No reason, an unknown code, or 'other' without words."""
        with pytest.raises(ValidationError) as refused:
            decline_reasons_check(reasons=reasons, text=text)
        assert field in refused.value.message_dict

    def test_an_unknown_code_is_shown_as_itself(self) -> None:
        """Old decisions stay readable even if a code leaves the list."""
        assert reason_label("retired_code", "2026-1") == "retired_code"


@pytest.mark.django_db
class TestDeclining:
    """A decline records the codes, their list version and any words."""

    def test_the_decision_stores_codes_in_list_order_with_the_version(self, circulated: Search, homes: dict) -> None:
        """Duplicates are dropped; the version is stored."""
        home, manager = homes["kyloe"]
        declined = request_decline(
            home_request=request_for(circulated, home),
            reasons=["other", "staffing", "staffing"],
            text="Rota gap",
            user=manager,
        )
        declined.refresh_from_db()
        assert declined.decline_reasons == ["staffing", "other"]
        assert (declined.reasons_version, declined.decline_text, declined.decided_by) == ("2026-1", "Rota gap", manager)

    def test_the_decline_page_shows_errors_and_returns_400(self, circulated: Search, homes: dict) -> None:
        """'Other' without words is a GOV.UK error; nothing is saved."""
        home, manager = homes["kyloe"]
        own = request_for(circulated, home)
        response = client_for(manager).post(reverse("circulation:decline", args=[own.pk]), {"reasons": ["other"]})
        assert response.status_code == 400
        assert (
            "There is a problem" in response.content.decode()
            and "Say what the other reason is" in response.content.decode()
        )
        assert HomeRequest.objects.get(pk=own.pk).status == HomeRequest.Status.AWAITING

    def test_declining_twice_is_a_409_with_the_reason(self, circulated: Search, homes: dict) -> None:
        """The state machine's refusal is shown on the page."""
        home, manager = homes["marydale"]
        own = request_for(circulated, home)
        client_for(manager).post(reverse("circulation:ask", args=[own.pk]), {"question": "Any health plan?"})
        response = client_for(manager).post(reverse("circulation:decline", args=[own.pk]), {"reasons": ["staffing"]})
        assert response.status_code == 409 and "cannot move to declined" in response.content.decode()


@pytest.mark.django_db
class TestOffering:
    """An offer needs a proposed admission date that is not in the past."""

    def _post(self, client: Any, own: HomeRequest, day: datetime.date) -> Any:
        data = {"admission_date_0": day.day, "admission_date_1": day.month, "admission_date_2": day.year}
        return client.post(reverse("circulation:accept", args=[own.pk]), data)

    def test_a_past_date_is_a_400(self, circulated: Search, homes: dict) -> None:
        """Yesterday is refused with a GOV.UK error."""
        home, manager = homes["marydale"]
        own = request_for(circulated, home)
        response = self._post(client_for(manager), own, timezone.localdate() - datetime.timedelta(days=1))
        assert response.status_code == 400 and "today or in the future" in response.content.decode()

    def test_an_offer_records_the_first_offer_time(self, circulated: Search, homes: dict) -> None:
        """The search's time to first offer is set by the first offer only."""
        home, manager = homes["marydale"]
        response = self._post(client_for(manager), request_for(circulated, home), timezone.localdate())
        assert response.status_code == 302
        circulated.refresh_from_db()
        assert circulated.first_offer_at is not None and circulated.time_to_first_offer is not None
        assert request_for(circulated, home).status == HomeRequest.Status.ACCEPTED


@pytest.mark.django_db
class TestQuestionsAndTheAddendum:
    """A home asks, the authority answers; the answer sits beside the submitted referral, never inside it."""

    def test_the_answer_goes_into_the_addendum_and_the_referral_is_unchanged(
        self, circulated: Search, homes: dict, social_worker: Any
    ) -> None:
        """The home downloads a PDF with the question and answer; the submitted answers are as they were."""
        home, manager = homes["kyloe"]
        own = request_for(circulated, home)
        before = dict(circulated.referral.answers)
        asked = information_request(home_request=own, question="Does she have an asthma inhaler?", user=manager)
        response = client_for(social_worker).post(
            reverse("circulation:answer", args=[asked.pk]), {"answer": "Yes, a blue reliever <script>x</script>"}
        )
        assert response.status_code == 302
        own.refresh_from_db()
        assert own.status == HomeRequest.Status.AWAITING and own.respond_by > timezone.now()
        pdf = client_for(manager).get(reverse("circulation:addendum", args=[own.pk]))
        text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.content)).pages)
        assert "asthma inhaler" in text and "blue reliever <script>x</script>" in text
        assert f"Addendum to referral {circulated.referral.reference}" in text
        circulated.referral.refresh_from_db()
        assert circulated.referral.answers == before

    def test_another_authority_cannot_answer(self, circulated: Search, homes: dict, leeds: Any) -> None:
        """Leeds gets a 404 for Hampshire's question."""
        from accounts.models import Role
        from tests.factories import member

        home, manager = homes["kyloe"]
        asked = information_request(home_request=request_for(circulated, home), question="Q?", user=manager)
        outsider = member(Role.SOCIAL_WORKER, leeds)
        assert client_for(outsider).get(reverse("circulation:answer", args=[asked.pk])).status_code == 404

    def test_answering_twice_is_refused(self, circulated: Search, homes: dict, social_worker: Any) -> None:
        """The second answer is a 4xx with a GOV.UK error and the first answer stays."""
        home, manager = homes["kyloe"]
        asked = information_request(home_request=request_for(circulated, home), question="Q?", user=manager)
        information_answer(information=asked, answer="First", user=social_worker)
        response = client_for(social_worker).post(reverse("circulation:answer", args=[asked.pk]), {"answer": "Second"})
        assert response.status_code == 409 and "already been answered" in response.content.decode()
        asked.refresh_from_db()
        assert asked.answer == "First"
