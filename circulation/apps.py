from django.apps import AppConfig


class CirculationConfig(AppConfig):
    """Circulating submitted referrals to homes, their decisions, one placement, upkeep and closure."""

    name = "circulation"
    verbose_name = "Circulation"
    default_auto_field = "django.db.models.BigAutoField"
