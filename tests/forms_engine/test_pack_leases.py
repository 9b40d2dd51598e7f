"""Pack jobs cannot be stranded (issue 19, item 2): the job table, not the broker, is the source of truth.

A worker builds a job only after claiming it (one conditional UPDATE: exactly one of two claims wins); its lease
expires if the worker dies, and the sweeper queues the job again; a job committed but never delivered is sent again;
an error outside the pack (a database error on the final save included) leaves the job queued again or failed with
its reason, never running for good. The last class is a real fault: a q cluster killed with SIGKILL mid-build.
"""

import contextlib
import hashlib
import json
import os
import signal
import sqlite3
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
import time_machine
from django.db import OperationalError, connection
from django.urls import reverse
from django.utils import timezone
from django_q.models import Schedule
from django_q.signals import pre_enqueue

from accounts.models import AuditEvent, Organisation, Role
from forms_engine.models import PackJob, Referral
from forms_engine.packs.identity import template_current
from forms_engine.services import referral_send_for_signature, referral_sign_and_submit
from forms_engine.services.packs import (
    Lease,
    pack_job_claim,
    pack_job_run,
    pack_key,
    pack_lease_seconds,
    pack_prefix,
    packs_request,
    packs_sweep,
)
from forms_engine.tasks import sweep_pack_jobs
from ops import storage
from tests import s3
from tests.factories import SecureHomeFactory, member
from tests.qcluster import ON_REDIS
from tests.threads import race

from .conftest import client_for
from .test_referral_journey import _attach_court_order

PACK_FILES = ["manifest.json", "pack.docx", "pack.pdf"]
ON_POSTGRESQL = connection.vendor == "postgresql"


@pytest.fixture(autouse=True)
def _no_packs_on_disk() -> None:
    """Job ids start again in every test's database, so a folder an earlier test left must not pass for this one's."""
    storage.delete_tree("packs")


@pytest.fixture
def submitted(complete_draft: Referral, social_worker: Any, officer: Any) -> Referral:
    _attach_court_order(complete_draft, social_worker)
    referral_send_for_signature(referral=complete_draft, user=social_worker)
    return referral_sign_and_submit(referral=complete_draft, membership=officer.memberships.get(), job_title="HoS")


@pytest.fixture
def home(db: Any) -> Any:
    return SecureHomeFactory(name="Marydale Lodge", slug="marydale-lodge")


@pytest.fixture
def coordinator(db: Any) -> Any:
    return member(Role.COORDINATOR)


def _sha(key: str) -> str:
    return hashlib.sha256(storage.read_bytes(key)).hexdigest()


def _listing(prefix: str) -> list[str]:
    return sorted(storage.listing(prefix)[1])


def _queued(referral: Referral, home: Organisation, user: Any) -> PackJob:
    """A job committed as queued whose send has not run (inside a test's transaction the on-commit send never does,
    as when the process dies between commit and send, or the broker was away)."""
    job = packs_request(referral=referral, homes=[home], user=user)[0]
    job.refresh_from_db()
    assert (job.state, job.enqueued_at) == (PackJob.State.QUEUED, None)
    return job


def _a_worker_claims_and_dies(job: PackJob) -> Lease:
    """A worker claims the job and is killed before it builds anything: its lease is all that is left."""
    lease = pack_job_claim(job.pk)
    assert lease is not None
    return lease


def _after_the_lease(extra: float = 1.0) -> Any:
    """The clock moved past any lease taken now."""
    return time_machine.travel(timezone.now() + timedelta(seconds=pack_lease_seconds() + extra), tick=True)


