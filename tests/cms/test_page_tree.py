"""The typed page tree: which page types may live where, and creating pages through the Wagtail admin."""

import pytest
from django.core.exceptions import ValidationError
from wagtail.models import Page
from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

from cms.models import (
    DataSummaryPage,
    DocumentsLibraryPage,
    GuidanceIndexPage,
    GuidancePage,
    HomePage,
    JobPage,
    JobsIndexPage,
    NewsIndexPage,
    NewsPage,
    ReferralFormPage,
    SearchPage,
    SecureHomePage,
    SecureHomesIndexPage,
    StandardPage,
)
from demo.site import demo_site_seed
from tests.factories import MembershipFactory, OrganisationFactory, UserFactory, verified_login

SECTIONS = {
    StandardPage,
    GuidanceIndexPage,
    NewsIndexPage,
    JobsIndexPage,
    SecureHomesIndexPage,
    ReferralFormPage,
    DataSummaryPage,
    DocumentsLibraryPage,
    SearchPage,
}
CHILDREN = {
    HomePage: SECTIONS,
    StandardPage: {StandardPage},
    GuidanceIndexPage: {GuidancePage},
    NewsIndexPage: {NewsPage},
    JobsIndexPage: {JobPage},
    SecureHomesIndexPage: {SecureHomePage},
    GuidancePage: set(),
    NewsPage: set(),
    JobPage: set(),
    SecureHomePage: set(),
    ReferralFormPage: set(),
    DataSummaryPage: set(),
    DocumentsLibraryPage: set(),
    SearchPage: set(),
}
PARENTS = {
    HomePage: {Page},
    StandardPage: {HomePage, StandardPage},
    GuidancePage: {GuidanceIndexPage},
    NewsPage: {NewsIndexPage},
    JobPage: {JobsIndexPage},
    SecureHomePage: {SecureHomesIndexPage},
    **{section: {HomePage} for section in SECTIONS - {StandardPage}},
}


@pytest.mark.django_db
class TestPageTree(WagtailPageTestCase):
    """Every page type declares its parents and children."""

    def test_every_page_type_allows_only_its_own_children(self) -> None:
        """Index pages take their item pages; item pages take none."""
        for parent, children in CHILDREN.items():
            with self.subTest(parent=parent.__name__):
                self.assertAllowedSubpageTypes(parent, children)

    def test_every_page_type_lives_only_under_its_parents(self) -> None:
        """Sections sit under the home page; items under their section."""
        for child, parents in PARENTS.items():
            with self.subTest(child=child.__name__):
                self.assertAllowedParentPageTypes(child, parents)

    def test_the_home_page_and_section_indexes_are_singletons(self) -> None:
        """There is one home page, one guidance section, one news section and so on."""
        for model in (HomePage, GuidanceIndexPage, NewsIndexPage, JobsIndexPage, SecureHomesIndexPage, SearchPage):
            self.assertEqual(model.max_count, 1, model.__name__)


class TestCreatingPagesInTheAdmin(WagtailPageTestCase):
    """An editor creates each kind of content page through the Wagtail admin."""

    def setUp(self) -> None:
        demo_site_seed()
        self.home = HomePage.objects.get()
        editor = UserFactory(is_superuser=True, is_staff=True)
        MembershipFactory(user=editor, organisation=OrganisationFactory(slug="san", kind="san"), role="editor")
        verified_login(self.client, editor)

    def test_an_editor_creates_a_standard_page(self) -> None:
        """Title, summary and body are enough."""
        data = nested_form_data({"title": "Complaints", "summary": "How to complain.", "body": rich_text("Write.")})
        self.assertCanCreate(self.home, StandardPage, data)

    def test_an_editor_creates_a_guidance_page_with_a_callout(self) -> None:
        """A guidance page's body is a StreamField."""
        body = streamfield([("callout", {"style": "inset", "text": rich_text("Check the form version.")})])
        data = nested_form_data({"title": "Emergency placements", "summary": "72 hours.", "body": body})
        self.assertCanCreate(GuidanceIndexPage.objects.get(), GuidancePage, data)

    def test_an_editor_creates_a_news_page(self) -> None:
        """News pages have a date and a summary."""
        data = nested_form_data(
            {"title": "New home opens", "summary": "A new home.", "date": "2025-05-01", "body": rich_text("It opens.")}
        )
        self.assertCanCreate(NewsIndexPage.objects.get(), NewsPage, data)

    def test_an_editor_creates_a_job_page(self) -> None:
        """A job needs its role, pay, contract and closing date."""
        fields = {
            "title": "Teacher, Kyloe House",
            "summary": "Teach maths.",
            "role": "Teacher",
            "salary_min": "32000",
            "salary_max": "40000",
            "contract_type": "permanent",
            "closing_date": "2030-01-31",
            "body": rich_text("Teach."),
            "documents": streamfield([]),
        }
        self.assertCanCreate(JobsIndexPage.objects.get(), JobPage, nested_form_data(fields))

    def test_an_editor_creates_a_secure_home_page(self) -> None:
        """Public facts only: operator, place, beds and placement types."""
        fields = {
            "title": "New Secure Centre",
            "operator": "A County Council",
            "locality": "Anytown",
            "region": "West Midlands",
            "approved_beds": "8",
            "takes_welfare": "on",
            "min_age": "10",
            "max_age": "17",
            "sexes": "both",
        }
        self.assertCanCreate(SecureHomesIndexPage.objects.get(), SecureHomePage, nested_form_data(fields))

    def test_a_salary_range_cannot_run_backwards(self) -> None:
        """The top of the range is at least the bottom."""
        job = JobPage(title="Cook", slug="cook", role="Cook", salary_min=30000, salary_max=20000, contract_type="bank")
        with self.assertRaisesMessage(ValidationError, "must not be lower"):
            job.clean()
