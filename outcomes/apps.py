from django.apps import AppConfig


class OutcomesConfig(AppConfig):
    """Follow-up of every referred child, placed or not, and disclosure-controlled reporting."""

    name = "outcomes"
    verbose_name = "Outcomes"
    default_auto_field = "django.db.models.BigAutoField"
