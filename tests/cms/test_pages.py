"""Each page type renders with GOV.UK markup; banners, jobs, feeds, search and the homes filter behave."""

import datetime
import xml.etree.ElementTree as ET

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.utils import timezone
from wagtail.models import Page, WorkflowPage

from cms.models import HomePage, ImportantUpdate, JobPage, JobsIndexPage, SecureHomesIndexPage
from demo.people import HOMES
from tests.factories import verified_login

pytestmark = pytest.mark.usefixtures("demo_site")


class TestEveryPageType:
    """The demo site has a published page of every type, and each renders."""

    def test_each_page_type_renders_with_breadcrumbs_and_a_last_updated_date(self, client: Client) -> None:
        """One page of each type returns 200, shows its title and the date it was last updated."""
        seen: dict[str, Page] = {}
        for page in Page.objects.live().filter(depth__gte=2).specific():
            seen.setdefault(type(page).__name__, page)
        assert len(seen) == 14
        for name, page in seen.items():
            response = client.get(page.url)
            html = response.content.decode()
            assert response.status_code == 200, name
            assert page.title.replace("'", "&#x27;") in html, name
            assert "Last updated" in html, name
            if page.depth > 2:
                assert 'class="govuk-breadcrumbs"' in html, name

    def test_a_guidance_document_shows_its_file_type_and_size(self, client: Client) -> None:
        """Downloads follow the GOV.UK attachment pattern: PDF and a human-readable size."""
        html = client.get("/guidance/the-referral-process/").content.decode()
        assert "Secure welfare referral guidance booklet" in html
        assert "PDF, " in html and "KB" in html

    def test_the_faq_is_a_govuk_accordion(self, client: Client) -> None:
        """Each question is an accordion section."""
        html = client.get("/guidance/frequently-asked-questions/").content.decode()
        assert 'data-module="govuk-accordion"' in html
        assert "Can the unit make a home accept a child?" in html


class TestImportantUpdates:
    """Home page banners appear only between their start and end."""

    def test_only_current_updates_are_selected(self) -> None:
        """Future and expired updates are left out; one without an end stays."""
        now = timezone.now()
        day = datetime.timedelta(days=1)
        ImportantUpdate.objects.all().delete()
        past = ImportantUpdate.objects.create(
            title="Past", message="<p>x</p>", starts_at=now - 3 * day, ends_at=now - day
        )
        ongoing = ImportantUpdate.objects.create(title="Ongoing", message="<p>x</p>", starts_at=now - day)
        future = ImportantUpdate.objects.create(title="Future", message="<p>x</p>", starts_at=now + day)
        assert list(ImportantUpdate.objects.current(now)) == [ongoing]
        assert list(ImportantUpdate.objects.current(now - 2 * day)) == [past]
        assert list(ImportantUpdate.objects.current(now + 2 * day)) == [future, ongoing]

    def test_the_home_page_shows_a_current_update_as_a_notification_banner(self, client: Client) -> None:
        """The seeded 2022 update shows; the one that ended in 2019 does not."""
        html = client.get("/").content.decode()
        assert 'class="govuk-notification-banner"' in html
        assert "Reviewed referral forms every three months" in html
        assert "Updated referral form from 1 April 2019" not in html


class TestJobs:
    """A job leaves the open listing after its closing date and stays readable, marked closed."""

    def test_a_job_is_listed_up_to_and_including_its_closing_date(self) -> None:
        """On the closing date it is open; the day after, it is gone from the listing."""
        index = JobsIndexPage.objects.get()
        job = JobPage.objects.get(slug="registered-manager-marydale-lodge")
        assert job in index.open_jobs(today=job.closing_date)
        assert job not in index.open_jobs(today=job.closing_date + datetime.timedelta(days=1))

    def test_a_closed_job_is_still_readable_with_a_closed_tag(self, client: Client) -> None:
        """The listing leaves it out; its page still opens and says it has closed."""
        closed = JobPage.objects.get(slug="residential-care-worker-swanwick-lodge")
        assert "Swanwick Lodge" not in client.get("/jobs/").content.decode()
        html = client.get(closed.url).content.decode()
        assert "govuk-tag--grey" in html and "Closed" in html
        assert "Marydale" in client.get("/jobs/").content.decode()

    def test_the_marydale_vacancy_links_its_role_description_and_advert(self, client: Client) -> None:
        """Both documents are offered for download."""
        html = client.get("/jobs/registered-manager-marydale-lodge/").content.decode()
        assert "role description" in html and "advert" in html


