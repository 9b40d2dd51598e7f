"""The child at a glance from v4, v5 and v6 answers: the facts a home decides on first, never the child's name."""

import datetime
from typing import Any

import pytest

from forms_engine.definitions import v4, v5
from forms_engine.definitions.v4 import options, question
from forms_engine.glance import NONE_RECORDED, NOT_GIVEN, child_at_a_glance
from forms_engine.schema import question_index
from tests.forms_engine.answers import complete_answers
from vocabulary.codelists import CODE_LISTS

ON = datetime.date(2026, 12, 3)
NO_RISKS = {f"risk_{slug}": "none" for slug, _, _, _ in v4.RISKS}


def _glance(schema: dict[str, Any], answers: dict[str, Any]) -> Any:
    return child_at_a_glance(schema=schema, code_lists=CODE_LISTS, answers=answers, on=ON)


def _v6_like() -> dict[str, Any]:
    """The v6 questions the glance reads, as agreed for forms_engine/definitions/v6.py (keys and values)."""
    risks = [(slug, title) for slug, title, _, _ in v4.RISKS] + [("mental_health", "Mental health")]
    asked = [
        question("child_sex", "radios", "Sex", options=options(("female", "Female"), ("male", "Male"))),
        question("child_date_of_birth", "date", "Date of birth"),
        question(
            "legal_route",
            "radios",
            "Legal route",
            options=options(
                ("s25_secure_accommodation", "Secure accommodation order (section 25 Children Act 1989)"),
                ("s119_wales", "Section 119 Social Services and Well-being (Wales) Act 2014"),
                ("s25_1a_relevant_accommodation", "Relevant accommodation (section 25(1A) Children Act 1989)"),
                ("dol_inherent_jurisdiction", "Deprivation of liberty order (inherent jurisdiction)"),
            ),
        ),
        question("order_end_date", "date", "Date the order ends"),
        question("dol_order_end_date", "date", "When does the deprivation of liberty order end?"),
        question(
            "staffing_intensity",
            "radios",
            "Staffing",
            options=options(("standard", "Standard"), ("1:1", "1:1"), ("2:1", "2:1"), ("more", "More than 2:1")),
        ),
        question("risk_indicators", "checkboxes", "Risks", options=options(*risks)),
        question(
            "expected_length_of_stay",
            "radios",
            "Length of stay",
            options=options(
                ("under_3_months", "Under 3 months"),
                ("3_to_6_months", "3 to 6 months"),
                ("6_to_12_months", "6 to 12 months"),
                ("over_12_months", "More than 12 months"),
            ),
        ),
    ]
    return {"sections": [{"key": "all", "title": "All", "pages": [{"key": "all", "questions": asked}]}]}


class TestTheGlanceFromV6Answers:
    """v6 asks each fact directly."""

    def test_every_fact_comes_from_its_own_question(self) -> None:
        """Route, order end, staffing, ticked risks and stay are the options' labels; age from the birth date."""
        answers = {
            "child_first_name": "Zephyrine",
            "child_sex": "female",
            "child_date_of_birth": "2011-05-14",
            "legal_route": "s25_1a_relevant_accommodation",
            "order_end_date": "2027-02-28",
            "staffing_intensity": "2:1",
            "risk_indicators": ["self_harm", "mental_health"],
            "expected_length_of_stay": "3_to_6_months",
        }
        glance = _glance(_v6_like(), answers)
        assert glance.age == "15 years" and glance.sex == "Female"
        assert glance.legal_route == "Relevant accommodation (section 25(1A) Children Act 1989)"
        assert glance.order_ends == "28 February 2027 (secure accommodation order)"
        assert glance.staffing == "2:1"
        assert glance.risks == ("Self-harm", "Mental health")
        assert glance.length_of_stay == "3 to 6 months"
        assert "Zephyrine" not in repr(glance.rows())

    def test_a_dol_route_shows_the_dol_order_s_end(self) -> None:
        """The inherent-jurisdiction route prints the deprivation of liberty order's end date."""
        answers = {"legal_route": "dol_inherent_jurisdiction", "dol_order_end_date": "2027-01-31"}
        glance = _glance(_v6_like(), answers)
        assert glance.legal_route == "Deprivation of liberty order (inherent jurisdiction)"
        assert glance.order_ends == "31 January 2027 (deprivation of liberty order)"
        assert glance.risks_text == NONE_RECORDED and glance.staffing == NOT_GIVEN


