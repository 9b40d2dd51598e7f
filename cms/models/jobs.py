"""Vacancies in secure children's homes. A job leaves the open listing by itself after its closing date."""

import datetime

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField, StreamField
from wagtail.search import index

from ..blocks import DocumentBlock
from .base import BasePage


class JobsIndexPage(RoutablePageMixin, BasePage):
    """The jobs section: open vacancies soonest-closing first, with a feed of open jobs at feed/."""

    intro = RichTextField(_("introduction"), blank=True)

    content_panels = [*BasePage.content_panels, FieldPanel("intro")]
    parent_page_types = ["cms.HomePage"]
    subpage_types = ["cms.JobPage"]
    max_count = 1

    class Meta:
        verbose_name = _("jobs index page")

    def open_jobs(self, today: datetime.date | None = None):
        """Live jobs whose closing date has not passed."""
        today = today or timezone.localdate()
        jobs = JobPage.objects.child_of(self).live().public()
        return jobs.filter(closing_date__gte=today).order_by("closing_date", "title")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["jobs"] = self.open_jobs()
        return context

    @path("feed/", name="feed")
    def feed(self, request):
        from ..feeds import JobsFeed

        return JobsFeed(self)(request)


class JobPage(BasePage):
    """A vacancy: the home, the role, pay, contract and closing date, with its role description and advert."""

    class ContractType(models.TextChoices):
        PERMANENT = "permanent", _("Permanent")
        FIXED_TERM = "fixed_term", _("Fixed term")
        SECONDMENT = "secondment", _("Secondment")
        BANK = "bank", _("Bank or relief")

    home = models.ForeignKey(
        "cms.SecureHomePage",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("secure home"),
    )
    role = models.CharField(_("role"), max_length=120)
    salary_min = models.PositiveIntegerField(_("salary from (£ a year)"))
    salary_max = models.PositiveIntegerField(_("salary to (£ a year)"), null=True, blank=True)
    contract_type = models.CharField(_("contract type"), max_length=16, choices=ContractType.choices)
    hours = models.CharField(_("hours"), max_length=80, blank=True, help_text=_("For example, 37 hours a week."))
    closing_date = models.DateField(_("closing date"), help_text=_("The job leaves the listing after this day."))
    body = RichTextField(_("about the role"))
    how_to_apply = RichTextField(_("how to apply"), blank=True)
    documents = StreamField([("document", DocumentBlock())], blank=True, verbose_name=_("documents"))

    content_panels = [
        *BasePage.content_panels,
        MultiFieldPanel(
            [
                FieldPanel("home"),
                FieldPanel("role"),
                FieldRowPanel([FieldPanel("salary_min"), FieldPanel("salary_max")]),
                FieldRowPanel([FieldPanel("contract_type"), FieldPanel("hours")]),
                FieldPanel("closing_date"),
            ],
            heading=_("The job"),
        ),
        FieldPanel("body"),
        FieldPanel("how_to_apply"),
        FieldPanel("documents"),
    ]
    search_fields = [*BasePage.search_fields, index.SearchField("role"), index.SearchField("body")]
    parent_page_types = ["cms.JobsIndexPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("job page")

    def clean(self) -> None:
        super().clean()
        if self.salary_max is not None and self.salary_max < self.salary_min:
            raise ValidationError({"salary_max": _("The top of the range must not be lower than the bottom.")})

    def is_open(self, today: datetime.date | None = None) -> bool:
        return self.closing_date >= (today or timezone.localdate())

    @property
    def salary_range(self) -> str:
        if self.salary_max and self.salary_max != self.salary_min:
            return f"£{self.salary_min:,} to £{self.salary_max:,} a year"
        return f"£{self.salary_min:,} a year"
