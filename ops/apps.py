from django.apps import AppConfig


class OpsConfig(AppConfig):
    """Health and liveness endpoints for load balancers and monitoring."""

    name = "ops"
    verbose_name = "Operations"