@pytest.mark.usefixtures("database_threads_can_share")
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
class TestClaims:
    """Claims are exclusive, on SQLite (a file, as in use) and on PostgreSQL (two threads, two connections)."""

    def test_two_workers_claiming_one_job_at_once_one_wins(
        self, submitted: Referral, home: Organisation, coordinator: Any
    ) -> None:
        """Twenty rounds, a queued job and then one whose lease expired: exactly one lease each time."""
        job = _job(submitted, home, coordinator)
        for round_ in range(20):
            expired = round_ % 2 == 1
            PackJob.objects.filter(pk=job.pk).update(
                state=PackJob.State.RUNNING if expired else PackJob.State.QUEUED,
                lease_owner="gone-host:1:dead" if expired else "",
                lease_expires_at=timezone.now() - timedelta(seconds=1) if expired else None,
                faults=0,
            )
            results = race(lambda: pack_job_claim(job.pk), lambda: pack_job_claim(job.pk))
            leases = [result for result in results if isinstance(result, Lease)]
            assert len(leases) == 1 and sum(map(_refused, results)) == 1, (round_, results)
            job.refresh_from_db()
            assert (job.state, job.lease_owner) == (PackJob.State.RUNNING, leases[0].owner)
        assert job.attempts == 20

    def test_two_coordinators_asking_again_at_once_queue_it_once(
        self, submitted: Referral, home: Organisation, coordinator: Any
    ) -> None:
        """A failed job asked for twice at the same moment is sent to the broker once (ten rounds).

        Each send is counted as django-q2 signals it (pre_enqueue) and then stopped there: the test is about queueing,
        and with the tests' synchronous queue the build would otherwise run inside the racing thread."""
        job = _job(submitted, home, coordinator, state=PackJob.State.FAILED)
        sent: list[int] = []

        def count_and_stop(sender: Any, task: dict, **kwargs: Any) -> None:
            if task["func"] == "forms_engine.tasks.build_pack":
                sent.extend(task["args"])
                raise _Delivered

        pre_enqueue.connect(count_and_stop, dispatch_uid="test-pack-leases")
        try:
            for round_ in range(10):
                PackJob.objects.filter(pk=job.pk).update(state=PackJob.State.FAILED, enqueued_at=None)
                sent.clear()
                results = race(
                    lambda: packs_request(referral=submitted, homes=[home], user=coordinator),
                    lambda: packs_request(referral=submitted, homes=[home], user=coordinator),
                )
                assert sent == [job.pk], (round_, sent, results)
                delivered = [result for result in results if isinstance(result, _Delivered)]
                assert len(delivered) == 1 and sum(map(_refused, results)) == 1, results
        finally:
            pre_enqueue.disconnect(dispatch_uid="test-pack-leases")
        assert PackJob.objects.filter(state=PackJob.State.QUEUED).count() == 1


def _refused(result: Any) -> bool:
    """The loser of a race: nothing claimed (None) or nothing queued (the same jobs back)."""
    return result is None or isinstance(result, list)


class _Delivered(Exception):
    """The message reached the queue (raised by the test's signal receiver to stop the synchronous build)."""


def _job(referral: Referral, home: Organisation, user: Any, **fields: Any) -> PackJob:
    """A job row as packs_request makes it, for the current template."""
    return PackJob.objects.create(
        referral=referral,
        home=home,
        answers_hash=referral.answers_hash,
        template_sha256=template_current(referral.version).sha256,
        issued_at=timezone.now(),
        queued_at=timezone.now(),
        requested_by=user,
        **fields,
    )


