"""SAN referral form v6: its keys, the age condition, the page budget and the field-level diff from v5."""

import copy
import datetime
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from forms_engine.definitions import VERSIONS, v4, v5, v6
from forms_engine.diff import schema_diff
from forms_engine.journey import condition_met, visible, visible_questions
from forms_engine.mocks import mock_spec
from forms_engine.models import FormVersion
from forms_engine.schema import SchemaError, iter_questions, question_index, validate_schema

V6 = question_index(v6.SCHEMA)
MOCK = mock_spec("girl-14-relevant-accommodation-v6")


def _values(key: str) -> list[str]:
    return [option["value"] for option in V6[key]["options"]]


def _born_years_ago(years: int, days: int = 0) -> str:
    today = timezone.localdate()
    return (today.replace(year=today.year - years) + datetime.timedelta(days=days)).isoformat()


class TestV6Keys:
    """The keys every helper builds on, exactly as agreed."""

    def test_v6_is_registered_after_v5_and_validates(self) -> None:
        """VERSIONS ends with v6, and its schema publishes without structural problems."""
        assert [version["number"] for version in VERSIONS][-2:] == [5, 6]
        assert VERSIONS[-1]["migration_rules"] is v6.MIGRATION_RULES
        validate_schema(v6.SCHEMA)

    def test_the_legal_route_has_its_four_values(self) -> None:
        """s25, s119, s25(1A) and the inherent jurisdiction; v4's jurisdiction question is gone."""
        assert _values("legal_route") == [
            "s25_secure_accommodation",
            "s119_wales",
            "s25_1a_relevant_accommodation",
            "dol_inherent_jurisdiction",
        ]
        assert "jurisdiction" not in V6

    def test_the_new_questions_have_the_agreed_types_and_values(self) -> None:
        """NHS number checked, wishes and feelings, advocate, IRO, staffing, length of stay, the 72-hour sheet."""
        assert V6["child_nhs_number"]["validation"] == {"nhs_number": True} and V6["child_nhs_number"]["required"]
        types = {key: V6[key]["type"] for key in ("child_wishes_feelings", "child_advocate_name", "iro_name")}
        assert types == {"child_wishes_feelings": "long_text", "child_advocate_name": "text", "iro_name": "text"}
        assert _values("staffing_intensity") == ["standard", "1:1", "2:1", "more"]
        assert _values("expected_length_of_stay") == [
            "under_3_months",
            "3_to_6_months",
            "6_to_12_months",
            "over_12_months",
        ]
        section = next(s for s in v6.SCHEMA["sections"] if s["key"] == "first_72_hours")
        keys = [q["key"] for page in section["pages"] for q in page["questions"]]
        assert sorted(keys) == sorted(
            [
                "key_triggers",
                "key_calming",
                "key_medication_allergies",
                "key_not_placed_with",
                "key_out_of_hours_contacts",
                "key_language_faith",
            ]
        )
        assert section["title"] == "Key information for the first 72 hours"
        assert {"order_end_date", "dol_order_end_date", "child_sex", "child_first_name"} <= V6.keys()
        assert "sanctioning_officer_name" not in V6

    def test_staffing_values_include_every_declared_ratio(self) -> None:
        """Homes declare standard, 1:1 and 2:1: a referral's need can be matched with each."""
        from beds.models import BedDeclaration

        assert set(BedDeclaration.StaffingRatio.values) <= set(_values("staffing_intensity"))

    def test_risks_are_one_page_of_checkboxes_revealing_details(self) -> None:
        """Every v4 risk and mental health, each ticked one revealing its details on the same page."""
        page = next(p for _, p, q in iter_questions(v6.SCHEMA) if q["key"] == "risk_indicators")
        assert _values("risk_indicators") == [*(slug for slug, *_ in v4.RISKS), "mental_health"]
        details = {q["key"]: q["show_if"] for q in page["questions"] if q["key"].endswith("_details")}
        assert details == {
            f"risk_{slug}_details": {"question": "risk_indicators", "equals": slug}
            for slug in _values("risk_indicators")
        }
        shown = visible_questions(page, {"risk_indicators": ["cse", "drugs"]})
        assert [q["key"] for q in shown if q["type"] == "long_text"] == ["risk_cse_details", "risk_drugs_details"]

    def test_v5_is_unchanged_by_building_v6(self) -> None:
        """v6 copies v5's questions; v5 keeps its free-text officer and its per-risk pages."""
        v5_index = question_index(v5.SCHEMA)
        assert "sanctioning_officer_name" in v5_index and "risk_indicators" not in v5_index
        assert v5_index["child_nhs_number"]["required"] is False


