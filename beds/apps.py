from django.apps import AppConfig


class BedsConfig(AppConfig):
    """Daily bed declarations by secure homes: approved, available and staffed places."""

    name = "beds"
    verbose_name = "Bed declarations"
    default_auto_field = "django.db.models.BigAutoField"
