"""News and open-jobs feeds: RSS 2.0 and Atom 1.0 that parse as XML, carry what each format requires and are linked."""

import datetime
import re
import xml.etree.ElementTree as ET
from email.utils import parsedate_to_datetime

import pytest
from django.test import Client
from django.utils import timezone

from cms.models import HomePage, JobPage, JobsIndexPage, NewsIndexPage, NewsPage
from tests.cms.factories import NewsIndexPageFactory, NewsPageFactory

ATOM = "{http://www.w3.org/2005/Atom}"
HOSTILE_TITLE = 'Beds & <script>alert("x")</script> update ]]> \u2013 "quoted"'


def _job(index: JobsIndexPage, title: str, closing: datetime.date) -> JobPage:
    """A published vacancy under the jobs index."""
    job = JobPage(
        title=title,
        summary=f"{title} summary.",
        role="Registered manager",
        salary_min=50000,
        contract_type=JobPage.ContractType.PERMANENT,
        closing_date=closing,
        body="<p>About the role.</p>",
    )
    index.add_child(instance=job)
    job.save_revision().publish()
    return job


@pytest.fixture
def news(home_page: HomePage) -> NewsIndexPage:
    """A news section with two published items (one with a hostile title) and one draft."""
    index = NewsIndexPageFactory(parent=home_page, summary="News from SAN.")
    NewsPageFactory(parent=index, title="Updated referral form", summary="From 1 April.")
    NewsPageFactory(parent=index, title=HOSTILE_TITLE, summary="Tags <b>and</b> ampersands & more.")
    draft = NewsPageFactory(parent=index, title="Not yet published", live=False)
    draft.save_revision()
    return index


@pytest.fixture
def jobs(home_page: HomePage) -> JobsIndexPage:
    """A jobs section with one open and one closed vacancy."""
    index = JobsIndexPage(title="Jobs", slug="jobs", summary="Vacancies in secure children's homes.")
    home_page.add_child(instance=index)
    index.save_revision().publish()
    today = timezone.localdate()
    _job(index, "Registered manager, Marydale", today + datetime.timedelta(days=14))
    _job(index, "Deputy manager, Swanwick", today - datetime.timedelta(days=1))
    return index


def _rss(client: Client, path: str) -> ET.Element:
    response = client.get(path)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/rss+xml")
    return ET.fromstring(response.content)


