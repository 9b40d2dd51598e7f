"""A q cluster that stops within seconds of SIGTERM: each worker finishes its task or gives its work back.

django-q2's own stop (django_q/cluster.py, `Sentinel.stop`) stops the pusher, then queues one STOP per worker
behind the tasks the workers already prefetched and waits, without a limit, until every worker has worked through
them: a pack build in progress, then every prefetched build, so a cluster outlived SIGTERM by minutes. Here
(`manage.py qcluster`, ops/management/commands/qcluster.py, runs `StoppingCluster`):

1. SIGTERM (or SIGINT) reaches the cluster's main process, which sets the stop event, as django-q2 does;
2. the sentinel (`StoppingSentinel.stop`) stops the pusher first, so that nothing given back below is taken again
   by this cluster; then it queues a STOP for each worker and sends each SIGTERM;
3. a worker (handlers installed by `worker_signals_install`, on django-q2's post_spawn signal) that is idle is
   left to read its STOP: the handler only notes the stop, and the read it was blocked in goes on (PEP 475), so
   no message is ever left half-read in the queue's pipe, which would stall the queue for every reader after it;
   one that runs a task lets it finish for `stop_grace` seconds (Q_CLUSTER["stop_grace"], default
   STOP_GRACE_SECONDS), then raises `WorkerStopping` in it. A pack build then gives its job back: queued again,
   lease released, no fault counted, and sent to the broker at once for another cluster
   (forms_engine/services/packs.py); the notifications outbox leaves a message to its lease and its sweeper.
   WorkerStopping is django-q2's TimeoutException, so django-q2's worker records the task as stopped and exits.
   A worker whose task ended within the grace takes the next item: a STOP, or a prefetched task, which it does
   not start (pre_execute) but leaves;
4. a worker still alive `WORKER_KILL_AFTER_SECONDS` after the grace is killed (its lease expires and the sweeper
   queues its job again); then django-q2's stop runs with no worker left to stop (so it puts nothing in the
   bounded task queue, which nobody reads any more and might be full), and the monitor saves the results.

Tasks a worker had prefetched but not started are not run here: pack jobs and outbox messages are rows, and their
sweepers send them again (PACK_REDELIVER_SECONDS); Q_CLUSTER's queue_limit keeps that prefetch to one per worker.
"""

import contextlib
import logging
import os
import queue
import signal
import time
from types import FrameType
from typing import Any

from django.conf import settings
from django_q.cluster import Cluster, Sentinel, get_mp_context
from django_q.exceptions import TimeoutException

logger = logging.getLogger(__name__)

STOP_GRACE_SECONDS = 3.0  # Q_CLUSTER["stop_grace"]: how long a running task may go on after SIGTERM
PUSHER_STOP_SECONDS = 2.0  # the pusher notices the stop after its broker read (Redis: 1 s) or is terminated
WORKER_KILL_AFTER_SECONDS = 3.0  # after the grace, for giving the work back; then the worker is killed
_POLL_SECONDS = 0.05


class WorkerStopping(TimeoutException):
    """The q cluster is stopping: the task was interrupted and should give its work back (not a fault)."""


def stop_grace_seconds() -> float:
    return float(dict(getattr(settings, "Q_CLUSTER", {})).get("stop_grace", STOP_GRACE_SECONDS))


class _WorkerState:
    """This worker process's part in a stop: whether a task runs, and whether SIGTERM came."""

    busy = False
    stopping = False


def _stop_task(signum: int, frame: FrameType | None) -> None:
    raise WorkerStopping(f"The q cluster stopped; the task was interrupted after {stop_grace_seconds():g} s")


def _on_sigterm(signum: int, frame: FrameType | None) -> None:
    """Idle: go on reading the task queue, where the sentinel has put this worker's STOP (or a prefetched task,
    which `_task_starts` does not start). Raising here would leave a message half-read in the queue's pipe. Busy:
    let the task run for the grace, then interrupt it (SIGALRM, which django-q2's own task timeout also uses: the
    cluster is stopping, so the timeout no longer matters)."""
    _WorkerState.stopping = True
    if not _WorkerState.busy:
        return
    grace = stop_grace_seconds()
    if grace <= 0:
        _stop_task(signum, frame)
    signal.signal(signal.SIGALRM, _stop_task)
    signal.setitimer(signal.ITIMER_REAL, grace)


