"""GOV.UK conditional reveals: a follow-up that depends on a choice on its own page is asked under that option."""

from typing import Any

import pytest
from django.urls import reverse

from forms_engine.definitions import v3, v4, v5
from forms_engine.journey import asked_questions, find_section, page_reveals
from forms_engine.models import Referral
from forms_engine.page_forms import page_form
from forms_engine.schema import schema_hash

from .conftest import client_for

RISK_PAGE = {
    "key": "risk_self_harm",
    "questions": [
        {
            "key": "risk_self_harm",
            "type": "radios",
            "label": "Is there a risk?",
            "required": True,
            "options": [
                {"value": "current", "label": "Current"},
                {"value": "historic", "label": "Historic"},
                {"value": "none", "label": "None"},
            ],
        },
        {
            "key": "risk_self_harm_details",
            "type": "long_text",
            "label": "Describe the risk",
            "required": True,
            "show_if": {"question": "risk_self_harm", "in": ["current", "historic"]},
        },
    ],
}
MEDICATION_PAGE = {
    "key": "medication",
    "title": "Medication",
    "questions": [
        {"key": "medication", "type": "yes_no", "label": "Does the child take any medication?", "required": True},
        {
            "key": "medication_details",
            "type": "long_text",
            "label": "What medication does the child take?",
            "required": True,
            "validation": {"max_length": 20},
            "show_if": {"question": "medication", "equals": "yes"},
        },
        {
            "key": "medication_review",
            "type": "date",
            "label": "Next review",
            "required": True,
            "show_if": {"question": "medication_details", "answered": True},
        },
        {
            "key": "medication_other",
            "type": "text",
            "label": "Other",
            "required": False,
            "show_if": {"all": [{"question": "medication", "equals": "yes"}, {"question": "age", "equals": "12"}]},
        },
    ],
}


def _page(referral: Referral, section: str, page: str) -> str:
    return reverse("referrals:page", args=[referral.pk, section, page])


class TestWhichFollowUpsAreRevealed:
    """Only a follow-up on one choice question of the same page is revealed in place."""

    def test_a_follow_up_on_a_choice_of_the_page_is_revealed_under_its_options(self) -> None:
        """'in' reveals under each option listed; 'equals' under one."""
        assert page_reveals(RISK_PAGE) == {"risk_self_harm_details": ("risk_self_harm", ("current", "historic"))}
        assert page_reveals(MEDICATION_PAGE) == {"medication_details": ("medication", ("yes",))}

    def test_a_follow_up_of_a_follow_up_and_combined_conditions_wait_for_the_save(self) -> None:
        """Nested and combined conditions keep the old behaviour: asked when the saved answers show them."""
        asked = [q["key"] for q in asked_questions(MEDICATION_PAGE, {})]
        assert asked == ["medication", "medication_details"]
        saved = {"medication": "yes", "medication_details": "Melatonin", "age": "12"}
        assert [q["key"] for q in asked_questions(MEDICATION_PAGE, saved)] == [
            "medication",
            "medication_details",
            "medication_review",
            "medication_other",
        ]

    def test_every_version_reveals_its_same_page_follow_ups(self) -> None:
        """v4's fourteen risk pages each reveal the last incident and details under 'current' and 'historic'."""
        risks = find_section(v4.SCHEMA, "risk_profile")
        assert risks is not None
        revealed = [page_reveals(page) for page in risks["pages"] if page["key"].startswith("risk_")]
        assert sum(len(reveals) == 2 for reveals in revealed) == len(v4.RISKS)
        for schema in (v3.SCHEMA, v5.SCHEMA):
            assert any(page_reveals(page) for section in schema["sections"] for page in section["pages"])

    def test_the_published_content_of_v3_v4_and_v5_is_unchanged(self) -> None:
        """Reveals are drawn by the renderer: no version's schema changed (their hashes are as published)."""
        assert schema_hash(v3.SCHEMA) == "cc7403a9e7aa3912babdc122c42415a78245907fac487c4e9ec574483a9fea4c"
        assert schema_hash(v4.SCHEMA) == "617651770ef476a98aa125bfcd2323908341d35bfed1427b49265f8bb9629f52"
        assert schema_hash(v5.SCHEMA) == "1d62bd3692ca4cc0e989465664380985e062777fc3d00274d5bbd07d51007268"


