"""News and updates from SAN and the coordination unit."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField
from wagtail.search import index

from .base import BasePage


class NewsIndexPage(RoutablePageMixin, BasePage):
    """The news section: newest first, with an RSS feed at feed/."""

    intro = RichTextField(_("introduction"), blank=True)

    content_panels = [*BasePage.content_panels, FieldPanel("intro")]
    parent_page_types = ["cms.HomePage"]
    subpage_types = ["cms.NewsPage"]
    max_count = 1

    class Meta:
        verbose_name = _("news index page")

    def news_items(self):
        return NewsPage.objects.child_of(self).live().public().order_by("-date", "-pk")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["news_items"] = self.news_items()
        return context

    @path("feed/", name="feed")
    def feed(self, request):
        from ..feeds import NewsFeed

        return NewsFeed(self)(request)


class NewsPage(BasePage):
    """A news item with its date and summary."""

    date = models.DateField(_("date"), default=timezone.localdate)
    body = RichTextField(_("body"))

    content_panels = [*BasePage.content_panels, FieldPanel("date"), FieldPanel("body")]
    search_fields = [*BasePage.search_fields, index.SearchField("body"), index.FilterField("date")]
    parent_page_types = ["cms.NewsIndexPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("news page")
