from django.apps import AppConfig


class CoordinationConfig(AppConfig):
    """The coordination unit's oversight: dashboard, upkeep of open searches, Ofsted notifications, figures."""

    name = "coordination"
    verbose_name = "Coordination"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # Deferred: an AppConfig is imported before models may be.
        from accounts.access import Permission
        from accounts.dashboard import dashboard_cards_register
        from accounts.models import Role
        from accounts.navigation import navigation_register
        from circulation.events import search_closed

        from . import receivers
        from .cards import coordinator_cards, home_cards, local_authority_cards

        navigation_register(
            text="Coordination", url_name="coordination:dashboard", permission=Permission.COORDINATE_REFERRALS, order=5
        )
        dashboard_cards_register(roles={Role.COORDINATOR}, provider=coordinator_cards, shared_seconds=60)
        dashboard_cards_register(roles={Role.SOCIAL_WORKER, Role.SANCTIONING_OFFICER}, provider=local_authority_cards)
        dashboard_cards_register(roles={Role.HOME_MANAGER}, provider=home_cards)
        search_closed.connect(receivers.on_search_closed, dispatch_uid="coordination.on_search_closed")
