"""Wagtail's users app, with the user viewset that keeps case accounts out of the CMS (cms.users)."""

from wagtail.users.apps import WagtailUsersAppConfig


class CmsUsersConfig(WagtailUsersAppConfig):
    """Stands in for "wagtail.users" in INSTALLED_APPS: same app, label and migrations, our user viewset."""

    user_viewset = "cms.users.CmsUserViewSet"

    def ready(self) -> None:
        super().ready()
        from cms.users import register_hooks  # the views import the user model, so not before the apps are ready

        register_hooks()
