"""v4's short related questions share pages in the journey (forms_engine/layout.py) while its published content, and
so its hash, stay exactly as published."""

from typing import Any

import pytest
from django.urls import reverse

from forms_engine.definitions import v4, v5
from forms_engine.definitions.layouts import V4, V4_CONTENT_HASH, V5, V5_CONTENT_HASH
from forms_engine.journey import visible_questions
from forms_engine.layout import grouped, journey_schema, layout_problems
from forms_engine.mocks.catalogue import MOCKS
from forms_engine.models import FormVersion, Referral
from forms_engine.schema import iter_questions

from .conftest import client_for


def _keys(schema: dict[str, Any]) -> list[str]:
    return [question["key"] for _, _, question in iter_questions(schema)]


def _loads(schema: dict[str, Any], answers: dict[str, Any]) -> int:
    """Page loads as the journey runs them (as tests/forms_engine/test_v6_definition.py counts them)."""
    loads = 2  # the first task list, check answers
    for section in schema["sections"]:
        loads += 1  # back to the task list
        for page in section["pages"]:
            if not visible_questions(page, answers):
                continue
            loads += 1
            first = page["questions"][0]
            if first["type"] == "repeating_group":
                loads += 2 * len(answers.get(first["key"], []))  # the item page, and the list again
    return loads


class TestTheV4Layout:
    def test_it_applies_to_v4s_content_and_changes_no_question(self) -> None:
        """Same questions in the same order, sections unchanged, fewer pages."""
        assert layout_problems(v4.SCHEMA, V4) == []
        shown = journey_schema(v4.SCHEMA, V4_CONTENT_HASH)
        assert _keys(shown) == _keys(v4.SCHEMA)
        assert [s["key"] for s in shown["sections"]] == [s["key"] for s in v4.SCHEMA["sections"]]
        pages = sum(len(s["pages"]) for s in shown["sections"])
        assert pages < sum(len(s["pages"]) for s in v4.SCHEMA["sections"]) - 40

    def test_other_content_is_shown_as_it_is(self) -> None:
        """A draft (no hash) or any other content has no layout."""
        assert journey_schema(v4.SCHEMA, "") is v4.SCHEMA
        assert journey_schema(v4.SCHEMA, "0" * 64) is v4.SCHEMA

    @pytest.mark.parametrize("mock", [m for m in MOCKS if m.version_number == 4], ids=lambda m: m.key)
    def test_each_v4_mock_takes_at_most_100_loads(self, mock: Any) -> None:
        """The browser test (tests/browser/test_page_counts.py) counts the fullest for real."""
        assert _loads(journey_schema(v4.SCHEMA, V4_CONTENT_HASH), mock.answers) <= 100 < _loads(v4.SCHEMA, mock.answers)


class TestTheV5Layout:
    """v5 (live in the demo from 1 April 2021) keeps v4's runs and groups its review and identifier questions."""

    def test_it_applies_to_v5s_content_and_changes_no_question(self) -> None:
        assert layout_problems(v5.SCHEMA, V5) == []
        shown = journey_schema(v5.SCHEMA, V5_CONTENT_HASH)
        assert _keys(shown) == _keys(v5.SCHEMA)
        about = next(section for section in shown["sections"] if section["key"] == "about_referral")
        assert [page["key"] for page in about["pages"]] == ["is_review"]

    @pytest.mark.parametrize("mock", [m for m in MOCKS if m.version_number == 5], ids=lambda m: m.key)
    def test_each_v5_mock_takes_at_most_100_loads(self, mock: Any) -> None:
        assert _loads(journey_schema(v5.SCHEMA, V5_CONTENT_HASH), mock.answers) <= 100 < _loads(v5.SCHEMA, mock.answers)

    def test_the_demo_publishes_v5_with_the_hash_its_layout_names(self, db: Any) -> None:
        """Publishing v5 (as seed_demo does) gives the content the layout is for."""
        from demo.forms import demo_forms_seed

        demo_forms_seed()
        version = FormVersion.objects.get(number=5)
        assert version.schema_hash == V5_CONTENT_HASH and version.state == FormVersion.State.LIVE
        assert version.journey_schema is not version.schema


class TestLayoutChecks:
    @pytest.mark.parametrize(
        ("runs", "problem"),
        [
            ({"order": (("Gap", ("jurisdiction", "placement_72_hour")),)}, "not consecutive"),
            ({"order": (("One", ("court",)),)}, "two or more"),
            ({"nope": (("X", ("a", "b")),)}, "no such section"),
            ({"order": (("A", ("court", "hearing_date")), ("B", ("hearing_date", "order_dates")))}, "in two runs"),
            ({"attachments": (("Docs", ("attachment_court_order", "attachment_care_plan")),)}, "document"),
            # parental consent depends on the legal status select, which cannot reveal it in place
            ({"order": (("Status", ("legal_status", "parental_consent_s20")),)}, "parental_consent_s20 depends"),
        ],
    )
    def test_a_layout_that_would_change_the_journey_is_refused(self, runs: dict, problem: str) -> None:
        problems = layout_problems(v4.SCHEMA, runs)
        assert any(problem in p for p in problems), problems
        with pytest.raises(ValueError):
            grouped(v4.SCHEMA, runs)


@pytest.mark.django_db
class TestTheJourneyOnGroupedPages:
    def test_the_published_v4_is_the_content_the_layout_names(self, forms_seeded: dict[int, FormVersion]) -> None:
        """Publishing v4 gives the hash the layout is for: the layout is live, the content unchanged."""
        assert forms_seeded[4].schema_hash == V4_CONTENT_HASH
        assert forms_seeded[4].journey_schema is not forms_seeded[4].schema
        assert forms_seeded[5].journey_schema is forms_seeded[5].schema

    def test_a_grouped_page_asks_and_saves_all_its_questions(self, draft: Referral, social_worker: Any) -> None:
        """Sex and gender identity on one page, saved together; check answers links both to that page."""
        client = client_for(social_worker)
        url = reverse("referrals:page", args=[draft.pk, "child", "child_sex"])
        html = client.get(url).content.decode()
        assert '<h1 class="govuk-heading-l">Sex and gender identity</h1>' in html
        assert 'name="child_sex"' in html and 'name="child_gender_identity"' in html
        response = client.post(url, {"child_sex": "female", "child_gender_identity": "Female"})
        assert response.status_code == 302
        draft.refresh_from_db()
        assert (draft.answers["child_sex"], draft.answers["child_gender_identity"]) == ("female", "Female")
        check = client.get(reverse("referrals:check", args=[draft.pk])).content.decode()
        assert check.count(f'href="{url}"') >= 2
        gone = reverse("referrals:page", args=[draft.pk, "child", "child_gender_identity"])
        assert client.get(gone).status_code == 404