def _task_starts(**kwargs: Any) -> None:
    """pre_execute: a task taken from the queue after SIGTERM is not started (its work is swept as a row)."""
    if _WorkerState.stopping:
        raise SystemExit(0)
    _WorkerState.busy = True


def _task_ended(**kwargs: Any) -> None:
    _WorkerState.busy = False


def worker_signals_install(**kwargs: Any) -> None:
    """post_spawn, in each new worker process: SIGTERM stops it as described above. With the synchronous queue
    (tests) django-q2 sends post_spawn in the caller's own process, often in a request's thread: its signals are
    left alone."""
    from django_q.conf import Conf

    if Conf.SYNC:
        return
    _WorkerState.busy = _WorkerState.stopping = False
    signal.signal(signal.SIGTERM, _on_sigterm)


def worker_signals_connect() -> None:
    """Connect the worker's receivers (OpsConfig.ready)."""
    from django_q.signals import post_execute_in_worker, post_spawn, pre_execute

    post_spawn.connect(worker_signals_install, dispatch_uid="ops.workers.install")
    pre_execute.connect(_task_starts, dispatch_uid="ops.workers.starts")
    post_execute_in_worker.connect(_task_ended, dispatch_uid="ops.workers.ended")


def _wait(processes: list[Any], seconds: float) -> list[Any]:
    """Wait up to `seconds` for the processes to end; those still alive."""
    deadline = time.monotonic() + seconds
    while any(process.is_alive() for process in processes) and time.monotonic() < deadline:
        time.sleep(_POLL_SECONDS)
    return [process for process in processes if process.is_alive()]


class StoppingSentinel(Sentinel):
    """django-q2's sentinel, with a stop bounded in time (steps 2 and 4 of the module's description)."""

    def stop(self) -> None:
        self.event_out.set()
        for pusher in _wait([self.pusher], PUSHER_STOP_SECONDS):
            pusher.terminate()
            pusher.join(timeout=PUSHER_STOP_SECONDS)
        for _ in self.pool:  # behind what was prefetched: a worker done within the grace takes one and leaves
            with contextlib.suppress(queue.Full):  # full of prefetched tasks: the worker takes one of those
                self.task_queue.put("STOP", block=False)
        for process in self.pool:
            with contextlib.suppress(ProcessLookupError):
                os.kill(process.pid, signal.SIGTERM)
        for process in _wait(list(self.pool), stop_grace_seconds() + WORKER_KILL_AFTER_SECONDS):
            logger.warning("Worker %s did not stop in time; killed (its jobs' leases expire)", process.pid)
            process.kill()
        for process in self.pool:
            process.join(timeout=PUSHER_STOP_SECONDS)
        self._log_left_behind()
        self.pool.clear()  # all gone: django-q2's stop has no STOP to put and no worker to wait for
        super().stop()

    def _log_left_behind(self) -> None:
        """Count what is left in the task queue, which no worker reads any more. Tasks among it were never started;
        their sweepers send them again. Not read out: a killed worker may have left a message half-read."""
        with contextlib.suppress(NotImplementedError, OSError):
            left = self.task_queue.qsize()
            if left:
                logger.warning(
                    "%s items (STOPs and prefetched tasks) left in the task queue of this stopping cluster; "
                    "the tasks' sweepers send them again",
                    left,
                )


class StoppingCluster(Cluster):
    """django-q2's cluster, running `StoppingSentinel` (Cluster.start, with that sentinel)."""

    def start(self) -> int:
        self.stop_event = get_mp_context().Event()
        self.start_event = get_mp_context().Event()
        self.sentinel = get_mp_context().Process(
            target=StoppingSentinel,
            name=f"Process-{self.cluster_id.hex}",
            args=(self.stop_event, self.start_event, self.cluster_id, self.broker, self.timeout),
        )
        self.sentinel.start()
        logger.info("Q Cluster %s starting.", self.name)
        # Polled, not waited for: a signal arriving while this waits must still be able to stop the sentinel.
        while self.start_event and not self.start_event.is_set():
            if not self.sentinel.is_alive():
                if self.sentinel.exitcode == 0:  # stopped by a signal while it started
                    break
                raise RuntimeError(f"Q Cluster {self.name} failed to start: sentinel exited {self.sentinel.exitcode}")
            time.sleep(0.1)
        return self.pid