@pytest.mark.django_db
class TestTheSweeper:
    """Every minute: running jobs whose lease expired are queued again, queued jobs the broker never got are sent."""

    def test_the_sweep_is_scheduled_every_minute(self) -> None:
        """The schedule is data (a migration); the task reports what it did."""
        schedule = Schedule.objects.get(func="forms_engine.tasks.sweep_pack_jobs")
        assert (schedule.schedule_type, schedule.minutes, schedule.repeats) == (Schedule.MINUTES, 1, -1)
        assert sweep_pack_jobs().startswith("0 queued again after a lost worker, 0 failed")

    def test_an_expired_lease_is_swept_and_built_exactly_once(
        self, submitted: Referral, home: Organisation, coordinator: Any
    ) -> None:
        """Nothing happens while the lease holds; once it expires one sweep rebuilds the job, a second does nothing,
        and a late delivery of the old message is skipped. The dead build's stray files do not survive."""
        job = _queued(submitted, home, coordinator)
        lease = _a_worker_claims_and_dies(job)
        folder = pack_prefix(job)
        storage.store_bytes(f"{folder}/.tmp-abc123.pdf", b"%PDF half")  # what the killed build was writing
        storage.store_bytes(f"{folder}/pack.pdf", b"%PDF old")  # a pack without a manifest
        assert (packs_sweep().requeued, pack_job_claim(job.pk)) == (0, None)  # the lease still holds
        html = client_for(coordinator).get(reverse("referrals:packs", args=[submitted.pk])).content.decode()
        assert '<meta http-equiv="refresh"' in html and "Being built" in html
        with _after_the_lease():
            report = packs_sweep()
            assert (report.requeued, report.sent) == (1, 1)
            job.refresh_from_db()
            assert (job.state, job.attempts, job.faults, job.lease_owner) == (PackJob.State.DONE, 2, 1, "")
            assert packs_sweep() == type(report)(0, 0, 0, 0)
            assert pack_job_run(job_id=job.pk).attempts == 2  # the old message, delivered late: skipped
        assert _listing(folder) == PACK_FILES
        assert {name: _sha(f"{folder}/{name}") for name in PACK_FILES} == job.files
        assert lease.owner.startswith(f"{os.uname().nodename}:{os.getpid()}:")

    def test_a_job_the_broker_never_got_is_sent(
        self, submitted: Referral, home: Organisation, coordinator: Any
    ) -> None:
        """Never sent (committed, then the process died or the broker was away): sent once the grace has passed.
        Sent but lost (the broker, or a cluster that took it and died): sent again after PACK_REDELIVER_SECONDS."""
        job = _queued(submitted, home, coordinator)
        assert packs_sweep().sent == 0  # within the grace: the on-commit send may still be on its way
        with time_machine.travel(timezone.now() + timedelta(seconds=31), tick=True):
            assert packs_sweep().sent == 1
        job.refresh_from_db()
        assert (job.state, job.attempts, job.faults) == (PackJob.State.DONE, 1, 0)

        kyloe: Any = SecureHomeFactory(name="Kyloe House", slug="kyloe-house")
        lost = _queued(submitted, kyloe, coordinator)
        PackJob.objects.filter(pk=lost.pk).update(enqueued_at=timezone.now())  # sent; the message was then lost
        with time_machine.travel(timezone.now() + timedelta(seconds=60), tick=True):
            assert packs_sweep().sent == 0  # it may still be waiting in the broker
        with time_machine.travel(timezone.now() + timedelta(seconds=301), tick=True):
            assert packs_sweep().sent == 1
        lost.refresh_from_db()
        assert (lost.state, lost.attempts) == (PackJob.State.DONE, 1)

    def test_a_worker_lost_three_times_fails_the_job_with_its_reason(
        self, submitted: Referral, home: Organisation, coordinator: Any, django_capture_on_commit_callbacks: Any
    ) -> None:
        """The fault cap (PACK_MAX_FAULTS, 3): a job whose worker is lost twice is claimed a third time by a late
        delivery; when that worker is lost too the sweeper fails it: audited, no pack files left, the reason shown,
        and the page stops refreshing."""
        job = _queued(submitted, home, coordinator)
        folder = pack_prefix(job)
        with time_machine.travel(timezone.now(), tick=True) as clock:
            _a_worker_claims_and_dies(job)
            for lost in (1, 2):
                clock.shift(pack_lease_seconds() + 1)
                _a_worker_claims_and_dies(job)  # an expired lease may be claimed by another delivery: a fault
                job.refresh_from_db()
                assert (job.state, job.faults, job.last_error) == (PackJob.State.RUNNING, lost, "WorkerLost")
            storage.store_bytes(f"{folder}/.tmp-abc123.pdf", b"%PDF half")
            clock.shift(pack_lease_seconds() + 1)
            assert pack_job_claim(job.pk) is None  # at the cap: left for the sweeper
            with django_capture_on_commit_callbacks(execute=True):
                report = packs_sweep()
        job.refresh_from_db()
        assert (report.failed, job.state, job.attempts, job.faults) == (1, PackJob.State.FAILED, 3, 3)
        assert job.last_error_reason.startswith("Gave up after 3 faults; the last: The worker building it (")
        assert _listing(folder) == []
        assert AuditEvent.objects.filter(action="referral.pack_failed", object_id=str(job.pk)).count() == 1
        html = client_for(coordinator).get(reverse("referrals:packs", args=[submitted.pk])).content.decode()
        assert '<meta http-equiv="refresh"' not in html
        assert "Failed" in html and "Gave up after 3 faults" in html and "Ask again to retry." in html

    def test_asking_again_for_a_stuck_job_queues_it_again(
        self, submitted: Referral, home: Organisation, coordinator: Any, django_capture_on_commit_callbacks: Any
    ) -> None:
        """A job a lost worker left running is built on asking again once its lease has expired (not before)."""
        job = _queued(submitted, home, coordinator)
        _a_worker_claims_and_dies(job)
        with django_capture_on_commit_callbacks(execute=True) as callbacks:
            packs_request(referral=submitted, homes=[home], user=coordinator)
        assert callbacks == []  # the lease holds: it may still be being built
        with _after_the_lease():
            with django_capture_on_commit_callbacks(execute=True) as callbacks:
                packs_request(referral=submitted, homes=[home], user=coordinator)
        job.refresh_from_db()
        assert (len(callbacks), job.state, job.attempts, job.faults) == (1, PackJob.State.DONE, 2, 0)