class TestFeeds:
    """News and open jobs are offered as RSS."""

    @pytest.mark.parametrize(
        ("path", "expected"), [("/news/feed/", "Updated referral form"), ("/jobs/feed/", "Marydale")]
    )
    def test_feeds_are_well_formed_rss(self, client: Client, path: str, expected: str) -> None:
        """The feed parses as XML and lists the items."""
        response = client.get(path)
        assert response["Content-Type"].startswith("application/rss+xml")
        root = ET.fromstring(response.content)
        titles = [item.findtext("title") for item in root.iter("item")]
        assert root.tag == "rss" and any(expected in title for title in titles)

    def test_the_jobs_feed_leaves_out_closed_jobs(self, client: Client) -> None:
        """Only open vacancies are syndicated."""
        assert b"Swanwick" not in client.get("/jobs/feed/").content


class TestSearch:
    """Site search uses Wagtail's database backend."""

    def test_search_finds_a_guidance_page_by_a_word_in_its_body(self, client: Client) -> None:
        """'absconding' appears only in the legal criteria's StreamField body."""
        html = client.get("/search/", {"q": "absconding"}).content.decode()
        assert "/guidance/legal-criteria/" in html

    def test_an_empty_search_shows_only_the_form(self, client: Client) -> None:
        """No query, no results heading."""
        html = client.get("/search/").content.decode()
        assert 'name="q"' in html and "result" not in html


class TestHomesDirectory:
    """The directory lists the 14 homes and filters without JavaScript."""

    def test_the_directory_lists_every_home(self) -> None:
        """One page per home in demo.people.HOMES."""
        index = SecureHomesIndexPage.objects.get()
        assert sorted(index.homes().values_list("slug", flat=True)) == sorted(home.slug for home in HOMES)

    def test_filtering_by_region_and_placement_type(self, client: Client) -> None:
        """North West homes taking welfare placements: Barton Moss and Marydale."""
        response = client.get("/secure-homes/", {"region": "North West", "placement": "welfare"})
        assert [home.slug for home in response.context["results"]] == ["barton-moss", "marydale-lodge"]

    def test_filtering_by_justice_leaves_out_welfare_only_homes(self, client: Client) -> None:
        """Marydale takes welfare placements only."""
        response = client.get("/secure-homes/", {"placement": "justice"})
        slugs = {home.slug for home in response.context["results"]}
        assert slugs == {home.slug for home in HOMES if home.takes_justice}

    def test_an_unknown_filter_value_is_ignored(self, client: Client) -> None:
        """A hand-edited query string shows every home, not an error."""
        response = client.get("/secure-homes/", {"region": "Atlantis", "placement": "<script>"})
        assert response.status_code == 200 and len(response.context["results"]) == len(HOMES)


class TestReferralFormPage:
    """The referral form page shows the live version, its history and the right call to action."""

    def test_a_visitor_sees_the_live_version_and_a_sign_in_prompt(self, client: Client) -> None:
        """Published versions only; drafts stay hidden."""
        html = client.get("/referral-form/").content.decode()
        assert "SAN referral form v5" in html and "1 April 2021" in html
        assert "SAN referral form v6" not in html
        assert "sign in to start a referral" in html and "Start a referral" not in html

    def test_a_social_worker_sees_the_start_button(self, client: Client) -> None:
        """The button leads into the referral service."""
        verified_login(client, get_user_model().objects.get(username="social.worker@hampshire.example"))
        html = client.get("/referral-form/").content.decode()
        assert "Start a referral" in html and 'href="/referrals/"' in html


class TestModeration:
    """Guidance and the referral form page go through the moderators' approval workflow."""

    def test_guidance_and_the_referral_form_page_have_the_workflow(self) -> None:
        """Both pages, and so their descendants, get the group approval task for Moderators."""
        home = HomePage.objects.get()
        for slug in ("guidance", "referral-form"):
            workflow = WorkflowPage.objects.get(page__slug=slug, page__path__startswith=home.path).workflow
            task = workflow.tasks.get().specific
            assert list(task.groups.values_list("name", flat=True)) == ["Moderators"]
        guidance_page = Page.objects.get(slug="legal-criteria")
        assert guidance_page.get_workflow() is not None
