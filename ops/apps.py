from django.apps import AppConfig


class OpsConfig(AppConfig):
    """Health and liveness endpoints for load balancers and monitoring; the notifications outbox."""

    name = "ops"
    verbose_name = "Operations"
