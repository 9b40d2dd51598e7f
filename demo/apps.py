from django.apps import AppConfig


class DemoConfig(AppConfig):
    """Synthetic organisations, people, referrals and outcomes for trying the service; never a child's real data."""

    name = "demo"
    verbose_name = "Demo data"
