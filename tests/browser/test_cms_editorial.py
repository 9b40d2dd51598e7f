"""Editorial journeys in Chromium: an editor drafts news or changes guidance, a moderator approves, visitors read it.

News pages fall under Wagtail's own "Moderators approval" workflow, which Wagtail's migrations assign to the root
page (demo.site adds a second workflow for guidance and the referral form page only); the test checks that rather
than assigning one, so it exercises the workflow the running site really has.
"""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import Locator, Page, expect
from pytest_django.live_server_helper import LiveServer

from cms.models import GuidanceIndexPage, GuidancePage, NewsIndexPage, NewsPage
from demo.people import DEMO_PASSWORD
from tests.browser.sign_in import second_factor
from tests.browser.test_sign_in_journeys import ANONYMOUS, SIGN_IN, AxeAudit

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("demo_data")]

EDITOR = "editor@san.example"
APPROVER = "admin@san.example"
# The workflow task's "Approve" (the one without a comment), not the superuser's bypass "Publish".
APPROVE = 'footer button[data-workflow-action-name="approve"]:not([data-workflow-action-modal-url])'
TITLE = "Kyloe House reopens after refurbishment"


def sign_in_to(page: Page, base_url: str, path: str, email: str) -> None:
    """Open an admin address; Wagtail sends the visitor to the service's sign-in page, which brings them back."""
    page.context.clear_cookies()
    page.goto(base_url + path)
    assert SIGN_IN in page.url
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    with page.expect_navigation():
        page.locator("main").get_by_role("button", name="Sign in").click()
    second_factor(page, email)
    assert page.url.endswith(path)


def choose_action(page: Page, button: Locator) -> None:
    """Press an action in the page editor's footer menu, opening its drop-down first if it is tucked away there."""
    if not button.is_visible():
        page.locator("footer").get_by_role("button", name="More actions").click()
    with page.expect_navigation():
        button.click()


class TestEditorialWorkflow:
    """An editor submits news for moderation, a moderator publishes it, and it appears on the public site."""

    def test_editor_submits_news_the_approver_publishes_it_and_a_visitor_reads_it(
        self, page: Page, live_server: LiveServer
    ) -> None:
        """The page is not live after submission, is live after approval, and its public page passes axe-core."""
        base_url = live_server.url
        news_index = NewsIndexPage.objects.get()
        assert news_index.get_workflow().name == "Moderators approval"

        sign_in_to(page, base_url, reverse("wagtailadmin_pages:add", args=["cms", "newspage", news_index.pk]), EDITOR)
        page.locator("#id_title").fill(TITLE)
        page.locator("#id_summary").fill("The home in Northumberland takes referrals again from 1 June.")
        page.locator(".Draftail-Editor .public-DraftEditor-content").click()
        page.keyboard.type("Kyloe House has finished its refurbishment and has four beds open.")
        expect(page.locator('input[name="body"]')).to_have_value(re.compile("four beds open"))
        choose_action(page, page.locator('footer button[name="action-submit"]'))
        news = NewsPage.objects.get(title=TITLE)
        assert not news.live and news.current_workflow_state.status == "in_progress"
        assert page.goto(base_url + "/news/" + news.slug + "/").status == 404

        sign_in_to(page, base_url, reverse("wagtailadmin_pages:edit", args=[news.pk]), APPROVER)
        choose_action(page, page.locator(APPROVE))
        news.refresh_from_db()
        assert news.live

        page.context.clear_cookies()
        page.goto(base_url + "/news/")
        page.get_by_role("link", name=TITLE).click()
        expect(page.locator("main h1")).to_have_text(TITLE)
        expect(page.locator("main")).to_contain_text("four beds open")
        audit = AxeAudit(viewer=ANONYMOUS)
        audit.check(page)
        audit.assert_clean()


GUIDANCE_SUMMARY = "Who can refer, what to send and what happens on the day a bed is found."
GUIDANCE_SENTENCE = "Phone the coordination unit before 11am if the child needs a bed the same day."


class TestGuidanceWorkflow:
    """Guidance is under SAN's own approval workflow: an edit waits for a moderator before visitors see it."""

    def test_editor_submits_guidance_the_approver_approves_it_and_a_visitor_reads_it(
        self, page: Page, live_server: LiveServer
    ) -> None:
        """The live page keeps its old text while the change is in moderation and shows the new text once approved."""
        base_url = live_server.url
        guidance = GuidancePage.objects.get(slug="the-referral-process")
        assert guidance.get_workflow().name == "Guidance and referral form approval"
        public_url = base_url + guidance.url

        sign_in_to(page, base_url, reverse("wagtailadmin_pages:edit", args=[guidance.pk]), EDITOR)
        page.locator("#id_summary").fill(GUIDANCE_SUMMARY)
        body = page.locator("[data-contentpath='body'] .Draftail-Editor .public-DraftEditor-content").first
        body.click()
        page.keyboard.press("Control+End")
        page.keyboard.press("Enter")
        page.keyboard.type(GUIDANCE_SENTENCE)
        expect(body).to_contain_text(GUIDANCE_SENTENCE)
        expect(page.locator('input[name="body-0-value"]')).to_have_value(re.compile("before 11am"))
        choose_action(page, page.locator('footer button[name="action-submit"]'))
        guidance.refresh_from_db()
        state = guidance.current_workflow_state
        assert state is not None and state.status == "in_progress"
        assert state.workflow.name == "Guidance and referral form approval"
        assert guidance.live and guidance.has_unpublished_changes

        page.context.clear_cookies()
        page.goto(public_url)
        expect(page.locator("main")).not_to_contain_text(GUIDANCE_SENTENCE)

        sign_in_to(page, base_url, reverse("wagtailadmin_pages:edit", args=[guidance.pk]), APPROVER)
        choose_action(page, page.locator(APPROVE))
        guidance.refresh_from_db()
        assert not guidance.has_unpublished_changes
        assert guidance.current_workflow_state is None

        page.context.clear_cookies()
        page.goto(base_url + GuidanceIndexPage.objects.get().url)
        expect(page.locator("main")).to_contain_text(GUIDANCE_SUMMARY)
        page.get_by_role("link", name=guidance.title).click()
        expect(page.locator("main h1")).to_have_text(guidance.title)
        expect(page.locator("main")).to_contain_text(GUIDANCE_SENTENCE)
        audit = AxeAudit(viewer=ANONYMOUS)
        audit.check(page, state="after the approved guidance change")
        audit.assert_clean()


class TestWhatChangedPage:
    """The public comparison of two referral form versions, reached from the version history."""

    def test_a_visitor_follows_the_history_to_what_changed_in_v4(self, page: Page, live_server: LiveServer) -> None:
        """The link in the history opens the captioned tables, which pass axe-core."""
        page.goto(live_server.url + "/referral-form/")
        page.get_by_role("link", name="What changed in SAN referral form v4").click()
        expect(page.locator("main h1")).to_have_text("What changed from SAN referral form v3 to SAN referral form v4")
        expect(page.locator("caption")).to_have_count(3)
        audit = AxeAudit(viewer=ANONYMOUS)
        audit.check(page)
        audit.assert_clean()
