"""The shared outcome framework: exits, 3/6/12-month checkpoints, indicators and published aggregates."""

from django.apps import AppConfig


class OutcomesConfig(AppConfig):
    """Follow-up of every referred child, placed or not, and disclosure-controlled reporting."""

    name = "outcomes"
    verbose_name = "Outcomes"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from accounts.access import Permission
        from accounts.dashboard import dashboard_cards_register
        from accounts.models import Role
        from accounts.navigation import navigation_register

        from . import dashboard
        from .reporting import wiring

        navigation_register(
            text="Follow-up", url_name="outcomes:checkpoint-list", permission=Permission.RECORD_OUTCOMES
        )
        navigation_register(
            text="Follow-ups", url_name="outcomes:followup-list", permission=Permission.COORDINATE_REFERRALS, order=60
        )
        dashboard_cards_register(roles={Role.LEAVING_CARE_WORKER}, provider=dashboard.leaving_care_cards)
        dashboard_cards_register(roles={Role.HOME_MANAGER}, provider=dashboard.home_cards)
        dashboard_cards_register(roles={Role.COORDINATOR}, provider=dashboard.coordinator_cards, shared_seconds=60)
        wiring.register()
