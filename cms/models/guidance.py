"""Guidance for local authorities: the referral process, the legal criteria and frequently asked questions."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.search import index

from ..blocks import guidance_blocks
from .base import BasePage


class GuidanceIndexPage(BasePage):
    """The guidance section: lists its guidance pages."""

    intro = RichTextField(_("introduction"), blank=True)

    content_panels = [*BasePage.content_panels, FieldPanel("intro")]
    search_fields = [*BasePage.search_fields, index.SearchField("intro")]
    parent_page_types = ["cms.HomePage"]
    subpage_types = ["cms.GuidancePage"]
    max_count = 1

    class Meta:
        verbose_name = _("guidance index page")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["guidance_pages"] = self.get_children().live().public().specific()
        return context


class GuidancePage(BasePage):
    """One piece of guidance built from text, downloads, FAQ accordions and callouts."""

    body = StreamField(guidance_blocks(), verbose_name=_("body"))

    content_panels = [*BasePage.content_panels, FieldPanel("body")]
    search_fields = [*BasePage.search_fields, index.SearchField("body")]
    parent_page_types = ["cms.GuidanceIndexPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("guidance page")
