"""Pack jobs: requested for a submitted referral and homes, built by django-q2 after commit, safe to retry.

The job table is the source of truth, not the broker (docs/forms_engine.md, "Job leases and the sweeper"):

- the row is the message: a job is committed `queued`, and only then sent to the broker (`enqueued_at` says when;
  empty when the broker could not be reached);
- a worker builds a job only after claiming it with one conditional UPDATE (queued, or running with an expired
  lease → running with its own lease), so two deliveries of one job never build it twice at once;
- the lease lasts the confined child's wall-clock limit plus a margin, renewed just before the child starts;
- any exception outside the pack (a database error on the final save included) releases the job back to `queued`
  or, after `PACK_MAX_FAULTS` faults, fails it with the reason recorded; a worker killed outright leaves its lease
  to expire;
- the sweeper (`packs_sweep`, every minute) queues again running jobs whose lease expired and sends again queued
  jobs the broker never got.
"""

import contextlib
import logging
import os
import secrets
import socket
import time
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import partial
from pathlib import Path

from django.conf import settings
from django.contrib.auth.models import User
from django.db import DatabaseError, connection, transaction
from django.db.models import CharField, F, PositiveSmallIntegerField, Q, QuerySet, Value, When
from django.db.models.expressions import Case
from django.utils import timezone
from django_q.conf import Conf
from django_q.tasks import async_task

from accounts.models import AuditEvent, Organisation
from accounts.services import audit_record
from ops import storage
from ops.workers import WorkerStopping

from ..models import PackJob, Referral
from ..packs import PackError, pack_render
from ..packs.child import pack_limits
from ..packs.errors import PackRenderError
from ..packs.identity import template_current, template_pinned
from ..packs.service import PackResult, pack_write_failure
from .amendments import effective_answers_hash
from .referrals import ReferralNotReady

logger = logging.getLogger(__name__)

BUILD_TASK = "forms_engine.tasks.build_pack"
# Defaults of the settings that tune leases and the sweeper (each may be set in the settings).
LEASE_MARGIN_SECONDS = 60  # PACK_LEASE_MARGIN_SECONDS: beyond the child's wall clock, for reading and saving
MAX_FAULTS = 3  # PACK_MAX_FAULTS: lost workers or errors outside the pack before a job is failed
SEND_GRACE_SECONDS = 30  # PACK_SEND_GRACE_SECONDS: a queued job not sent for this long is sent by the sweeper
REDELIVER_SECONDS = 300  # PACK_REDELIVER_SECONDS: a job sent this long ago and still queued is sent again
WORKER_LOST = "WorkerLost"
_RETRY_PAUSES = (0.0, 0.5, 2.0)  # recording a fault: a database hiccup often passes within a second or two


class TemplateChanged(PackError):
    """The template pinned when the pack was requested is no longer on file: ask again for a pack."""


class LeaseLost(Exception):
    """This worker's claim on the job ended (it expired and another worker claimed it, or the job was destroyed)."""


def _setting(name: str, default: float) -> float:
    return float(getattr(settings, name, default))


def pack_lease_seconds() -> float:
    """How long a claim lasts: the confined child's wall-clock limit (PACK_WALL_SECONDS) plus the margin."""
    return pack_limits().wall_seconds + _setting("PACK_LEASE_MARGIN_SECONDS", LEASE_MARGIN_SECONDS)


def _max_faults() -> int:
    return int(_setting("PACK_MAX_FAULTS", MAX_FAULTS))


def worker_id() -> str:
    """This process, as a lease names it: host and process id."""
    return f"{socket.gethostname()}:{os.getpid()}"


def pack_prefix(job: PackJob) -> str:
    """Where a job's files are kept in the protected storage, served only through an access-checked view."""
    return f"packs/{job.pk}"


def pack_key(job: PackJob, name: str) -> str:
    """The storage key of one of a job's files (pack.docx, pack.pdf, manifest.json)."""
    return f"{pack_prefix(job)}/{Path(name).name}"