class TestAgeCondition:
    """The Secretary of State's approval is asked only of a child under 13, after the date of birth."""

    def test_the_date_of_birth_comes_before_the_approval(self) -> None:
        """Nothing that depends on age is asked before the date of birth."""
        order = [q["key"] for _, _, q in iter_questions(v6.SCHEMA)]
        dob = order.index("child_date_of_birth")
        assert dob < order.index("secretary_of_state_approval_reference")
        assert dob < order.index("parental_consent_s20")

    @pytest.mark.parametrize(("years", "days", "asked"), [(12, 0, True), (13, 1, True), (13, 0, False), (15, 0, False)])
    def test_approval_is_asked_only_under_13(self, years: int, days: int, asked: bool) -> None:
        """12, or a day short of 13: asked; 13 today or older: not asked."""
        question = V6["secretary_of_state_approval_reference"]
        assert visible(question, {"child_date_of_birth": _born_years_ago(years, days)}) is asked

    def test_no_date_of_birth_means_not_asked_yet(self) -> None:
        """Without a date of birth (or with an unreadable one) the approval is not asked."""
        question = V6["secretary_of_state_approval_reference"]
        assert not visible(question, {}) and not visible(question, {"child_date_of_birth": "not a date"})

    def test_section_20_consent_needs_v2_and_under_16(self) -> None:
        """The consent question combines the legal status with the age."""
        question = V6["parental_consent_s20"]
        assert visible(question, {"legal_status": "V2", "child_date_of_birth": _born_years_ago(15)})
        assert not visible(question, {"legal_status": "V2", "child_date_of_birth": _born_years_ago(16)})
        assert not visible(question, {"legal_status": "C2", "child_date_of_birth": _born_years_ago(12)})

    def test_condition_met_reads_age_under(self) -> None:
        """The operator itself, outside any schema."""
        condition = {"question": "dob", "age_under": 13}
        assert condition_met(condition, {"dob": _born_years_ago(10)})
        assert not condition_met(condition, {"dob": _born_years_ago(14)})

    def test_the_schema_refuses_an_age_that_is_not_whole_years(self) -> None:
        """age_under is a number of years."""
        schema = copy.deepcopy(v6.SCHEMA)
        question = next(q for _, _, q in iter_questions(schema) if q["key"] == "secretary_of_state_approval_reference")
        question["show_if"] = {"question": "child_date_of_birth", "age_under": "13"}
        with pytest.raises(SchemaError, match="age_under must be a whole number of years"):
            validate_schema(schema)


def _page_loads(schema: dict[str, Any], answers: dict[str, Any]) -> int:
    """Loads for a referral as the journey runs it: the task list before and after each section, every page shown,
    a group's page again after each item (plus the item's own page) and check answers."""
    loads = 1 + 1  # the first task list, check answers
    for section in schema["sections"]:
        loads += 1  # back to the task list
        for page in section["pages"]:
            if not visible_questions(page, answers):
                continue
            loads += 1
            question = page["questions"][0]
            if question["type"] == "repeating_group":
                loads += 2 * len(answers.get(question["key"], []))
    return loads


class TestPageBudget:
    """The fullest v6 mock referral fits in 60 page loads (the browser test counts them for real)."""

    def test_the_fullest_mock_takes_at_most_60_loads(self) -> None:
        """The structural count for the mock, and for the same child under 13 (one more page)."""
        assert _page_loads(v6.SCHEMA, MOCK.answers) <= 60
        younger = {**MOCK.answers, "child_date_of_birth": _born_years_ago(12)}
        assert _page_loads(v6.SCHEMA, younger) == _page_loads(v6.SCHEMA, MOCK.answers) + 1 <= 60

    def test_v5_needed_far_more(self) -> None:
        """The same count for v5's page per question: the grouping is what brings it down."""
        pages = sum(len(section["pages"]) for section in v5.SCHEMA["sections"])
        assert pages > 100 and sum(len(section["pages"]) for section in v6.SCHEMA["sections"]) <= 40


