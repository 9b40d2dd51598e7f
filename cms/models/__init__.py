"""Wagtail page types for the SAN website. Child data never lives here."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index


class BasePage(Page):
    """Behaviour every SAN page shares: a summary for listings and search, and a 'last updated' date."""

    summary = models.CharField(_("summary"), max_length=300, blank=True, help_text=_("One or two sentences."))

    content_panels = [*Page.content_panels, FieldPanel("summary")]
    search_fields = [*Page.search_fields, index.SearchField("summary")]

    class Meta:
        abstract = True


class HomePage(BasePage):
    """The site's front page."""

    body = RichTextField(_("body"), blank=True)

    content_panels = [*BasePage.content_panels, FieldPanel("body")]
    search_fields = [*BasePage.search_fields, index.SearchField("body")]
    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["cms.StandardPage"]
    max_count = 1

    class Meta:
        verbose_name = _("home page")


class StandardPage(BasePage):
    """A plain content page: accessibility statement, privacy notice, cookies, about SAN."""

    body = RichTextField(_("body"))

    content_panels = [*BasePage.content_panels, FieldPanel("body")]
    search_fields = [*BasePage.search_fields, index.SearchField("body")]
    parent_page_types = ["cms.HomePage", "cms.StandardPage"]
    subpage_types = ["cms.StandardPage"]

    class Meta:
        verbose_name = _("standard page")