def pack_files_store(job: PackJob, result: PackResult) -> None:
    """Keep a build's files (rendered in a scratch folder on this machine) in the protected storage, the manifest
    last: a manifest means the pack is complete. Temporaries an earlier, killed write left are removed first."""
    pack_files_unstore(job, temporaries_only=True)
    folder = result.manifest_path.parent
    names = [result.docx_path.name, result.pdf_path.name, result.manifest_path.name]
    try:
        storage.store_files(pack_prefix(job), folder, names)
    except OSError as error:  # a full disk, an unreachable bucket: the failed job records which
        pack_files_unstore(job)
        raise PackRenderError(f"The pack files could not be kept: {pack_write_failure(error)}") from error


def pack_files_unstore(job: PackJob, *, temporaries_only: bool = False) -> None:
    """Remove a job's kept files (or only the temporaries of local writes that never finished)."""
    for name in storage.listing(pack_prefix(job))[1]:
        if not temporaries_only or name.startswith(".tmp-"):
            storage.delete_quietly(f"{pack_prefix(job)}/{name}")


def _lease_expired(now: datetime) -> Q:
    """Running, but nobody holds it: the lease ran out (or predates leases)."""
    return Q(state=PackJob.State.RUNNING) & (Q(lease_expires_at__lt=now) | Q(lease_expires_at__isnull=True))


def _undelivered(now: datetime, *, redeliver_seconds: float) -> Q:
    """Queued, and either never sent (the broker was away, or the process died between commit and send) for longer
    than the grace, or sent so long ago that the broker (or a cluster that took it and died) must have lost it."""
    grace = now - timedelta(seconds=_setting("PACK_SEND_GRACE_SECONDS", SEND_GRACE_SECONDS))
    never_sent = Q(enqueued_at__isnull=True) & (Q(queued_at__lt=grace) | Q(queued_at__isnull=True))
    lost = Q(enqueued_at__lt=now - timedelta(seconds=redeliver_seconds))
    return Q(state=PackJob.State.QUEUED) & (never_sent | lost)


def _lease_released() -> dict[str, object]:
    return {"lease_owner": "", "lease_expires_at": None}


def _reason(error: BaseException) -> str:
    """What a job records of an error: its class and the first line of its message (a PackError's message is safe
    to store; a database error's first line names the failure, not the data)."""
    lines = str(error).strip().splitlines()
    return (f"{type(error).__name__}: {lines[0]}" if lines else type(error).__name__)[:300]


# Sending: the row is the message, the broker only carries the nudge.


def pack_job_send(job_id: int) -> bool:
    """Send a queued job to the broker; False (logged, never raised) when it cannot be sent: the sweeper sends it."""
    waiting = PackJob.objects.filter(pk=job_id, state=PackJob.State.QUEUED)
    if Conf.SYNC:  # tests: the task runs here and now, and its errors are the caller's to see
        waiting.update(enqueued_at=timezone.now())
        async_task(BUILD_TASK, job_id)
        return True
    try:
        waiting.update(enqueued_at=timezone.now())
        async_task(BUILD_TASK, job_id)
    except Exception as error:  # noqa: BLE001 - a broker or database outage must not fail the request asking
        logger.warning("Pack job %s not sent to the broker (%s); the sweeper sends it later", job_id, _reason(error))
        with contextlib.suppress(DatabaseError):  # if this fails too, it is sent again after PACK_REDELIVER_SECONDS
            waiting.update(enqueued_at=None)
        return False
    return True


