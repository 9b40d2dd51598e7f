"""RSS and Atom feeds for news and open jobs, served by the index pages' feed/ routes (Django syndication).

The same route serves both: feed/ is RSS 2.0 and feed/?format=atom is Atom 1.0, so the page models route once.
"""

import datetime
from typing import Any

from django.contrib.syndication.views import Feed
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed, SyndicationFeed

ATOM = "atom"


class _PageFeed(Feed):
    """A feed of an index page's children; the index page supplies the items."""

    feed_type: type[SyndicationFeed] = Rss201rev2Feed

    def __init__(self, index_page: Any) -> None:
        super().__init__()
        self.index_page = index_page

    def __call__(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.request = request
        if request.GET.get("format") == ATOM:
            self.feed_type = Atom1Feed  # a new feed object serves each request, so this is per request
        return super().__call__(request, *args, **kwargs)

    def title(self) -> str:
        return f"{self.index_page.title} – Secure Accommodation Network"

    def link(self) -> str:
        return self.index_page.get_url(request=self.request)

    def feed_url(self) -> str:
        """This feed's own address (RSS atom:link and Atom link rel=self)."""
        query = f"?format={ATOM}" if self.feed_type is Atom1Feed else ""
        return f"{self.index_page.get_url(request=self.request)}feed/{query}"

    def description(self) -> str:
        return self.index_page.summary

    def subtitle(self) -> str:
        """Atom's name for the description."""
        return self.index_page.summary

    def author_name(self) -> str:
        """Atom requires an author for the feed or for every entry."""
        return "Secure Accommodation Network"

    def item_title(self, item: Any) -> str:
        return item.title

    def item_description(self, item: Any) -> str:
        return item.summary

    def item_link(self, item: Any) -> str:
        return item.get_url(request=self.request)

    def item_pubdate(self, item: Any) -> datetime.datetime | None:
        return item.first_published_at

    def item_updateddate(self, item: Any) -> datetime.datetime:
        """Atom requires an updated date on every entry: the last publication, else the publication date."""
        return item.last_published_at or self.item_pubdate(item) or timezone.now()


class NewsFeed(_PageFeed):
    def items(self):
        return self.index_page.news_items()[:20]

    def item_pubdate(self, item: Any) -> datetime.datetime:
        return timezone.make_aware(datetime.datetime.combine(item.date, datetime.time(9)))


class JobsFeed(_PageFeed):
    def items(self):
        return self.index_page.open_jobs()

    def item_description(self, item: Any) -> str:
        return f"{item.summary} Closing date: {item.closing_date:%-d %B %Y}."
