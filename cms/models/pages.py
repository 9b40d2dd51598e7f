"""The referral form page, data summaries, the documents library and site search."""

from django.core.paginator import Paginator
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from accounts.access import Permission, has_permission
from forms_engine.definitions import REFERRAL_FORM_KEY
from forms_engine.models import MockReferral
from forms_engine.services.versions import live_version

from ..blocks import DataSummaryBlock, library_blocks
from ..changes import version_history
from .base import BasePage


class ReferralFormPage(RoutablePageMixin, BasePage):
    """The live referral form version, its effective date and history, guidance, and where to start a referral.

    changes/<from>/<to>/ shows what changed between two published versions (form definitions are public).
    """

    body = RichTextField(_("guidance"), blank=True)

    content_panels = [*BasePage.content_panels, FieldPanel("body")]
    search_fields = [*BasePage.search_fields, index.SearchField("body")]
    parent_page_types = ["cms.HomePage"]
    subpage_types: list[str] = []
    max_count = 1

    class Meta:
        verbose_name = _("referral form page")

    def get_context(self, request, *args, **kwargs):

        context = super().get_context(request, *args, **kwargs)
        live = live_version(form_key=REFERRAL_FORM_KEY)
        context.update(
            live_version=live,
            versions=[
                (version, self.changes_url(previous, version, request) if previous else None)
                for version, previous in version_history(form_key=REFERRAL_FORM_KEY)
            ],
            can_start=has_permission(request.user, Permission.START_REFERRAL),
            mock_referrals=self.mock_referrals(live),
        )
        return context

    @staticmethod
    def mock_referrals(live=None):
        """Synthetic mock referrals with their example packs, newest form version first: the live version's and a
        published newer version's (a draft's mocks, and those of versions the live one replaced, stay in the admin)."""

        mocks = MockReferral.objects.filter(version__form__key=REFERRAL_FORM_KEY, version__published_at__isnull=False)
        if live is not None:
            mocks = mocks.filter(version__number__gte=live.number)
        return mocks.select_related("version", "example_pdf", "example_docx").order_by("-version__number", "title")

    def changes_url(self, older, newer, request=None) -> str:
        """The address of the 'what changed' page from one version to another."""
        route = self.reverse_subpage("changes", kwargs={"from_number": older.number, "to_number": newer.number})
        return self.get_url(request=request) + route

    @path("changes/<int:from_number>/<int:to_number>/", name="changes")
    def changes(self, request, from_number: int, to_number: int):
        """What changed between two published versions; drafts and unknown numbers are not found."""
        from ..changes import version_changes

        changes = version_changes(form_key=REFERRAL_FORM_KEY, from_number=from_number, to_number=to_number)
        if changes is None:
            raise Http404("No such pair of published form versions.")
        return self.render(request, template="cms/referral_form_changes.html", context_overrides={"changes": changes})


class DataSummaryPage(BasePage):
    """Monthly and annual coordination summaries as downloads, each with its headline figures."""

    intro = RichTextField(_("introduction"), blank=True)
    summaries = StreamField([("summary", DataSummaryBlock())], blank=True, verbose_name=_("summaries"))

    content_panels = [*BasePage.content_panels, FieldPanel("intro"), FieldPanel("summaries")]
    search_fields = [*BasePage.search_fields, index.SearchField("intro"), index.SearchField("summaries")]
    parent_page_types = ["cms.HomePage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("data summary page")


class DocumentsLibraryPage(BasePage):
    """Published documents grouped under headings: frameworks, guidance booklets, accounts by young people."""

    intro = RichTextField(_("introduction"), blank=True)
    documents = StreamField(library_blocks(), blank=True, verbose_name=_("documents"))

    content_panels = [*BasePage.content_panels, FieldPanel("intro"), FieldPanel("documents")]
    search_fields = [*BasePage.search_fields, index.SearchField("intro"), index.SearchField("documents")]
    parent_page_types = ["cms.HomePage"]
    subpage_types: list[str] = []
    max_count = 1

    class Meta:
        verbose_name = _("documents library page")


class SearchPage(BasePage):
    """Site search over published public pages (Wagtail's database search backend)."""

    parent_page_types = ["cms.HomePage"]
    subpage_types: list[str] = []
    max_count = 1
    per_page = 10

    class Meta:
        verbose_name = _("search page")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        query = request.GET.get("q", "").strip()[:200]
        results = Page.objects.live().public().exclude(pk=self.pk).specific().search(query) if query else []
        context.update(query=query, results=Paginator(results, self.per_page).get_page(request.GET.get("page")))
        return context

    def get_sitemap_urls(self, request=None):
        return []
