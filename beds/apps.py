from django.apps import AppConfig


class BedsConfig(AppConfig):
    """Daily bed declarations by secure homes: approved, available and staffed places."""

    name = "beds"
    verbose_name = "Bed declarations"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # Deferred: an AppConfig is imported before models may be.
        from accounts.access import Permission
        from accounts.dashboard import dashboard_cards_register
        from accounts.models import Role
        from accounts.navigation import navigation_register

        from .dashboard import coordinator_cards, manager_cards

        navigation_register(text="Beds", url_name="beds:declare", permission=Permission.DECLARE_BEDS, order=20)
        navigation_register(
            text="Beds today", url_name="beds:today", permission=Permission.COORDINATE_REFERRALS, order=20
        )
        dashboard_cards_register(roles={Role.HOME_MANAGER}, provider=manager_cards)
        dashboard_cards_register(roles={Role.COORDINATOR}, provider=coordinator_cards, shared_seconds=60)