class TestTheGlanceFromV4AndV5Answers:
    """v4 and v5 lack some facts: the nearest answers stand in, and what is never asked is "Not given"."""

    @pytest.fixture
    def v4_answers(self) -> dict[str, Any]:
        return complete_answers(
            v4.SCHEMA,
            CODE_LISTS,
            **NO_RISKS
            | {
                "child_sex": "male",
                "child_date_of_birth": "2010-12-04",
                "jurisdiction": "wales_s119",
                "order_status": "interim_order",
                "order_end_date": "2027-03-01",
                "risk_absconding": "historic",
                "risk_violence": "current",
                "risk_drugs": "current",
                "intended_duration": "3_to_6_months",
            },
        )

    def test_v4_answers_give_route_order_risks_and_duration(self, v4_answers: dict[str, Any]) -> None:
        """Jurisdiction and order status as the route; current risks first, then historic; no staffing asked."""
        glance = _glance(v4.SCHEMA, v4_answers)
        assert glance.age == "15 years" and glance.sex == "Male"
        assert glance.legal_route == (
            "Wales – section 119 Social Services and Well-being (Wales) Act 2014; "
            "Interim secure accommodation order made"
        )
        assert glance.order_ends == "1 March 2027 (secure accommodation order)"
        assert glance.risks == (
            "Violence and aggression (current)",
            "Drug and solvent misuse (current)",
            "Absconding and going missing (historic)",
        )
        assert glance.staffing == NOT_GIVEN
        assert glance.length_of_stay == "3 to 6 months"

    def test_v5_adds_the_deprivation_of_liberty_order(self) -> None:
        """A DoL order made beside the secure accommodation application shows in the route and its end date."""
        answers = complete_answers(
            v5.SCHEMA,
            CODE_LISTS,
            **NO_RISKS
            | {
                "order_status": "application_pending",
                "dol_order": "order_made",
                "dol_order_end_date": "2027-04-30",
                "risk_self_harm": "current",
            },
        )
        glance = _glance(v5.SCHEMA, answers)
        assert glance.legal_route.endswith(
            "Application made – waiting for the hearing; deprivation of liberty order: Yes – an order has been made"
        )
        assert glance.order_ends == "30 April 2027 (deprivation of liberty order)"
        assert glance.risks == ("Self-harm (current)",)

    def test_missing_answers_are_not_given(self) -> None:
        """A draft-like set of answers prints Not given for each fact, and no risks as None recorded."""
        glance = _glance(v5.SCHEMA, {})
        assert {row.value for row in glance.rows()} == {NOT_GIVEN, NONE_RECORDED}


class TestTheGlanceFromTheRealV6:
    """forms_engine/definitions/v6.py's own questions give every fact."""

    def test_v6_s_questions_fill_every_fact(self) -> None:
        """With v6's schema and code lists, no fact is Not given when each is answered."""
        from forms_engine.definitions import v6

        answers = complete_answers(
            v6.SCHEMA,
            CODE_LISTS,
            legal_route="s119_wales",
            order_status="full_order",
            order_end_date="2027-05-31",
            staffing_intensity="1:1",
            risk_indicators=["cce", "weapons"],
            expected_length_of_stay="6_to_12_months",
        )
        glance = _glance(v6.SCHEMA, answers)
        assert NOT_GIVEN not in {row.value for row in glance.rows()}
        assert glance.legal_route.startswith(
            next(o["label"] for o in question_index(v6.SCHEMA)["legal_route"]["options"] if o["value"] == "s119_wales")
        )
        assert glance.order_ends.startswith("31 May 2027") and glance.staffing.startswith("1:1")
        labels = {o["value"]: o["label"] for o in question_index(v6.SCHEMA)["risk_indicators"]["options"]}
        assert glance.risks == (labels["cce"], labels["weapons"])
