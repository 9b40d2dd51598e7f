from django.apps import AppConfig


class CmsConfig(AppConfig):
    """The public SAN website (Wagtail pages). Holds no child data."""

    name = "cms"
    verbose_name = "SAN website"
    default_auto_field = "django.db.models.BigAutoField"
