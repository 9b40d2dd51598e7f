"""The public 'what changed' pages between published versions of the referral form, linked from its history."""

import datetime

import pytest
from django.test import Client

from cms.models import HomePage
from demo.forms import demo_forms_seed
from forms_engine.models import FormVersion
from forms_engine.services.versions import form_version_publish
from tests.cms.factories import ReferralFormPageFactory
from tests.factories import UserFactory


@pytest.fixture
def referral_page(home_page: HomePage) -> None:
    """The forms engine's demo versions (v3 and v4 replaced, v5 live, v6 a draft) and the referral form page."""
    demo_forms_seed()
    ReferralFormPageFactory(parent=home_page)


@pytest.mark.usefixtures("referral_page")
class TestWhatChangedPage:
    """/referral-form/changes/<from>/<to>/ lists field-level differences between two published versions."""

    def test_v3_to_v4_lists_added_removed_and_relabelled_questions(self, client: Client) -> None:
        """Job title arrived, fax numbers went, 'Forename' became 'First name'."""
        response = client.get("/referral-form/changes/3/4/")
        changes = response.context["changes"]
        assert response.status_code == 200
        assert "Job title" in [question.label for question in changes.added]
        assert "Fax number" in [question.label for question in changes.removed]
        relabelled = [(row.before, row.after) for row in changes.changed if row.what == "Question wording"]
        assert (["Forename"], ["First name"]) in relabelled

    def test_the_page_is_a_govuk_table_with_a_caption_and_a_summary(self, client: Client) -> None:
        """Each kind of change has a captioned table; the summary list counts them."""
        html = client.get("/referral-form/changes/3/4/").content.decode()
        assert "What changed from SAN referral form v3 to SAN referral form v4" in html
        assert 'class="govuk-summary-list"' in html
        for caption in ("Questions added in", "Questions removed from", "Questions changed in"):
            assert f'<caption class="govuk-table__caption govuk-table__caption--m">{caption}' in html
        assert '<th scope="row" class="govuk-table__header">First name</th>' in html

    def test_conditions_are_described_in_words(self, client: Client) -> None:
        """A new show_if names the question it depends on and its answers' labels, not their codes."""
        changes = client.get("/referral-form/changes/3/4/").context["changes"]
        conditions = [row.after[0] for row in changes.changed if row.what == "When it is asked"]
        assert any(line.startswith("Asked when the answer to “What is the status") for line in conditions)
        assert not any("interim_order" in line for line in conditions)

    @pytest.mark.parametrize("path", ["5/6/", "3/6/", "4/9/", "0/4/", "5/4/", "4/4/"])
    def test_drafts_unknown_numbers_and_backwards_pairs_are_not_found(self, client: Client, path: str) -> None:
        """v6 is a draft, v9 does not exist, and a comparison runs from older to newer."""
        assert client.get(f"/referral-form/changes/{path}").status_code == 404


@pytest.mark.usefixtures("referral_page")
class TestRenamesAndCollectedQuestions:
    """From v5 to v6, once both are published: renames and collected risks are changes, not removals."""

    @pytest.fixture
    def published(self, db: None) -> None:
        editor = UserFactory(is_superuser=True)
        version = FormVersion.objects.get(form__key="san-referral", number=6)
        form_version_publish(version=version, user=editor, effective_from=datetime.date(2027, 4, 1))

    def test_v5_to_v6_names_renames_and_where_risk_answers_go(self, published: None, client: Client) -> None:
        """The jurisdiction question is renamed, not removed; each risk question says it is now an indicator."""
        changes = client.get("/referral-form/changes/5/6/").context["changes"]
        whats = {row.what for row in changes.changed}
        assert {"Question reference", "Now an answer to another question"} <= whats
        removed = {question.label for question in changes.removed}
        assert "Which law is the application made under?" not in removed
        collected = [row.after[0] for row in changes.changed if row.what == "Now an answer to another question"]
        assert collected and all("risk_indicators" in line for line in collected)


@pytest.mark.usefixtures("referral_page")
class TestVersionHistoryLinks:
    """Each published version in the history links to what changed since the published version before it."""

    def test_each_version_links_to_its_changes_and_v3_is_the_first(self, client: Client) -> None:
        """v5 (live) and v4 link to what changed; the draft v6 is neither listed nor linked; the oldest version has
        nothing to compare with."""
        response = client.get("/referral-form/")
        html = response.content.decode()
        assert [url for _, url in response.context["versions"]] == [
            "/referral-form/changes/4/5/",
            "/referral-form/changes/3/4/",
            None,
        ]
        assert 'href="/referral-form/changes/3/4/"' in html and "First published version" in html
        assert "changes/5/6/" not in html

    def test_the_link_opens_the_changes_page(self, client: Client) -> None:
        """Following the link from the history renders the comparison, with the form page in the breadcrumbs."""
        html = client.get("/referral-form/changes/3/4/").content.decode()
        assert '<a class="govuk-breadcrumbs__link" href="/referral-form/">The secure welfare referral form</a>' in html