@transaction.atomic
def packs_request(*, referral: Referral, homes: list[Organisation], user: User) -> list[PackJob]:
    """One job per home, pinned to the referral's effective answers (submitted answers and amendments) and the
    template as they are now; sent after commit.

    Asking again for the same inputs returns the same job, so nothing is built twice: a finished job or one being
    built is left alone; a failed or destroyed one, one whose worker was lost (lease expired) and one the broker
    never delivered are queued again (one conditional UPDATE, so two coordinators asking at once queue it once).
    """
    if referral.status != Referral.Status.SUBMITTED:
        raise ReferralNotReady(["Packs can only be made from a submitted referral"])
    template_sha = template_current(referral.version).sha256
    answers_hash = effective_answers_hash(referral)  # a correction after submission makes a new pack
    now = timezone.now()
    again = (
        Q(state__in=[PackJob.State.FAILED, PackJob.State.DESTROYED])
        | _lease_expired(now)
        | _undelivered(now, redeliver_seconds=_setting("PACK_SEND_GRACE_SECONDS", SEND_GRACE_SECONDS))
    )
    jobs = []
    for home in homes:
        job, created = PackJob.objects.get_or_create(
            referral=referral,
            home=home,
            answers_hash=answers_hash,
            template_sha256=template_sha,
            defaults={"issued_at": now, "requested_by": user, "queued_at": now},
        )
        queued = created or PackJob.objects.filter(again, pk=job.pk).update(
            state=PackJob.State.QUEUED,
            last_error="",
            last_error_reason="",
            faults=0,
            queued_at=now,
            enqueued_at=None,
            **_lease_released(),
        )
        if queued:
            transaction.on_commit(partial(pack_job_send, job.pk))
        jobs.append(job)
    audit_record(actor=user, action="referral.packs_request", outcome=AuditEvent.Outcome.SUCCEEDED, obj=referral)
    return jobs


# Building: claim, build, record; any fault releases the claim.


@dataclass(frozen=True)
class Lease:
    """One worker's claim on one job: `owner` is the worker and a token of this claim."""

    job_id: int
    owner: str

    def held(self) -> QuerySet[PackJob]:
        """The job, while this claim holds it."""
        return PackJob.objects.filter(pk=self.job_id, lease_owner=self.owner, state=PackJob.State.RUNNING)

    def renew(self) -> None:
        """Extend the lease by pack_lease_seconds() from now; LeaseLost if this worker no longer holds it."""
        now = timezone.now()
        expires = now + timedelta(seconds=pack_lease_seconds())
        if not self.held().update(heartbeat_at=now, lease_expires_at=expires):
            raise LeaseLost(f"pack job {self.job_id} is no longer leased to {self.owner}")


def pack_job_claim(job_id: int) -> Lease | None:
    """Claim the job for this worker, or None: it is done, failed, destroyed or leased to a live worker.

    One conditional UPDATE: of two workers claiming at once exactly one changes the row (PostgreSQL re-checks the
    condition on the row the other committed; SQLite runs one write at a time). A job whose lease expired counts a
    fault, and one already at the fault cap is left for the sweeper to fail.
    """
    now = timezone.now()
    owner = f"{worker_id()}:{secrets.token_hex(4)}"
    was_running = When(state=PackJob.State.RUNNING, then=F("faults") + 1)
    claimable = Q(state=PackJob.State.QUEUED) | (_lease_expired(now) & Q(faults__lt=_max_faults() - 1))
    claimed = PackJob.objects.filter(claimable, pk=job_id).update(
        state=PackJob.State.RUNNING,
        lease_owner=owner,
        lease_expires_at=now + timedelta(seconds=pack_lease_seconds()),
        heartbeat_at=now,
        attempts=F("attempts") + 1,
        faults=Case(was_running, default=F("faults"), output_field=PositiveSmallIntegerField()),
        last_error=Case(
            When(state=PackJob.State.RUNNING, then=Value(WORKER_LOST)),
            default=F("last_error"),
            output_field=CharField(),
        ),
    )
    return Lease(job_id, owner) if claimed else None


