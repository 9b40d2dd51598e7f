"""A Redis outage degrades, not fails: with a real Redis of the test's own stopped mid-journey, public and signed-in
pages keep answering, nobody is signed out, /healthz says the queue is down, and queuing work does not fail."""

import shutil
import socket
import subprocess
import time
from collections.abc import Iterator

import pytest
import redis
from django.core.cache import cache
from django.core.management import call_command
from django.test import Client, override_settings
from django_q.brokers.redis_broker import Redis as RedisBroker

from accounts.models import Role
from ops.queue import enqueue
from tests.factories import member, verified_login

pytestmark = pytest.mark.skipif(shutil.which("redis-server") is None, reason="needs Debian's redis-server")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def own_redis() -> Iterator[tuple[str, subprocess.Popen[bytes]]]:
    """A Redis server of this test's own on a free port, so stopping it disturbs nothing else."""
    port = _free_port()
    server = subprocess.Popen(
        ["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
        stdout=subprocess.DEVNULL,
    )
    url = f"redis://127.0.0.1:{port}/0"
    for _ in range(100):
        try:
            redis.Redis.from_url(url).ping()
            break
        except redis.ConnectionError:
            time.sleep(0.05)
    yield url, server
    server.kill()
    server.wait()


def _caches(url: str) -> dict[str, object]:
    return {
        "default": {
            "BACKEND": "config.cache.FailSoftRedisCache",
            "LOCATION": url,
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        },
        "local": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"},
    }


@pytest.mark.django_db
def test_pages_and_sessions_outlive_redis(own_redis: tuple[str, subprocess.Popen[bytes]]) -> None:
    url, server = own_redis
    call_command("seed_demo", "--quiet-logins")
    with override_settings(CACHES=_caches(url), REDIS_URL=url):
        client = Client()
        verified_login(client, member(Role.COORDINATOR))
        assert client.get("/").status_code == 200
        assert client.get("/account/dashboard/").status_code == 200
        cache.set("probe", 1)
        assert cache.get("probe") == 1, "the cache really is this Redis"
        server.kill()
        server.wait()
        started = time.monotonic()
        assert Client().get("/").status_code == 200, "the public site"
        assert client.get("/account/dashboard/").status_code == 200, "still signed in"
        assert client.get("/referrals/submitted/").status_code == 200
        assert time.monotonic() - started < 5, "a dead Redis costs a short timeout, not a long wait"
        assert cache.get("probe") is None
        health = Client().get("/healthz")
        assert health.status_code == 503
        assert health.json()["database"]["status"] == "ok" and health.json()["queue"]["status"] == "error"


def test_queuing_work_while_the_broker_is_away_returns_instead_of_failing(
    own_redis: tuple[str, subprocess.Popen[bytes]],
) -> None:
    url, server = own_redis
    broker = RedisBroker(list_key="outage-test")
    broker.connection = redis.Redis.from_url(url, socket_connect_timeout=0.5, socket_timeout=0.5)
    assert enqueue("math.floor", 1.5, broker=broker, sync=False) is not None
    server.kill()
    server.wait()
    assert enqueue("math.floor", 1.5, broker=broker, sync=False) is None
