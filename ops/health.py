"""Health checks: can we reach the database, and can we reach the job queue's broker?"""

from dataclasses import asdict, dataclass
from typing import Any

import redis
from django.db import DatabaseError
from django.db.backends.base.base import BaseDatabaseWrapper


@dataclass(frozen=True)
class Check:
    """One component's state; detail names the failure class only, never connection strings."""

    status: str
    detail: str = ""

    @property
    def ok(self) -> bool:
        return self.status == "ok"


def database_check(connection: BaseDatabaseWrapper) -> Check:
    """Run SELECT 1 on the connection."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError as exc:
        return Check("error", type(exc).__name__)
    return Check("ok", connection.vendor)


def queue_check(*, redis_url: str, connection: BaseDatabaseWrapper) -> Check:
    """Ping Redis when it is the broker; otherwise the ORM broker lives in the database, so read its table."""
    if redis_url:
        try:
            redis.Redis.from_url(redis_url, socket_connect_timeout=2, socket_timeout=2).ping()
        except redis.RedisError as exc:
            return Check("error", type(exc).__name__)
        return Check("ok", "redis")
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT COUNT(*) FROM django_q_ormq")
            cursor.fetchone()
    except DatabaseError as exc:
        return Check("error", type(exc).__name__)
    return Check("ok", "orm")


def health_report(*, connection: BaseDatabaseWrapper, redis_url: str) -> tuple[bool, dict[str, Any]]:
    """Both checks, and whether the service as a whole is healthy."""
    checks = {"database": database_check(connection), "queue": queue_check(redis_url=redis_url, connection=connection)}
    healthy = all(check.ok for check in checks.values())
    return healthy, {"status": "ok" if healthy else "error", **{name: asdict(c) for name, c in checks.items()}}