def _marks_done(params: Any) -> bool:
    return PackJob.State.DONE in tuple(params or ())


class _PackJobUpdatesFail:
    """A database fault at the boundary, through Django's own hook (`connection.execute_wrapper`): from the UPDATE of
    forms_engine_packjob that marks a job done, UPDATEs of that table raise OperationalError: that one only
    (once=True) or every one after it too."""

    def __init__(self, *, once: bool) -> None:
        self.once, self.armed, self.failed = once, False, 0

    def __call__(self, execute: Callable[..., Any], sql: str, params: Any, many: bool, context: Any) -> Any:
        if sql.startswith('UPDATE "forms_engine_packjob"'):
            self.armed = self.armed or _marks_done(params)
            if self.armed and not (self.once and self.failed):
                self.failed += 1
                raise OperationalError("server closed the connection unexpectedly")
        return execute(sql, params, many, context)


@pytest.mark.django_db
class TestFaultsOutsideThePack:
    """Whatever fails after the claim, the job ends failed or queued again, with the reason recorded."""

    def test_a_database_error_on_the_final_save_queues_the_job_again(
        self, submitted: Referral, home: Organisation, coordinator: Any
    ) -> None:
        """The files were written, the save failed: queued again (reason recorded, lease released), sent by the
        sweeper after its grace, and rebuilt into the same files."""
        job = _queued(submitted, home, coordinator)
        with connection.execute_wrapper(_PackJobUpdatesFail(once=True)), pytest.raises(OperationalError):
            pack_job_run(job_id=job.pk)
        job.refresh_from_db()
        assert (job.state, job.faults, job.lease_owner, job.last_error) == ("queued", 1, "", "OperationalError")
        assert job.last_error_reason == "OperationalError: server closed the connection unexpectedly"
        first = {name: _sha(pack_key(job, name)) for name in PACK_FILES}
        html = client_for(coordinator).get(reverse("referrals:packs", args=[submitted.pk])).content.decode()
        assert "Being built again after a fault" in html and '<meta http-equiv="refresh"' in html
        with time_machine.travel(timezone.now() + timedelta(seconds=31), tick=True):
            assert packs_sweep().sent == 1
        job.refresh_from_db()
        assert (job.state, job.attempts, job.files) == (PackJob.State.DONE, 2, first)

    def test_a_database_that_stays_away_leaves_the_job_to_its_lease(
        self, submitted: Referral, home: Organisation, coordinator: Any
    ) -> None:
        """Not even the fault could be recorded: the job keeps its lease, which expires, and the sweeper rebuilds it."""
        job = _queued(submitted, home, coordinator)
        with connection.execute_wrapper(_PackJobUpdatesFail(once=False)), pytest.raises(OperationalError):
            pack_job_run(job_id=job.pk)
        job.refresh_from_db()
        assert job.state == PackJob.State.RUNNING and job.lease_expires_at is not None
        with _after_the_lease():
            assert packs_sweep().requeued == 1
        job.refresh_from_db()
        assert (job.state, job.attempts, job.faults) == (PackJob.State.DONE, 2, 1)

    @pytest.mark.skipif(s3.wanted(), reason="a file where a folder should be is the local backend's fault")
    def test_a_write_error_records_why(self, submitted: Referral, home: Organisation, coordinator: Any) -> None:
        """A failed write says which error it was (ENOSPC for a full disk), not only PackRenderError."""
        job = _queued(submitted, home, coordinator)
        folder = Path(storage.protected_storage().path(pack_prefix(job)))
        folder.parent.mkdir(parents=True, exist_ok=True)
        folder.write_bytes(b"")  # a file where the pack's folder should be: the write fails with ENOTDIR
        failed = pack_job_run(job_id=job.pk)
        assert (failed.state, failed.last_error) == (PackJob.State.FAILED, "PackRenderError")
        assert failed.last_error_reason == (
            "PackRenderError: The pack files could not be kept: NotADirectoryError ENOTDIR (Not a directory)"
        )
        assert (failed.lease_owner, failed.lease_expires_at) == ("", None)


