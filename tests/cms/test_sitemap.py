"""sitemap.xml lists the live public pages and nothing else: no drafts, expired or private pages."""

import datetime
import xml.etree.ElementTree as ET

import pytest
from django.test import Client
from django.utils import timezone
from wagtail.models import PageViewRestriction

from cms.models import HomePage, NewsIndexPage, NewsPage
from tests.cms.factories import NewsIndexPageFactory, NewsPageFactory

SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def _locations(client: Client) -> dict[str, str]:
    """Each <loc> in the sitemap with its <lastmod> (empty when absent)."""
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/xml")
    root = ET.fromstring(response.content)
    assert root.tag == f"{SITEMAP}urlset"
    return {url.findtext(f"{SITEMAP}loc", ""): url.findtext(f"{SITEMAP}lastmod", "") for url in root}


def _published(index: NewsIndexPage, title: str, slug: str) -> NewsPage:
    page = NewsPage(title=title, slug=slug, summary="Summary.", body="<p>Body.</p>")
    index.add_child(instance=page)
    page.save_revision().publish()
    return page


@pytest.fixture
def news(home_page: HomePage) -> NewsIndexPage:
    """A published news section."""
    index = NewsIndexPageFactory(parent=home_page)
    index.save_revision().publish()
    return index


@pytest.mark.django_db
class TestSitemap:
    """What search engines are told about."""

    def test_live_public_pages_are_listed_with_absolute_addresses_and_dates(
        self, client: Client, news: NewsIndexPage
    ) -> None:
        """The home page, the news index and a published item, each with a last-modified date."""
        _published(news, "Beds update", "beds-update")
        found = _locations(client)
        paths = {loc.split("://", 1)[1].split("/", 1)[1] for loc in found}
        assert {"", "news/", "news/beds-update/"} <= set(paths)
        assert all(loc.startswith("http://") for loc in found)
        lastmod = found[next(loc for loc in found if loc.endswith("/news/beds-update/"))]
        assert datetime.date.fromisoformat(lastmod[:10]) == timezone.localdate()

    def test_a_draft_is_not_listed(self, client: Client, news: NewsIndexPage) -> None:
        """A page never published is left out."""
        draft = NewsPageFactory(parent=news, title="Draft", slug="draft-news", live=False)
        draft.save_revision()
        assert not any(loc.endswith("/news/draft-news/") for loc in _locations(client))

    def test_an_unpublished_page_leaves_the_sitemap(self, client: Client, news: NewsIndexPage) -> None:
        """Unpublishing takes a page out."""
        page = _published(news, "Withdrawn", "withdrawn")
        assert any(loc.endswith("/news/withdrawn/") for loc in _locations(client))
        page.unpublish()
        assert not any(loc.endswith("/news/withdrawn/") for loc in _locations(client))

    def test_an_expired_page_is_not_listed(self, client: Client, news: NewsIndexPage) -> None:
        """A page past its expiry date is taken out when the expiry job runs."""
        from django.core.management import call_command

        page = _published(news, "Old notice", "old-notice")
        NewsPage.objects.filter(pk=page.pk).update(expire_at=timezone.now() - datetime.timedelta(minutes=1))
        call_command("publish_scheduled")
        assert not any(loc.endswith("/news/old-notice/") for loc in _locations(client))

    @pytest.mark.parametrize(
        "restriction",
        [PageViewRestriction.PASSWORD, PageViewRestriction.LOGIN, PageViewRestriction.GROUPS],
    )
    def test_a_private_page_and_its_children_are_not_listed(
        self, client: Client, news: NewsIndexPage, restriction: str
    ) -> None:
        """Any view restriction (password, sign-in or groups) keeps the page and everything under it out."""
        page = _published(news, "Internal note", "internal-note")
        PageViewRestriction.objects.create(page=news, restriction_type=restriction, password="not-public-2026")
        found = _locations(client)
        assert not any(loc.endswith("/news/internal-note/") for loc in found)
        assert not any(loc.endswith("/news/") for loc in found)
        assert page.live  # still published, just not public
