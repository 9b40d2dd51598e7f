"""The fullest v6 mock referral: valid on v6 as the journey checks it, seeded with its example packs."""

from typing import Any

import pytest

from forms_engine.definitions.v6 import RISK_INDICATORS
from forms_engine.mocks import mock_spec
from forms_engine.mocks.validation import mock_problems

KEY = "girl-14-relevant-accommodation-v6"


@pytest.mark.django_db
class TestV6Mock:
    def test_the_mock_passes_every_check_of_v6(self, forms_seeded: dict) -> None:
        """Every answer valid for its field, nothing required missing, nothing unasked, the legal rules clean."""
        spec = mock_spec(KEY)
        assert spec.version_number == 6
        assert mock_problems(spec, forms_seeded[6]) == []

    def test_the_mock_ticks_every_risk_indicator_with_details(self) -> None:
        """The fullest referral: every indicator ticked, each with its last incident and details."""
        answers = mock_spec(KEY).answers
        assert answers["risk_indicators"] == [slug for slug, _, _ in RISK_INDICATORS]
        assert all(answers[f"risk_{slug}_details"] for slug, _, _ in RISK_INDICATORS)

    def test_the_check_fails_on_a_bad_nhs_number_and_a_v5_only_key(self, forms_seeded: dict) -> None:
        """The check can fail: a wrong check digit and the dropped officer name are both named."""
        import dataclasses

        spec = mock_spec(KEY)
        answers: dict[str, Any] = {**spec.answers, "child_nhs_number": "943 476 5918", "sanctioning_officer_name": "X"}
        problems = mock_problems(dataclasses.replace(spec, answers=answers), forms_seeded[6])
        assert any(p.startswith("child_nhs_number:") for p in problems)
        assert "sanctioning_officer_name: not a question of SAN referral form v6" in problems