@pytest.mark.skipif(not ON_POSTGRESQL, reason="terminates a PostgreSQL backend")
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_connection_terminated_at_the_final_save_queues_the_job_again(
    submitted: Referral, home: Organisation, coordinator: Any
) -> None:
    """A real fault: as the worker sends the final save, another connection terminates its backend
    (pg_terminate_backend). The save fails; the worker reconnects and queues the job again."""
    job = _job(submitted, home, coordinator)
    killer = connection.get_new_connection(connection.get_connection_params())
    killer.autocommit = True
    terminated: list[int] = []

    def terminate_then_execute(execute: Callable[..., Any], sql: str, params: Any, many: bool, context: Any) -> Any:
        if not terminated and sql.startswith('UPDATE "forms_engine_packjob"') and _marks_done(params):
            pid = connection.connection.info.backend_pid
            killer.execute("SELECT pg_terminate_backend(%s)", [pid])
            while killer.execute("SELECT 1 FROM pg_stat_activity WHERE pid = %s", [pid]).fetchone():
                time.sleep(0.01)
            terminated.append(pid)
        return execute(sql, params, many, context)

    try:
        with connection.execute_wrapper(terminate_then_execute), pytest.raises(OperationalError):
            pack_job_run(job_id=job.pk)
    finally:
        killer.close()
    assert terminated
    job.refresh_from_db()
    assert (job.state, job.faults, job.lease_owner, job.last_error) == ("queued", 1, "", "OperationalError")
    assert connection.connection.info.backend_pid != terminated[0]


# The real fault: a q cluster killed with SIGKILL while it builds packs.

BOOTSTRAP = """
import os, sys, time
from pathlib import Path
sys.path.insert(0, os.environ["LEASES_ROOT"])
os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.test"
import config.settings.test as s
s.PROTECTED_ROOT = Path(os.environ["LEASES_PROTECTED_ROOT"])
s.DATABASES["default"]["NAME"] = os.environ["LEASES_DB_NAME"]
s.Q_CLUSTER = {**s.Q_CLUSTER, "sync": False, "name": os.environ["LEASES_CLUSTER"], "workers": 2, "timeout": 90,
               "retry": 120, "scheduler": False, "poll": 0.1, "guard_cycle": 0.2}
s.PACK_WALL_SECONDS, s.PACK_LEASE_MARGIN_SECONDS = 10, 2
s.PACK_SEND_GRACE_SECONDS, s.PACK_REDELIVER_SECONDS = 1, 2
if os.environ.get("LEASES_BROKER_DOWN"):  # a Redis that refuses connections: the broker is down
    s.Q_CLUSTER["redis"] = "redis://127.0.0.1:1/0"
import django
django.setup()
"""
CLUSTER = BOOTSTRAP + "from django.core.management import call_command\ncall_command('qcluster')\n"
REQUEST = (
    BOOTSTRAP
    + """
from django.contrib.auth.models import User
from accounts.models import Organisation
from forms_engine.models import Referral
from forms_engine.services.packs import packs_request
homes = list(Organisation.objects.filter(pk__in=os.environ["LEASES_HOMES"].split(",")).order_by("pk"))
referral = Referral.objects.get(pk=os.environ["LEASES_REFERRAL"])
packs_request(referral=referral, homes=homes, user=User.objects.get(pk=os.environ["LEASES_USER"]))
"""
)
SWEEP = (
    BOOTSTRAP
    + """
time.sleep(max(0.0, float(os.environ["LEASES_SWEEP_AT"]) - time.time()))
from forms_engine.services.packs import packs_sweep
print(packs_sweep())
"""
)


@dataclass
class _Row:
    pk: int
    state: str
    attempts: int
    faults: int
    lease_expires_at: datetime | None
    enqueued_at: datetime | None
    files: dict[str, str]


class _Jobs:
    """The pack jobs as the clusters see them: the test database on PostgreSQL, a file copy of it on SQLite (the
    in-memory test database cannot be shared with other processes)."""

    def __init__(self, folder: Path) -> None:
        self.file = folder / "jobs.sqlite3"
        if ON_POSTGRESQL:
            self.name = str(connection.settings_dict["NAME"])
        else:
            connection.ensure_connection()
            with contextlib.closing(sqlite3.connect(self.file)) as copy:
                connection.connection.backup(copy)
            self.name = str(self.file)

    def rows(self) -> list[_Row]:
        query = (
            "SELECT id, state, attempts, faults, lease_expires_at, enqueued_at, files FROM forms_engine_packjob"
            " ORDER BY id"
        )
        if ON_POSTGRESQL:
            with connection.cursor() as cursor:
                cursor.execute(query)
                found = cursor.fetchall()
        else:
            with contextlib.closing(sqlite3.connect(self.file, timeout=20)) as reader:
                found = reader.execute(query).fetchall()
        return [
            _Row(pk, state, attempts, faults, self._when(expires), self._when(enqueued), self._json(files))
            for (pk, state, attempts, faults, expires, enqueued, files) in found
        ]

    @staticmethod
    def _when(value: Any) -> datetime | None:
        if value is None or isinstance(value, datetime):
            return value
        return datetime.fromisoformat(value).replace(tzinfo=UTC)

    @staticmethod
    def _json(value: Any) -> dict[str, str]:
        return json.loads(value) if isinstance(value, str) else dict(value or {})


