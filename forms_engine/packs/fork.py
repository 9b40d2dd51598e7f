"""Run one function in a confined fork of this (already loaded) worker and get its result back, or a clear failure.

The child shares the parent's memory pages copy-on-write, so it starts in milliseconds with everything imported.
It caps its own address space (current size + a budget: a fork inherits the parent's), CPU time, file size and
process count, runs the function, pickles the outcome down a pipe and leaves with os._exit: no atexit handler or
finaliser runs, so nothing it inherited (database sockets included) is closed or flushed on the parent's behalf.
The parent reads with a wall-clock deadline and kills a child that overruns it.

django-q2 workers are daemonic multiprocessing processes, which may not start multiprocessing children, so this
forks with os.fork directly.
"""

import builtins
import contextlib
import faulthandler
import gc
import io
import os
import pickle
import resource
import select
import signal
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

MIB = 1024 * 1024
_READ_CHUNK = 1024 * 1024


@dataclass(frozen=True)
class ForkLimits:
    """What one confined child may use; memory is a budget on top of the address space it inherits."""

    cpu_seconds: int = 30
    memory_budget_bytes: int = 768 * MIB
    file_bytes: int = 256 * MIB
    wall_seconds: float = 60.0


class ForkFailed(Exception):
    """The child did not return: kind is cpu, memory, wall_clock or died (with the signal or exit status)."""

    def __init__(self, kind: str, detail: str = "") -> None:
        super().__init__(f"{kind}: {detail}" if detail else kind)
        self.kind, self.detail = kind, detail


def _address_space() -> int:
    """This process's current virtual size (VSZ) in bytes."""
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[0]) * resource.getpagesize()


def _confine(limits: ForkLimits) -> None:
    memory = _address_space() + limits.memory_budget_bytes
    resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
    resource.setrlimit(resource.RLIMIT_CPU, (limits.cpu_seconds, limits.cpu_seconds + 1))
    resource.setrlimit(resource.RLIMIT_FSIZE, (limits.file_bytes, limits.file_bytes))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))  # a core dump would hold a child's referral
    resource.setrlimit(resource.RLIMIT_NPROC, (0, 0))  # ignored for root; run workers as an ordinary user
    for name in ("SIGTERM", "SIGINT", "SIGXCPU"):
        signal.signal(getattr(signal, name), signal.SIG_DFL)  # not the worker's handlers
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # an oversized write fails with an OSError we report
    faulthandler.disable()  # a crash is reported by the parent, not as a traceback dump on the worker's stderr
    gc.freeze()  # a full collection would walk (and, writing to it, copy) the worker's whole inherited heap


def _outcome(function: Callable[[], Any]) -> bytes:
    try:
        return pickle.dumps(("ok", function()))
    except MemoryError:
        return pickle.dumps(("limit", "memory"))
    except Exception as error:  # noqa: BLE001 - the parent decides what each failure means
        try:
            return pickle.dumps(("error", error))
        except Exception:  # noqa: BLE001 - an exception that cannot be pickled is sent by name
            return pickle.dumps(("error", RuntimeError(type(error).__name__)))


def _child(function: Callable[[], Any], limits: ForkLimits, setup: Callable[[], None], out: int) -> None:
    status = 3
    try:
        _confine(limits)
        setup()
        data = _outcome(function)
        view = memoryview(data)
        while view:
            view = view[os.write(out, view) :]
        status = 0
    except MemoryError:
        with contextlib.suppress(BaseException):
            os.write(out, pickle.dumps(("limit", "memory")))
    finally:
        os._exit(status)


def _read_until(read: int, deadline: float) -> bytes | None:
    """Everything the child writes until it closes the pipe, or None when the deadline passes first."""
    chunks: list[bytes] = []
    while True:
        remaining = deadline - time.monotonic()
        if remaining <= 0 or not select.select([read], [], [], remaining)[0]:
            return None
        chunk = os.read(read, _READ_CHUNK)
        if not chunk:
            return b"".join(chunks)
        chunks.append(chunk)


def _reap(pid: int, *, kill: bool) -> int:
    if kill:
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)
    return os.waitpid(pid, 0)[1]


_ALLOWED_CLASSES = {("pathlib", "PosixPath"), ("pathlib", "PurePosixPath"), ("datetime", "datetime")}
_ALLOWED_MODULE_PREFIX = "forms_engine.packs."


class _AnswerUnpickler(pickle.Unpickler):
    """Reads a child's answer, refusing any global but exceptions, paths, datetimes and our packs' own classes.

    The child ran a template; if it ever escaped the sandbox it must not get code run in the worker by what it sends.
    """

    def find_class(self, module: str, name: str) -> Any:
        found = super().find_class(module, name) if self._allowed(module, name) else None
        if not isinstance(found, type):
            raise pickle.UnpicklingError(f"a confined child may not send {module}.{name}")
        return found

    @staticmethod
    def _allowed(module: str, name: str) -> bool:
        if (module, name) in _ALLOWED_CLASSES or module.startswith(_ALLOWED_MODULE_PREFIX):
            return True
        return (
            module == "builtins"
            and isinstance(candidate := getattr(builtins, name, None), type)
            and (issubclass(candidate, BaseException))
        )


def _answer(data: bytes) -> tuple[str, Any]:
    kind, value = _AnswerUnpickler(io.BytesIO(data)).load()
    return kind, value


def _verdict(data: bytes, status: int, limits: ForkLimits) -> Any:
    if os.WIFSIGNALED(status) and os.WTERMSIG(status) in (signal.SIGXCPU, signal.SIGKILL):
        raise ForkFailed("cpu", f"more than {limits.cpu_seconds} s of processor time")
    if os.WIFSIGNALED(status):
        raise ForkFailed("died", signal.Signals(os.WTERMSIG(status)).name)
    try:
        kind, value = _answer(data)
    except pickle.UnpicklingError as error:
        raise ForkFailed("died", f"the child sent a refused answer ({error})") from error
    except Exception as error:  # a truncated answer means the child died
        raise ForkFailed("died", f"exit status {os.WEXITSTATUS(status)} without an answer") from error
    if kind == "limit":
        raise ForkFailed("memory", f"more than {limits.memory_budget_bytes // MIB} MB")
    if kind == "error":
        raise value
    return value


def run_forked(function: Callable[[], Any], limits: ForkLimits, setup: Callable[[], None] = lambda: None) -> Any:
    """function() in a confined fork: its value, its exception re-raised, or ForkFailed for a limit or a death.

    setup runs in the child after the limits are set and before function (e.g. to refuse database access).
    """
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.close(read)
        _child(function, limits, setup, write)
    os.close(write)
    data: bytes | None = None
    try:
        data = _read_until(read, time.monotonic() + limits.wall_seconds)
    finally:
        os.close(read)
        status = _reap(pid, kill=data is None)
    if data is None:
        raise ForkFailed("wall_clock", f"more than {limits.wall_seconds:g} s")
    return _verdict(data, status, limits)
