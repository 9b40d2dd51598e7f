"""National oversight: who is placed and who is not, why homes decline, how long children wait, and beds."""

from django.apps import AppConfig


class OversightConfig(AppConfig):
    """Equity, decline-reason and unmet-demand reports for the unit, analysts and regional commissioners."""

    name = "oversight"
    verbose_name = "Oversight"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # Deferred: an AppConfig is imported before models may be.
        from . import wiring

        wiring.register()
