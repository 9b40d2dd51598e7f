from django.apps import AppConfig


class LibertyConfig(AppConfig):
    """Liberty safeguards: orders restricting a referred child's liberty, their clocks, reviews and notices."""

    name = "liberty"
    verbose_name = "Liberty safeguards"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # Deferred: an AppConfig is imported before models may be.
        from accounts.dashboard import dashboard_cards_register
        from accounts.models import Role

        from . import dashboard

        dashboard_cards_register(roles={Role.COORDINATOR}, provider=dashboard.coordinator_cards)
        dashboard_cards_register(
            roles={Role.SOCIAL_WORKER, Role.SANCTIONING_OFFICER}, provider=dashboard.authority_cards
        )
        dashboard_cards_register(roles={Role.HOME_MANAGER}, provider=dashboard.home_cards)