def pack_job_run(*, job_id: int) -> PackJob:
    """Build one job's pack if this worker can claim it; a job it cannot claim (done, or being built) is left alone.

    Whatever goes wrong, the job does not stay running: a pack error fails it, anything else (a database error on
    the final save, a lost connection, a bug) releases it to be built again or, at the fault cap, fails it.
    """
    lease = pack_job_claim(job_id)
    if lease is None:
        return PackJob.objects.get(pk=job_id)
    try:
        return _job_build(lease)
    except LeaseLost:
        logger.warning("Pack job %s: lease lost before the build started; left to its new holder", job_id)
        return PackJob.objects.get(pk=job_id)
    except BaseException as error:
        _job_fault(lease, error)
        raise


def _job_build(lease: Lease) -> PackJob:
    job = PackJob.objects.select_related("referral__version", "referral__local_authority", "home").get(pk=lease.job_id)
    try:
        template = template_pinned(job.referral.version, job.template_sha256)
        if template is None:
            raise TemplateChanged(job.referral.version.label)
        with storage.scratch_folder("pack-") as scratch:  # rendered on this machine, then kept in the storage
            result = pack_render(
                referral=job.referral,
                home=job.home,
                out_dir=scratch,
                issued_at=job.issued_at,
                template=template,
                heartbeat=lease.renew,
                answers_hash=job.answers_hash,
            )
            pack_files_store(job, result)
    except PackError as error:
        return _job_failed(lease, job, error)
    with transaction.atomic():  # a savepoint when called inside a transaction, so a failure leaves it usable
        saved = lease.held().update(
            state=PackJob.State.DONE,
            pack_id=result.pack_id,
            pdf_pages=result.pdf_pages,
            files=dict(result.sha256),
            finished_at=timezone.now(),
            last_error="",
            last_error_reason="",
            **_lease_released(),
        )
    job.refresh_from_db()
    if not saved and job.state == PackJob.State.DESTROYED:  # destroyed under the retention schedule meanwhile
        pack_files_unstore(job)
    return job


def _job_failed(lease: Lease, job: PackJob, error: PackError) -> PackJob:
    """Record the failure on the job (its kind, and its message: safe to store) and audit it."""
    with transaction.atomic():
        failed = lease.held().update(
            state=PackJob.State.FAILED,
            last_error=type(error).__name__,
            last_error_reason=_reason(error),
            finished_at=timezone.now(),
            **_lease_released(),
        )
        if failed:
            audit_record(
                actor=job.requested_by,
                action="referral.pack_failed",
                outcome=AuditEvent.Outcome.FAILED,
                obj=job,
                recipient=job.home,
            )
    job.refresh_from_db()
    return job


def _connection_reset_if_broken() -> None:
    """After a lost connection, start the next query on a new one (outside a transaction: inside one, the caller's
    transaction owns the connection)."""
    if not connection.in_atomic_block and connection.connection is not None and not connection.is_usable():
        connection.close()


def _job_fault(lease: Lease, error: BaseException) -> None:
    """Release a claim after an error outside the pack: queued again (sent by the sweeper after its grace, a natural
    pause for a database hiccup) or failed at the fault cap. If even that cannot be recorded, the lease expires and
    the sweeper does it. A worker stopped (SIGTERM, a timeout) releases the job without counting a fault; one
    stopped with its cluster (ops/workers.py) sends it to the broker at once, for another cluster to build."""
    counted = isinstance(error, Exception)
    stopped = isinstance(error, WorkerStopping)
    for pause in _RETRY_PAUSES:
        time.sleep(pause)
        try:
            _connection_reset_if_broken()
            with transaction.atomic():
                held = lease.held().select_for_update(of=("self",))
                job = held.select_related("referral__local_authority", "home").first()
                if job is not None:
                    _fault_record(job, type(error).__name__, _reason(error), counted=counted)
                    if stopped and job.state == PackJob.State.QUEUED:
                        transaction.on_commit(partial(pack_job_send, job.pk))
            return
        except DatabaseError as again:
            logger.warning("Pack job %s: the fault could not be recorded yet (%s)", lease.job_id, _reason(again))
    logger.error("Pack job %s left to its lease: the sweeper queues it again once it expires", lease.job_id)


