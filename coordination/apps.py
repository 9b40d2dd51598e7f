from django.apps import AppConfig


class CoordinationConfig(AppConfig):
    """The coordination unit's oversight: dashboard, upkeep of open searches, Ofsted notifications, figures."""

    name = "coordination"
    verbose_name = "Coordination"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from accounts.access import Permission
        from accounts.dashboard import dashboard_cards_register
        from accounts.models import Role
        from accounts.navigation import navigation_register

        from .cards import coordinator_cards, home_cards, local_authority_cards

        navigation_register(
            text="Coordination", url_name="coordination:dashboard", permission=Permission.COORDINATE_REFERRALS, order=5
        )
        dashboard_cards_register(roles={Role.COORDINATOR}, provider=coordinator_cards, shared_seconds=60)
        dashboard_cards_register(roles={Role.SOCIAL_WORKER, Role.SANCTIONING_OFFICER}, provider=local_authority_cards)
        dashboard_cards_register(roles={Role.HOME_MANAGER}, provider=home_cards)