class TestDiffFromV5:
    """What an editor sees when comparing v6 with v5."""

    def test_renames_and_collected_risks_are_named_with_the_rules(self) -> None:
        """A rename is one change, the v5 risk questions say which indicator they become."""
        kinds = {(c.kind, c.key): c for c in schema_diff(v5.SCHEMA, v6.SCHEMA, v6.MIGRATION_RULES)}
        assert ("renamed", "legal_route") in kinds and kinds[("renamed", "legal_route")].before == "jurisdiction"
        assert ("renamed", "key_triggers") in kinds and ("renamed", "expected_length_of_stay") in kinds
        assert ("removed", "jurisdiction") not in kinds and ("added", "legal_route") not in kinds
        collected = kinds[("collected into an option", "risk_cse")]
        assert collected.after == "“Child sexual exploitation” in risk_indicators"
        assert ("removed", "sanctioning_officer_name") in kinds
        assert ("added", "risk_indicators") in kinds and ("added", "staffing_intensity") in kinds
        assert kinds[("moved", "key_contacts")].after == "About this referral"

    def test_without_the_rules_renames_read_as_removed_and_added(self) -> None:
        """The diff of the schemas alone still lists every key that comes or goes."""
        kinds = {(c.kind, c.key) for c in schema_diff(v5.SCHEMA, v6.SCHEMA)}
        assert {("removed", "jurisdiction"), ("added", "legal_route"), ("removed", "risk_cse")} <= kinds

    def test_v4_to_v5_is_unchanged_by_the_new_kinds(self) -> None:
        """No v4 question moved section in v5: the older comparison has no moves."""
        assert not [c for c in schema_diff(v4.SCHEMA, v5.SCHEMA, v5.MIGRATION_RULES) if c.kind == "moved"]


@pytest.mark.django_db
class TestDemoDraft:
    """seed_demo loads v6 as a draft an editor can compare with v5 and publish; it never goes live by itself."""

    def test_v6_is_a_draft_and_v4_stays_live(self, forms_seeded: dict[int, FormVersion]) -> None:
        """The seed never publishes v6; its selects have their code lists for previews and the mock's pack."""
        assert forms_seeded[6].state == FormVersion.State.DRAFT
        assert forms_seeded[4].state == FormVersion.State.LIVE
        assert forms_seeded[6].mock_referrals.get().key == MOCK.key
        assert "local_authorities" in forms_seeded[6].code_lists

    def test_an_editor_compares_and_publishes_v6(self, forms_seeded: dict[int, FormVersion]) -> None:
        """The compare view lists v6's changes from v5; publishing today makes v6 live."""
        from django.contrib.auth.models import Group

        from accounts.models import Role
        from tests.factories import member

        from .conftest import client_for

        user = member(Role.EDITOR)
        user.groups.add(Group.objects.get(name="Editors"))  # type: ignore[attr-defined]
        editor = client_for(user)
        v6_version = forms_seeded[6]
        detail = reverse("forms_engine_admin:version-detail", args=[v6_version.pk])
        html = editor.get(detail, {"against": forms_seeded[5].pk}).content.decode()
        assert "Changes from SAN referral form v5 to SAN referral form v6" in html
        assert "<code>risk_indicators</code></td><td>added" in html
        assert "<code>child_wishes_feelings</code></td><td>added" in html
        assert "<code>sanctioning_officer_name</code></td><td>removed" in html
        response = editor.post(
            reverse("forms_engine_admin:version-publish", args=[v6_version.pk]),
            {"effective_from": timezone.localdate().isoformat()},
        )
        assert response.status_code in {200, 302}
        assert FormVersion.objects.get(number=6).state == FormVersion.State.LIVE