class TestTheFormValidatesWhatApplies:
    """The server checks a follow-up only when the posted answer reveals it."""

    def test_a_revealed_follow_up_is_required(self) -> None:
        """'Current' without details: the details are missing, by name."""
        form = page_form(RISK_PAGE, {}, {}, {"risk_self_harm": "current"})
        assert not form.is_valid()
        assert form.errors["risk_self_harm_details"] == ["Describe the risk"]

    def test_a_hidden_follow_up_is_neither_required_nor_saved(self) -> None:
        """'None' with details typed before (too long, even): valid, and the details are cleared."""
        form = page_form(MEDICATION_PAGE, {}, {}, {"medication": "no", "medication_details": "x" * 99})
        assert form.is_valid(), form.errors
        assert form.cleaned_data == {"medication": "no", "medication_details": None}

    def test_a_revealed_follow_up_is_checked_like_any_question(self) -> None:
        """'Yes' with details too long: the length message names the question."""
        form = page_form(MEDICATION_PAGE, {}, {}, {"medication": "yes", "medication_details": "x" * 21})
        assert form.errors["medication_details"] == [
            "Your answer about what medication the child takes must be 20 characters or fewer"
        ]

    def test_the_follow_up_is_drawn_inside_its_option_with_gov_uk_markup(self) -> None:
        """One option: GOV.UK Frontend's data-aria-controls; several: the site's data-app-reveals; shown when chosen."""
        single = str(page_form(MEDICATION_PAGE, {"medication": "yes"}, {}))
        assert 'data-aria-controls="conditional-medication-1"' in single
        assert 'class="govuk-radios__conditional" id="conditional-medication-1"' in single
        assert "govuk-radios--inline" not in single  # GOV.UK: inline radios cannot reveal
        shared = str(page_form(RISK_PAGE, {}, {}))
        assert shared.count('data-app-reveals="conditional-risk_self_harm-1"') == 2
        assert "govuk-radios__conditional govuk-radios__conditional--hidden" in shared
        assert shared.index("id_risk_self_harm-2") < shared.index('id="conditional-risk_self_harm-1"')
        assert shared.index('id="conditional-risk_self_harm-1"') < shared.index("id_risk_self_harm-3")


@pytest.mark.django_db
class TestTheRiskPage:
    """The v4 journey: one page load per risk, whatever the answer."""

    def test_current_with_its_follow_ups_moves_straight_on(self, draft: Referral, social_worker: Any) -> None:
        """The risk, its last incident and details are saved from one post, and the next page follows."""
        url = _page(draft, "risk_profile", "risk_absconding")
        data = {
            "risk_absconding": "current",
            "risk_absconding_last_incident_0": "2",
            "risk_absconding_last_incident_1": "3",
            "risk_absconding_last_incident_2": "2026",
            "risk_absconding_details": "Went missing twice last month.",
        }
        response = client_for(social_worker).post(url, data)
        assert response.status_code == 302 and response["Location"] != url
        draft.refresh_from_db()
        assert draft.answers["risk_absconding_last_incident"] == "2026-03-02"
        assert draft.answers["risk_absconding_details"] == "Went missing twice last month."

    def test_changing_to_no_risk_clears_the_follow_ups_and_is_not_blocked(
        self, draft: Referral, social_worker: Any
    ) -> None:
        """A follow-up that no longer applies does not block the page (even half-typed) and is not kept."""
        draft.answers.update(
            risk_absconding="historic", risk_absconding_details="Old", risk_absconding_last_incident="2025-01-01"
        )
        draft.save()
        url = _page(draft, "risk_profile", "risk_absconding")
        response = client_for(social_worker).post(
            url, {"risk_absconding": "none", "risk_absconding_last_incident_0": "31", "risk_absconding_details": "Old"}
        )
        assert response.status_code == 302 and response["Location"] != url
        draft.refresh_from_db()
        assert draft.answers["risk_absconding"] == "none"
        assert "risk_absconding_details" not in draft.answers and "risk_absconding_last_incident" not in draft.answers

    def test_the_page_carries_the_reveal_script(self, draft: Referral, social_worker: Any) -> None:
        """The script for reveals under several options is loaded with the page's CSP nonce."""
        html = client_for(social_worker).get(_page(draft, "risk_profile", "risk_absconding")).content.decode()
        assert 'src="/static/ui/reveals.js" nonce="' in html
