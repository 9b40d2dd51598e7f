"""The abstract page every SAN page inherits, and the important-update banners shown on the home page."""

import datetime

from django.db import models
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index
from wagtail.snippets.models import register_snippet

HOME_SECTIONS = [
    "cms.StandardPage",
    "cms.GuidanceIndexPage",
    "cms.NewsIndexPage",
    "cms.JobsIndexPage",
    "cms.SecureHomesIndexPage",
    "cms.ReferralFormPage",
    "cms.DataSummaryPage",
    "cms.DocumentsLibraryPage",
    "cms.SearchPage",
]


class BasePage(Page):
    """Behaviour every SAN page shares: a summary for listings and search, and a 'last updated' date."""

    summary = models.CharField(_("summary"), max_length=300, blank=True, help_text=_("One or two sentences."))

    content_panels = [*Page.content_panels, FieldPanel("summary")]
    search_fields = [*Page.search_fields, index.SearchField("summary")]

    class Meta:
        abstract = True

    @property
    def last_updated(self) -> datetime.datetime | None:
        """When the page was last published, shown at the foot of every page."""
        return self.last_published_at


class ImportantUpdateQuerySet(QuerySet["ImportantUpdate"]):
    def current(self, at: datetime.datetime | None = None) -> "ImportantUpdateQuerySet":
        """Updates whose start has come and whose end (if any) has not."""
        at = at or timezone.now()
        return self.filter(starts_at__lte=at).filter(Q(ends_at__isnull=True) | Q(ends_at__gt=at))


@register_snippet
class ImportantUpdate(models.Model):
    """An 'important update' banner on the home page, shown only between its start and end."""

    title = models.CharField(_("title"), max_length=120, help_text=_("For example, 'Updated referral form'."))
    message = RichTextField(_("message"), features=["bold", "link", "document-link"])
    starts_at = models.DateTimeField(_("show from"))
    ends_at = models.DateTimeField(_("show until"), null=True, blank=True, help_text=_("Leave blank to keep showing."))

    objects = ImportantUpdateQuerySet.as_manager()

    panels = [
        FieldPanel("title"),
        FieldPanel("message"),
        FieldRowPanel([FieldPanel("starts_at"), FieldPanel("ends_at")]),
    ]

    class Meta:
        ordering = ["-starts_at"]
        verbose_name = _("important update")

    def __str__(self) -> str:
        return self.title


class HomePage(BasePage):
    """The site's front page: welcome text, current important updates and the sections of the site."""

    body = RichTextField(_("body"), blank=True)

    content_panels = [*BasePage.content_panels, FieldPanel("body")]
    search_fields = [*BasePage.search_fields, index.SearchField("body")]
    parent_page_types = ["wagtailcore.Page"]
    subpage_types = HOME_SECTIONS
    max_count = 1

    class Meta:
        verbose_name = _("home page")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["important_updates"] = ImportantUpdate.objects.current()
        context["sections"] = self.get_children().live().public().in_menu().specific()
        return context


class StandardPage(BasePage):
    """A plain content page: accessibility statement, privacy notice, cookies, about SAN, the SWCU."""

    body = RichTextField(_("body"))

    content_panels = [*BasePage.content_panels, FieldPanel("body")]
    search_fields = [*BasePage.search_fields, index.SearchField("body")]
    parent_page_types = ["cms.HomePage", "cms.StandardPage"]
    subpage_types = ["cms.StandardPage"]

    class Meta:
        verbose_name = _("standard page")
