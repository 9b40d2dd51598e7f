"""The website's mock referrals: a guidance page of mock referral blocks and the referral form page's list."""

import io
import re
from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client
from pypdf import PdfReader

from cms.blocks import guidance_blocks
from cms.models import GuidancePage
from forms_engine.mocks.catalogue import MOCKS
from forms_engine.mocks.documents import EXAMPLE_STAMP
from forms_engine.models import MockReferral

# The referral form page lists the live version's mocks (v5's in the demo), not the v6 draft's.
LISTED = [m for m in MOCKS if m.version_number == 5]
TITLES = (
    "Girl aged 14 at risk of sexual exploitation who absconds",
    "Boy aged 15 with violence and gang association",
    "Child aged 12 placed for 72 hours with Secretary of State approval",
)


@pytest.fixture
def site_with_packs(db: Any, django_capture_on_commit_callbacks: Any) -> None:
    """seed_demo, with the on-commit django-q2 task that renders the example packs run in-process."""
    with django_capture_on_commit_callbacks(execute=True):
        call_command("seed_demo", "--quiet-logins")


def _links(html: str) -> list[str]:
    return re.findall(r'href="([^"]+\.(?:pdf|docx))"', html)


@pytest.mark.django_db
class TestMockReferralsGuidancePage:
    """The demo guidance page shows each mock's summary and links its example packs."""

    def test_the_page_shows_each_mock_with_facts_and_two_downloads(self, site_with_packs: None, client: Client) -> None:
        """Three summary cards with age and special processes, each linking a PDF and a Word example pack."""
        response = client.get("/guidance/mock-referrals/")
        html = response.content.decode()
        assert response.status_code == 200
        for title in TITLES:
            assert title in html
        assert html.count("Example – not a real child") == 3
        assert "Emergency 72-hour placement, Child under 13" in html
        links = _links(html)
        assert len([link for link in links if link.endswith(".pdf")]) == 3
        assert len([link for link in links if link.endswith(".docx")]) == 3

    def test_every_linked_pdf_is_an_example_pack_stamped_on_every_page(
        self, site_with_packs: None, client: Client
    ) -> None:
        """The downloads are the real renderer's packs, stamped EXAMPLE on each page."""
        html = client.get("/guidance/mock-referrals/").content.decode()
        for link in [link for link in _links(html) if link.endswith(".pdf")]:
            response = client.get(link)
            assert response.status_code == 200
            data = b"".join(response.streaming_content) if response.streaming else response.content
            pages = PdfReader(io.BytesIO(data)).pages
            assert len(pages) > 5 and all(EXAMPLE_STAMP in page.extract_text() for page in pages)

    def test_the_mock_referral_block_is_offered_to_guidance_editors(self) -> None:
        """The block is in the guidance body's block list."""
        assert "mock_referral" in dict(guidance_blocks())
        assert "mock_referral" in GuidancePage.body.field.stream_block.child_blocks

    def test_the_blocks_hold_mock_referral_snippets(self, site_with_packs: None) -> None:
        """The demo page's three blocks point at the MockReferral snippets, in the order of the guidance."""
        page = GuidancePage.objects.get(slug="mock-referrals")
        chosen = [block.value["mock"] for block in page.body if block.block_type == "mock_referral"]
        assert [mock.title for mock in chosen] == list(TITLES)
        assert all(isinstance(mock, MockReferral) for mock in chosen)


@pytest.mark.django_db
class TestReferralFormPage:
    """The referral form page lists the mock referrals with their example packs."""

    def test_mocks_and_their_packs_are_listed(self, site_with_packs: None, client: Client) -> None:
        """Each mock of the live version, its title and its two downloads; not the mocks of the versions v5
        replaced nor of the v6 draft."""
        html = client.get("/referral-form/").content.decode()
        assert "Mock referrals and example packs" in html
        for title in TITLES:
            assert title in html
        assert len(_links(html)) == 2 * len(LISTED)
        shown = set(re.findall(r'<p class="govuk-body-s">(SAN referral form v\d)</p>', html))
        assert shown == {"SAN referral form v5"}

    def test_packs_not_yet_rendered_are_shown_as_being_prepared(self, db: Any, client: Client) -> None:
        """Before the background task has run, the page says so instead of linking nothing."""
        call_command("seed_demo", "--quiet-logins")  # on-commit work is not run inside the test transaction
        html = client.get("/referral-form/").content.decode()
        assert html.count("The example pack is being prepared") == len(LISTED) and not _links(html)
