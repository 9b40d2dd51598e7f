"""The directory of secure children's homes: public facts only, filterable by region and placement type."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.fields import RichTextField
from wagtail.search import index

from .base import BasePage

PLACEMENT_FILTERS = {
    "welfare": ("takes_welfare", _("Welfare (section 25 or section 119)")),
    "justice": ("takes_justice", _("Justice (remand or sentence)")),
}


class SecureHomesIndexPage(BasePage):
    """The directory, filtered by region and by welfare or justice placements with a plain GET form."""

    intro = RichTextField(_("introduction"), blank=True)

    content_panels = [*BasePage.content_panels, FieldPanel("intro")]
    parent_page_types = ["cms.HomePage"]
    subpage_types = ["cms.SecureHomePage"]
    max_count = 1

    class Meta:
        verbose_name = _("secure homes index page")

    def homes(self):
        return SecureHomePage.objects.child_of(self).live().public().order_by("title")

    def filtered_homes(self, *, region: str = "", placement: str = ""):
        """The homes matching the chosen region and placement type; unknown values are ignored."""
        homes = self.homes()
        if region:
            homes = homes.filter(region=region)
        if placement in PLACEMENT_FILTERS:
            homes = homes.filter(**{PLACEMENT_FILTERS[placement][0]: True})
        return homes

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        regions = sorted(set(self.homes().values_list("region", flat=True)))
        region = request.GET.get("region", "")
        placement = request.GET.get("placement", "")
        region = region if region in regions else ""
        placement = placement if placement in PLACEMENT_FILTERS else ""
        context.update(
            regions=regions,
            placements=[(key, label) for key, (_field, label) in PLACEMENT_FILTERS.items()],
            region=region,
            placement=placement,
            filtered=bool(region or placement),
            results=self.filtered_homes(region=region, placement=placement),
        )
        return context


class SecureHomePage(BasePage):
    """One secure children's home: who runs it, where it is, whom it can look after, and how to contact it."""

    class Sexes(models.TextChoices):
        BOTH = "both", _("Boys and girls")
        BOYS = "boys", _("Boys")
        GIRLS = "girls", _("Girls")

    class OfstedRating(models.TextChoices):
        NOT_RECORDED = "", _("Not yet recorded")
        OUTSTANDING = "outstanding", _("Outstanding")
        GOOD = "good", _("Good")
        REQUIRES_IMPROVEMENT = "requires_improvement", _("Requires improvement to be good")
        INADEQUATE = "inadequate", _("Inadequate")

    operator = models.CharField(_("operator"), max_length=200, help_text=_("The registered provider."))
    region = models.CharField(_("region"), max_length=60)
    locality = models.CharField(_("locality"), max_length=120)
    approved_beds = models.PositiveSmallIntegerField(_("approved beds"))
    takes_welfare = models.BooleanField(_("takes welfare placements"), default=True)
    takes_justice = models.BooleanField(_("takes justice placements"), default=False)
    min_age = models.PositiveSmallIntegerField(_("youngest age accepted"), default=10)
    max_age = models.PositiveSmallIntegerField(_("oldest age accepted"), default=17)
    sexes = models.CharField(_("accepts"), max_length=8, choices=Sexes.choices, default=Sexes.BOTH)
    ofsted_rating = models.CharField(
        _("Ofsted overall effectiveness"), max_length=24, choices=OfstedRating.choices, blank=True
    )
    ofsted_rated_on = models.DateField(_("rating as at"), null=True, blank=True)
    ofsted_report_url = models.URLField(_("Ofsted report"), blank=True)
    contact = RichTextField(_("contact"), features=["bold", "link"], blank=True)
    services = RichTextField(_("services"), features=["bold", "italic", "link", "ul"], blank=True)

    content_panels = [
        *BasePage.content_panels,
        MultiFieldPanel(
            [
                FieldPanel("operator"),
                FieldRowPanel([FieldPanel("locality"), FieldPanel("region")]),
                FieldPanel("approved_beds"),
                FieldRowPanel([FieldPanel("takes_welfare"), FieldPanel("takes_justice")]),
                FieldRowPanel([FieldPanel("min_age"), FieldPanel("max_age"), FieldPanel("sexes")]),
            ],
            heading=_("The home"),
        ),
        MultiFieldPanel(
            [FieldPanel("ofsted_rating"), FieldPanel("ofsted_rated_on"), FieldPanel("ofsted_report_url")],
            heading=_("Ofsted"),
        ),
        FieldPanel("services"),
        FieldPanel("contact"),
    ]
    search_fields = [
        *BasePage.search_fields,
        index.SearchField("operator"),
        index.SearchField("locality"),
        index.SearchField("services"),
        index.FilterField("region"),
        index.FilterField("takes_welfare"),
        index.FilterField("takes_justice"),
    ]
    parent_page_types = ["cms.SecureHomesIndexPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("secure home page")

    def get_context(self, request, *args, **kwargs):
        from .pages import ReferralFormPage

        context = super().get_context(request, *args, **kwargs)
        context["referral_page"] = ReferralFormPage.objects.live().public().first()
        return context

    @property
    def placement_types(self) -> str:
        kinds = [
            str(label)
            for flag, label in ((self.takes_welfare, _("welfare")), (self.takes_justice, _("justice")))
            if flag
        ]
        return str(_(" and ")).join(kinds).capitalize()