def _atom(client: Client, path: str) -> ET.Element:
    response = client.get(path, {"format": "atom"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    return ET.fromstring(response.content)


def _rfc3339(value: str | None) -> datetime.datetime:
    """Parse an Atom date; it must carry a time zone."""
    assert value
    parsed = datetime.datetime.fromisoformat(value)
    assert parsed.tzinfo is not None
    return parsed


class TestRssFeeds:
    """RSS 2.0 with the channel and item elements the specification requires."""

    def test_the_news_feed_has_a_channel_and_an_item_per_published_news_page(
        self, client: Client, news: NewsIndexPage
    ) -> None:
        """Title, link and description on the channel; title, absolute link, guid and a valid date per item."""
        root = _rss(client, "/news/feed/")
        assert root.tag == "rss" and root.get("version") == "2.0"
        channel = root.find("channel")
        assert channel is not None
        assert channel.findtext("title") == "News – Secure Accommodation Network"
        assert channel.findtext("link", "").startswith("http://")
        assert channel.findtext("description") == "News from SAN."
        items = channel.findall("item")
        assert sorted(item.findtext("title") for item in items) == sorted(["Updated referral form", HOSTILE_TITLE])
        for item in items:
            assert re.match(r"^https?://[^/]+/news/[a-z0-9-]+/$", item.findtext("link", ""))
            assert item.findtext("guid")
            assert parsedate_to_datetime(item.findtext("pubDate", "")).tzinfo is not None

    def test_a_hostile_title_is_escaped_and_the_feed_still_parses(self, client: Client, news: NewsIndexPage) -> None:
        """Markup and ampersands arrive as text, never as elements."""
        root = _rss(client, "/news/feed/")
        titles = [item.findtext("title") for item in root.iter("item")]
        assert HOSTILE_TITLE in titles
        assert root.find(".//script") is None
        assert b"<script>" not in client.get("/news/feed/").content

    def test_drafts_are_not_syndicated(self, client: Client, news: NewsIndexPage) -> None:
        """Only live pages appear."""
        assert b"Not yet published" not in client.get("/news/feed/").content

    def test_the_jobs_feed_lists_open_jobs_with_their_closing_date(self, client: Client, jobs: JobsIndexPage) -> None:
        """A closed vacancy is left out; the description says when the open one closes."""
        items = _rss(client, "/jobs/feed/").findall("./channel/item")
        assert [item.findtext("title") for item in items] == ["Registered manager, Marydale"]
        assert "Closing date:" in items[0].findtext("description", "")


class TestAtomFeeds:
    """Atom 1.0 (RFC 4287): id, title, updated and a self link on the feed; id, title, updated and link per entry."""

    @pytest.mark.parametrize(("path", "entries"), [("/news/feed/", 2), ("/jobs/feed/", 1)])
    def test_the_feed_and_each_entry_carry_the_required_elements(
        self, client: Client, news: NewsIndexPage, jobs: JobsIndexPage, path: str, entries: int
    ) -> None:
        """Every element RFC 4287 requires is present, dates are RFC 3339 with a zone and links are absolute."""
        root = _atom(client, path)
        assert root.tag == f"{ATOM}feed"
        assert root.findtext(f"{ATOM}id")
        assert root.findtext(f"{ATOM}title", "").endswith("Secure Accommodation Network")
        _rfc3339(root.findtext(f"{ATOM}updated"))
        links = {link.get("rel"): link.get("href", "") for link in root.findall(f"{ATOM}link")}
        assert links["self"].endswith(f"{path}?format=atom") and links["self"].startswith("http")
        assert links["alternate"].startswith("http")
        assert root.findtext(f"{ATOM}author/{ATOM}name") == "Secure Accommodation Network"
        found = root.findall(f"{ATOM}entry")
        assert len(found) == entries
        for entry in found:
            assert entry.findtext(f"{ATOM}id") and entry.findtext(f"{ATOM}title")
            _rfc3339(entry.findtext(f"{ATOM}updated"))
            assert entry.find(f"{ATOM}link").get("href", "").startswith("http")  # type: ignore[union-attr]

    def test_the_news_entries_have_their_summaries_and_publication_dates(
        self, client: Client, news: NewsIndexPage
    ) -> None:
        """The page summary is the entry summary; the news date is the published date."""
        root = _atom(client, "/news/feed/")
        entry = next(e for e in root.findall(f"{ATOM}entry") if e.findtext(f"{ATOM}title") == "Updated referral form")
        assert entry.findtext(f"{ATOM}summary") == "From 1 April."
        published = _rfc3339(entry.findtext(f"{ATOM}published"))
        assert published.date() == timezone.localdate() - datetime.timedelta(days=1)

    def test_a_hostile_title_is_escaped_in_atom_too(self, client: Client, news: NewsIndexPage) -> None:
        """The title comes back exactly as typed, as text."""
        root = _atom(client, "/news/feed/")
        assert HOSTILE_TITLE in [e.findtext(f"{ATOM}title") for e in root.findall(f"{ATOM}entry")]
        assert root.find(f".//{ATOM}script") is None and root.find(".//script") is None

    def test_an_unknown_format_falls_back_to_rss(self, client: Client, news: NewsIndexPage) -> None:
        """Anything but format=atom gets the RSS feed."""
        response = client.get("/news/feed/", {"format": "<evil>"})
        assert response["Content-Type"].startswith("application/rss+xml")
        assert ET.fromstring(response.content).tag == "rss"


class TestFeedsAreLinked:
    """Both index pages announce both feeds to browsers and feed readers."""

    @pytest.mark.parametrize("path", ["/news/", "/jobs/"])
    def test_the_index_page_links_rss_and_atom_and_both_links_work(
        self, client: Client, news: NewsIndexPage, jobs: JobsIndexPage, path: str
    ) -> None:
        """Each link rel=alternate in the head names its type and leads to a feed of that type."""
        html = client.get(path).content.decode()
        head = html.split("</head>")[0]
        links = dict(re.findall(r'<link rel="alternate" type="([^"]+)" title="[^"]+" href="([^"]+)">', head))
        assert set(links) == {"application/rss+xml", "application/atom+xml"}
        for content_type, href in links.items():
            response = client.get(href.replace("&amp;", "&"))
            assert response.status_code == 200
            assert response["Content-Type"].startswith(content_type)
            ET.fromstring(response.content)

    def test_a_news_page_is_not_a_feed(self, client: Client, news: NewsIndexPage) -> None:
        """Only the index pages route feed/."""
        item = NewsPage.objects.live().first()
        assert client.get(f"{item.url}feed/").status_code == 404
