from django.apps import AppConfig


class CirculationConfig(AppConfig):
    """Circulating submitted referrals to homes, their decisions, one placement, upkeep and closure."""

    name = "circulation"
    verbose_name = "Circulation"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # Deferred: an AppConfig is imported before models may be.
        from accounts.access import Permission
        from accounts.dashboard import dashboard_cards_register
        from accounts.models import Role
        from accounts.navigation import navigation_register
        from forms_engine.events import referral_amended
        from forms_engine.stages import stage_provider_register

        from . import dashboard, receivers, stages

        referral_amended.connect(receivers.on_referral_amended, dispatch_uid="circulation.on_referral_amended")
        stage_provider_register(stages.referral_stages)  # where a referral is after submission (forms_engine/stages.py)

        navigation_register(
            text="Inbox", url_name="circulation:inbox", permission=Permission.DECIDE_REFERRALS, order=20
        )
        navigation_register(
            text="Searches", url_name="circulation:searches", permission=Permission.COORDINATE_REFERRALS, order=30
        )
        navigation_register(
            text="Searches", url_name="circulation:searches", permission=Permission.START_REFERRAL, order=30
        )
        dashboard_cards_register(roles={Role.HOME_MANAGER}, provider=dashboard.home_cards)
        dashboard_cards_register(
            roles={Role.SOCIAL_WORKER, Role.SANCTIONING_OFFICER}, provider=dashboard.authority_cards
        )
        dashboard_cards_register(roles={Role.COORDINATOR}, provider=dashboard.coordinator_cards, shared_seconds=60)
