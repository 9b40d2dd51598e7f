"""RSS feeds for news and open jobs, served by the index pages' feed/ routes (Django syndication)."""

import datetime
from typing import Any

from django.contrib.syndication.views import Feed
from django.utils import timezone
from django.utils.feedgenerator import Rss201rev2Feed


class _PageFeed(Feed):
    """A feed of an index page's children; the index page supplies the items."""

    feed_type = Rss201rev2Feed

    def __init__(self, index_page: Any) -> None:
        super().__init__()
        self.index_page = index_page

    def __call__(self, request, *args, **kwargs):
        self.request = request
        return super().__call__(request, *args, **kwargs)

    def title(self) -> str:
        return f"{self.index_page.title} – Secure Accommodation Network"

    def link(self) -> str:
        return self.index_page.get_url(request=self.request)

    def description(self) -> str:
        return self.index_page.summary

    def item_title(self, item: Any) -> str:
        return item.title

    def item_description(self, item: Any) -> str:
        return item.summary

    def item_link(self, item: Any) -> str:
        return item.get_url(request=self.request)


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

    def item_pubdate(self, item: Any) -> datetime.datetime | None:
        return item.first_published_at
