"""Real q-cluster processes for the tests that stop or kill them (tests/forms_engine/test_pack_leases.py,
test_cluster_stop.py): each a Python snippet in its own process group, on one q cluster name per test."""

import os
import signal
import subprocess
import sys
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

from django.conf import settings

ROOT = Path(__file__).resolve().parents[1]
ON_REDIS = bool(os.environ.get("REDIS_URL"))  # then the q clusters use the Redis broker (config/settings/base.py)


def group_alive(pgid: int) -> bool:
    """Whether any process of the process group is left (a cluster's sentinel, workers or confined children)."""
    try:
        os.killpg(pgid, 0)
    except ProcessLookupError:
        return False
    return True


def cluster_processes(tmp_path: Path) -> Iterator[Callable[..., subprocess.Popen[bytes]]]:
    """start(code, name, **env): a Python process running code (BOOTSTRAP first) in its own process group, logging
    to tmp_path/<name>.log, on one q cluster name shared by the test's processes; all killed at the end."""
    started: list[subprocess.Popen[bytes]] = []
    cluster = f"test-q-{uuid.uuid4().hex[:8]}"

    def start(code: str, name: str, **extra: str) -> subprocess.Popen[bytes]:
        env = {
            **os.environ,
            "LEASES_ROOT": str(ROOT),
            "LEASES_PROTECTED_ROOT": str(settings.PROTECTED_ROOT),
            "LEASES_CLUSTER": cluster,
            "TMPDIR": str(tmp_path),
            **extra,
        }
        log = (tmp_path / f"{name}.log").open("wb")
        process = subprocess.Popen(
            [sys.executable, "-c", code],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        started.append(process)
        return process

    yield start
    for process in started:
        if group_alive(process.pid):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=30)
    if ON_REDIS:
        import redis

        redis.Redis.from_url(os.environ["REDIS_URL"]).delete(cluster)
