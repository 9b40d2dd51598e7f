from django.apps import AppConfig


class FormsEngineConfig(AppConfig):
    """Form definitions with versions, referrals pinned to a version, and referral packs."""

    name = "forms_engine"
    verbose_name = "Referral forms"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from .packs.safety import reportlab_harden

        reportlab_harden()  # process-wide from start-up, not only from the first pack
