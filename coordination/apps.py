from django.apps import AppConfig


class CoordinationConfig(AppConfig):
    """The coordination unit's oversight: dashboard, upkeep of open searches, Ofsted notifications, figures."""

    name = "coordination"
    verbose_name = "Coordination"
    default_auto_field = "django.db.models.BigAutoField"
