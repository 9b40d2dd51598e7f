from django.apps import AppConfig


class FormsEngineConfig(AppConfig):
    """Form definitions with versions, referrals pinned to a version, and referral packs."""

    name = "forms_engine"
    verbose_name = "Referral forms"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # Deferred: Django imports apps before their models may be imported.
        from accounts.dashboard import dashboard_cards_register
        from accounts.models import Role
        from documents.safety import reportlab_harden

        from . import dashboard

        reportlab_harden()  # process-wide from start-up, not only from the first pack
        dashboard_cards_register(
            roles={Role.SOCIAL_WORKER, Role.SANCTIONING_OFFICER}, provider=dashboard.authority_cards
        )
