"""GET /healthz and GET /livez."""

import pytest
from django.db.utils import ConnectionHandler
from django.test import Client, override_settings

from ops.health import database_check, queue_check


@pytest.mark.django_db
class TestHealthz:
    """The readiness endpoint reports the database and the queue."""

    def test_healthy_service_answers_200_with_both_checks(self) -> None:
        """Database and queue broker both answer."""
        response = Client().get("/healthz")
        assert response.status_code == 200
        body = response.json()
        assert body["status"] == "ok"
        assert body["database"]["status"] == "ok"
        assert body["queue"]["status"] == "ok"

    def test_unreachable_queue_broker_answers_503(self) -> None:
        """Redis that does not answer makes the service unhealthy, without leaking its address."""
        with override_settings(REDIS_URL="redis://127.0.0.1:1/0"):
            response = Client().get("/healthz")
        assert response.status_code == 503
        body = response.json()
        assert body["status"] == "error"
        assert body["queue"] == {"status": "error", "detail": "ConnectionError"}
        assert "127.0.0.1" not in response.content.decode()


@pytest.mark.django_db
class TestDatabaseCheck:
    """The database part of the health check."""

    def test_unopenable_database_is_reported_as_an_error(self) -> None:
        """A database that cannot be opened gives an error status, not an exception."""
        handler = ConnectionHandler(
            {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": "/nonexistent-dir/health.sqlite3"}}
        )
        check = database_check(handler["default"])
        assert (check.status, check.detail) == ("error", "OperationalError")
        assert queue_check(redis_url="", connection=handler["default"]).status == "error"


class TestLivez:
    """The liveness endpoint."""

    def test_answers_ok_as_plain_text(self) -> None:
        """Nothing but the process is involved."""
        response = Client().get("/livez")
        assert (response.status_code, response.content) == (200, b"ok")
