"""The shared outcome framework: exits, 3/6/12-month checkpoints, indicators and published aggregates."""

from django.apps import AppConfig


class OutcomesConfig(AppConfig):
    """Follow-up of every referred child, placed or not, and disclosure-controlled reporting."""

    name = "outcomes"
    verbose_name = "Outcomes"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # Deferred: an AppConfig is imported before models may be.
        from accounts.access import Permission
        from accounts.dashboard import dashboard_cards_register
        from accounts.models import Role
        from accounts.navigation import navigation_register
        from circulation.events import placement_confirmed, search_closed
        from liberty.events import order_recorded

        from . import dashboard, receivers
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
        search_closed.connect(receivers.on_search_closed, dispatch_uid="outcomes.on_search_closed")
        placement_confirmed.connect(receivers.on_placement_confirmed, dispatch_uid="outcomes.on_placement_confirmed")
        order_recorded.connect(receivers.on_liberty_order_recorded, dispatch_uid="outcomes.on_liberty_order_recorded")