def _fault_record(job: PackJob, kind: str, reason: str, *, counted: bool) -> None:
    """Queue the job again, or fail it (audited, files removed after commit) once it reached the fault cap."""
    now = timezone.now()
    job.faults += 1 if counted else 0
    job.last_error, job.lease_owner, job.lease_expires_at = kind, "", None
    fields = ["state", "faults", "last_error", "last_error_reason", "lease_owner", "lease_expires_at"]
    if job.faults >= _max_faults():
        job.state, job.finished_at = PackJob.State.FAILED, now
        job.last_error_reason = f"Gave up after {job.faults} faults; the last: {reason}"[:300]
        job.save(update_fields=[*fields, "finished_at"])
        audit_record(
            actor=job.requested_by,
            action="referral.pack_failed",
            outcome=AuditEvent.Outcome.FAILED,
            obj=job,
            recipient=job.home,
        )
        transaction.on_commit(partial(pack_files_unstore, job))
        return
    job.state, job.last_error_reason, job.queued_at, job.enqueued_at = PackJob.State.QUEUED, reason, now, None
    job.save(update_fields=[*fields, "queued_at", "enqueued_at"])


# Sweeping: the retry of what a lost worker or a lost message stranded.


@dataclass(frozen=True)
class SweepReport:
    """What one sweep did."""

    requeued: int
    failed: int
    sent: int
    unsent: int

    def __str__(self) -> str:
        return (
            f"{self.requeued} queued again after a lost worker, {self.failed} failed at the fault cap, "
            f"{self.sent} sent to the broker, {self.unsent} not sent (broker unreachable)"
        )


def _expired_release(job_id: int, now: datetime) -> str | None:
    """Queue again (or fail) one job whose lease expired, unless another sweeper or a worker got there first."""
    with transaction.atomic():
        job = (
            PackJob.objects.select_for_update(skip_locked=True, of=("self",))
            .select_related("referral__local_authority", "home")
            .filter(_lease_expired(now), pk=job_id)
            .first()
        )
        if job is None:
            return None
        worker = job.lease_owner.rsplit(":", 1)[0] or "a worker"
        expired = f"{timezone.localtime(job.lease_expires_at):%H:%M:%S}" if job.lease_expires_at else "unknown"
        reason = f"The worker building it ({worker}) stopped before finishing: its lease expired at {expired}"
        _fault_record(job, WORKER_LOST, reason, counted=True)
        return str(job.state)


def packs_sweep() -> SweepReport:
    """Queue again running jobs whose lease expired (or fail them at the fault cap) and send them at once, then send
    every queued job the broker never got. Safe on several clusters at once: each change is a re-checked update."""
    now = timezone.now()
    expired = list(PackJob.objects.filter(_lease_expired(now)).values_list("pk", flat=True))
    outcomes = [(job_id, _expired_release(job_id, now)) for job_id in expired]
    to_send = [job_id for job_id, state in outcomes if state == PackJob.State.QUEUED]
    requeued = len(to_send)
    failed = sum(state == PackJob.State.FAILED for _, state in outcomes)
    redeliver = _setting("PACK_REDELIVER_SECONDS", REDELIVER_SECONDS)
    waiting = PackJob.objects.filter(_undelivered(now, redeliver_seconds=redeliver)).values_list("pk", flat=True)
    for job_id in list(waiting):
        # marked first, so that a second sweeper running now skips it (a send that fails clears the mark)
        undelivered = PackJob.objects.filter(_undelivered(now, redeliver_seconds=redeliver), pk=job_id)
        if undelivered.update(enqueued_at=now):
            to_send.append(job_id)
    sent = sum(pack_job_send(job_id) for job_id in to_send)
    report = SweepReport(requeued, failed, sent, len(to_send) - sent)
    if report.requeued or report.failed or report.sent or report.unsent:
        logger.warning("Pack jobs swept: %s", report)
    return report