def _wait_for(condition: Callable[[], bool], timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.05)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
class TestAKilledClusterStrandsNothing:
    """REAL FAULT, about 40-60 s: real `qcluster` processes on the test database (PostgreSQL with the Redis broker,
    or a file copy of the SQLite test database with the ORM broker); one is killed with SIGKILL (its whole process
    group: main process, workers and their confined pack children) while it builds; another is started; the sweeper
    runs once the dead worker's leases have expired. Every job ends done exactly once, with its files. With Redis,
    packs asked for while the broker is down (for the asking process) are kept, and sent by the sweeper."""

    HOMES = 8

    def test_sigkill_mid_build_then_another_cluster(
        self, submitted: Referral, coordinator: Any, processes: Callable[..., Any], tmp_path: Path
    ) -> None:
        homes: list[Any] = [SecureHomeFactory(name=f"Home {n}", slug=f"home-{n}") for n in range(self.HOMES)]
        # With Redis, two more homes are asked for while the broker is down for the asking process: their jobs are
        # committed but not sent, and the sweeper sends them.
        unsent_homes: list[Any] = [SecureHomeFactory(slug=f"home-asked-in-an-outage-{n}") for n in range(2)]
        jobs = _Jobs(tmp_path)
        db = {"LEASES_DB_NAME": jobs.name}
        cluster_a = processes(CLUSTER, "cluster-a", **db)
        asked = {"LEASES_REFERRAL": str(submitted.pk), "LEASES_USER": str(coordinator.pk), **db}
        requesters = [processes(REQUEST, "request", LEASES_HOMES=",".join(str(h.pk) for h in homes), **asked)]
        if ON_REDIS:
            unsent = ",".join(str(home.pk) for home in unsent_homes)
            requesters.append(
                processes(REQUEST, "request-outage", LEASES_HOMES=unsent, LEASES_BROKER_DOWN="1", **asked)
            )
        assert [requester.wait(timeout=60) for requester in requesters] == [0] * len(requesters)
        never_sent = {row.pk for row in jobs.rows() if row.enqueued_at is None}
        assert len(never_sent) == (2 if ON_REDIS else 0), jobs.rows()
        if ON_REDIS:
            assert "not sent to the broker" in (tmp_path / "request-outage.log").read_text()
        _wait_for(lambda: any(row.state == "running" for row in jobs.rows()), 60, "a pack being built")
        os.killpg(cluster_a.pid, signal.SIGKILL)
        cluster_a.wait(timeout=30)
        at_kill = {row.pk: row for row in jobs.rows()}
        stranded = {pk for pk, row in at_kill.items() if row.state == "running"}
        assert stranded, "the kill caught no build in flight"
        expiry = max(at_kill[pk].lease_expires_at or timezone.now() for pk in stranded)

        processes(CLUSTER, "cluster-b", **db)  # the surviving capacity: it builds what the broker still holds
        sweeper = processes(SWEEP, "sweep", LEASES_SWEEP_AT=str(expiry.timestamp() + 0.5), **db)
        assert sweeper.wait(timeout=90) == 0
        _wait_for(lambda: all(row.state == "done" for row in jobs.rows()), 90, "every pack done")

        assert len(jobs.rows()) == self.HOMES + len(never_sent)
        for row in jobs.rows():
            folder = f"packs/{row.pk}"
            assert _listing(folder) == PACK_FILES, row  # no stray .tmp-* files
            assert {name: _sha(f"{folder}/{name}") for name in PACK_FILES} == row.files
            expected = (2, 1) if row.pk in stranded else (1, 0)  # the killed build, then one more; else one
            assert (row.attempts, row.faults) == expected, (row, sorted(stranded))
        log = (tmp_path / "sweep.log").read_text()
        assert f"{len(stranded)} queued again after a lost worker" in log, log
