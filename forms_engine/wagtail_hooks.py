"""Register the form-version screens and their menu item in the Wagtail admin."""

from django.urls import include, path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.panels import FieldPanel
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from . import admin_urls
from .models import MockReferral


@hooks.register("register_admin_urls")
def register_form_version_urls() -> list[object]:
    return [path("form-versions/", include(admin_urls, namespace="forms_engine_admin"))]


@hooks.register("register_admin_menu_item")
def register_form_version_menu_item() -> MenuItem:
    return MenuItem("Referral form versions", reverse("forms_engine_admin:version-list"), icon_name="form", order=250)


class MockReferralViewSet(SnippetViewSet):
    """Mock referrals in the snippets area: editors retitle and describe them; answers ship with the code."""

    model = MockReferral
    icon = "form"
    menu_label = "Mock referrals"
    list_display = ["title", "version", "written_on"]
    panels = [
        FieldPanel("title"),
        FieldPanel("summary"),
        FieldPanel("example_pdf", read_only=True),
        FieldPanel("example_docx", read_only=True),
    ]


register_snippet(MockReferralViewSet)
