"""REAL FAULT, multi-host (PostgreSQL + Redis + S3 only): two worker hosts and a web host share the database, the
broker and the S3 server (moto's, TEST_STORAGE=s3) and nothing else.

Each worker host is a `manage.py qcluster` process of its own, with its own PROTECTED_ROOT and scratch folder (no
shared disk); the web host is a separate process that asks for the packs, and this test's own client, which
downloads them through the access-checked view. Packs asked for on the web host are built by either worker and
downloadable there; one worker host is killed with SIGKILL mid-build and every job is then built exactly once more,
by the other.
"""

import hashlib
import os
import signal
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from forms_engine.models import PackJob, Referral
from tests import s3
from tests.factories import SecureHomeFactory
from tests.forms_engine import conftest as forms_fixtures
from tests.forms_engine import test_pack_leases as leases
from tests.forms_engine.conftest import client_for
from tests.forms_engine.test_pack_leases import (
    CLUSTER,
    ON_POSTGRESQL,
    ON_REDIS,
    PACK_FILES,
    REQUEST,
    SWEEP,
    _Jobs,
    _listing,
    _sha,
    _wait_for,
)

# The fixtures this test builds on, under their own names (pytest finds a module's fixtures by name): a submitted
# referral and the q cluster processes (tests/forms_engine/conftest.py), and the kill test's (test_pack_leases.py).
forms_seeded, hampshire, social_worker, officer = (
    forms_fixtures.forms_seeded,
    forms_fixtures.hampshire,
    forms_fixtures.social_worker,
    forms_fixtures.officer,
)
draft, complete_draft = forms_fixtures.draft, forms_fixtures.complete_draft
submitted, coordinator, processes = leases.submitted, leases.coordinator, forms_fixtures.processes

pytestmark = pytest.mark.skipif(
    not (ON_POSTGRESQL and ON_REDIS and s3.wanted()),
    reason="several hosts share PostgreSQL, Redis and S3: DATABASE_URL, REDIS_URL and TEST_STORAGE=s3 run it",
)

HOMES = 6


def _host(tmp_path: Path, name: str) -> dict[str, str]:
    """A host's own disk: its PROTECTED_ROOT and scratch folder, seen by no other process."""
    root, scratch = tmp_path / name / "protected", tmp_path / name / "scratch"
    root.mkdir(parents=True)
    scratch.mkdir()
    return {"LEASES_PROTECTED_ROOT": str(root), "SCRATCH_ROOT": str(scratch), "TMPDIR": str(scratch)}


def _builder_pid(job_id: int) -> int | None:
    """The process id in the lease of a job being built (host:pid:token), or None."""
    owner = PackJob.objects.filter(pk=job_id, state=PackJob.State.RUNNING).values_list("lease_owner", flat=True)
    found = owner.first()
    return int(found.split(":")[1]) if found else None


def _group(pid: int) -> int | None:
    try:
        return os.getpgid(pid)
    except ProcessLookupError:
        return None


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_worker_hosts_and_a_web_host_share_only_the_database_broker_and_bucket(
    submitted: Referral, coordinator: Any, processes: Callable[..., Any], tmp_path: Path
) -> None:
    homes: list[Any] = [SecureHomeFactory(name=f"Home {n}", slug=f"home-{n}") for n in range(HOMES)]
    jobs = _Jobs(tmp_path)
    db = {"LEASES_DB_NAME": jobs.name}
    hosts = {name: _host(tmp_path, name) for name in ("worker-a", "worker-b", "web")}
    clusters = {name: processes(CLUSTER, name, **hosts[name], **db) for name in ("worker-a", "worker-b")}
    asked = {"LEASES_REFERRAL": str(submitted.pk), "LEASES_USER": str(coordinator.pk), **db}
    homes_env = ",".join(str(home.pk) for home in homes)
    assert processes(REQUEST, "web", LEASES_HOMES=homes_env, **hosts["web"], **asked).wait(timeout=60) == 0

    # Kill the host building a pack, as soon as one is being built.
    killed: dict[str, str] = {}

    def a_build_caught() -> bool:
        for row in jobs.rows():
            pid = _builder_pid(row.pk) if row.state == "running" else None
            for name, cluster in clusters.items():
                if pid is not None and _group(pid) == cluster.pid:
                    killed[name] = str(row.pk)
                    return True
        return False

    _wait_for(a_build_caught, 90, "a pack being built on a worker host")
    (victim,) = killed
    os.killpg(clusters[victim].pid, signal.SIGKILL)
    clusters[victim].wait(timeout=30)
    survivor = next(name for name in clusters if name != victim)
    at_kill = {row.pk: row for row in jobs.rows()}
    # Stranded: being built by a process that is gone (the victim's); the survivor's builds go on.
    running = [pk for pk, row in at_kill.items() if row.state == "running"]
    stranded = {pk for pk in running if (pid := _builder_pid(pk)) and _group(pid) != clusters[survivor].pid}
    assert stranded, "the kill caught no build in flight"
    expiry = max(at_kill[pk].lease_expires_at or timezone.now() for pk in stranded)
    sweep = processes(SWEEP, "sweep", LEASES_SWEEP_AT=str(expiry.timestamp() + 0.5), **hosts[survivor], **db)
    assert sweep.wait(timeout=90) == 0
    _wait_for(lambda: all(row.state == "done" for row in jobs.rows()), 120, "every pack done")

    rows = jobs.rows()
    assert len(rows) == HOMES
    for row in rows:
        expected = (2, 1) if row.pk in stranded else (1, 0)  # the killed build and one more, or one build
        assert (row.attempts, row.faults) == expected, (row, sorted(stranded))
        assert _listing(f"packs/{row.pk}") == PACK_FILES, row  # in the shared bucket, no stray temporaries
        assert {name: _sha(f"packs/{row.pk}/{name}") for name in PACK_FILES} == row.files
    for name, host in hosts.items():  # nothing kept on any host's own disk; scratch emptied after each build
        assert list(Path(host["LEASES_PROTECTED_ROOT"]).iterdir()) == [], name
        if name != victim:  # a killed build cleans nothing up: its host's scratch is cleared when it restarts
            assert not list(Path(host["SCRATCH_ROOT"]).glob("pack-*")), name

    # The web host (this test's client, with a PROTECTED_ROOT of its own) serves packs built on the worker hosts.
    connection.close()  # rows the clusters committed, on a fresh connection
    client = client_for(coordinator)
    for row in rows:
        response = client.get(reverse("referrals:pack-download", args=[submitted.pk, row.pk, "pdf"]))
        assert response.status_code == 200
        assert response["Content-Disposition"].startswith("attachment;")
        body = b"".join(response.streaming_content)  # type: ignore[attr-defined]
        assert hashlib.sha256(body).hexdigest() == row.files["pack.pdf"]
