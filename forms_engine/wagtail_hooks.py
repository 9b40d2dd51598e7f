"""Register the form-version screens and their menu item in the Wagtail admin."""

from django.urls import include, path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from . import admin_urls


@hooks.register("register_admin_urls")
def register_form_version_urls() -> list[object]:
    return [path("form-versions/", include(admin_urls, namespace="forms_engine_admin"))]


@hooks.register("register_admin_menu_item")
def register_form_version_menu_item() -> MenuItem:
    return MenuItem("Referral form versions", reverse("forms_engine_admin:version-list"), icon_name="form", order=250)
