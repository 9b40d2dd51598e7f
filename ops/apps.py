from django.apps import AppConfig


class OpsConfig(AppConfig):
    """Health and liveness endpoints for load balancers and monitoring; the notifications outbox."""

    name = "ops"
    verbose_name = "Operations"

    def ready(self) -> None:
        from .workers import worker_signals_connect

        worker_signals_connect()  # a q cluster's workers stop within seconds of SIGTERM (ops/workers.py)
