"""Data protection across the service: the retention schedule and its daily run, legal holds, subject access."""

from django.apps import AppConfig


class PrivacyConfig(AppConfig):
    """Above every domain app (it reads and removes their records), below the demo data and the settings."""

    name = "privacy"
    verbose_name = "Data protection"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # Deferred: an AppConfig is imported before models may be.
        from accounts.access import Permission
        from accounts.navigation import navigation_register

        navigation_register(
            text="Data protection", url_name="privacy:index", permission=Permission.PROTECT_DATA, order=80
        )
