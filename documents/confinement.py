"""The one confinement module: untrusted input is parsed or rendered only in a child process with hard limits.

Two ways to start the child, one limits type (`Limits`) and one failure type (`ConfinementFailed`):

- `run_forked(function, limits)`: a fork of this (already loaded) worker, for pack rendering.
- `run_module(module, args, stdin, limits)`: a fresh interpreter with an empty environment (`python -E -s -B -m`),
  for hostile uploads (attachment PDFs, uploaded DOCX templates); the child calls `confine(limits)` before it
  imports the parser, and prints its answer as the last line of its output.

The forked child shares the parent's memory pages copy-on-write, so it starts in milliseconds with everything
imported. It caps its own address space (current size + a budget: a fork inherits the parent's), CPU time, file
size and process count, runs the function, pickles the outcome down a pipe and leaves with os._exit: no atexit
handler or finaliser runs, so nothing it inherited (database sockets included) is closed or flushed on the
parent's behalf.
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
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

MIB = 1024 * 1024
_READ_CHUNK = 1024 * 1024
PROJECT_ROOT = Path(__file__).resolve().parents[1]
CHILD_ENVIRONMENT = {"PATH": os.defpath, "LC_ALL": "C.UTF-8"}  # no secrets or database URLs near hostile input


@dataclass(frozen=True)
class Limits:
    """What one confined child may use.

    memory_bytes is the address space the child may add to what it starts with: a fork inherits the worker's, a
    fresh interpreter starts from nothing. file_bytes 0 forbids writing files at all (output goes down a pipe).
    """

    cpu_seconds: int = 30
    memory_bytes: int = 768 * MIB
    file_bytes: int = 256 * MIB
    wall_seconds: float = 60.0


class ConfinementFailed(Exception):
    """The child did not answer: kind is cpu, memory, wall_clock or died (with the signal or exit status)."""

    def __init__(self, kind: str, detail: str = "") -> None:
        super().__init__(f"{kind}: {detail}" if detail else kind)
        self.kind, self.detail = kind, detail


def _address_space() -> int:
    """This process's current virtual size (VSZ) in bytes."""
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[0]) * resource.getpagesize()


def confine(limits: Limits, *, inherited_bytes: int = 0) -> None:
    """Cap this process's address space, CPU time and file size, and forbid core dumps and new processes."""
    memory = inherited_bytes + limits.memory_bytes
    resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
    resource.setrlimit(resource.RLIMIT_CPU, (limits.cpu_seconds, limits.cpu_seconds + 1))
    resource.setrlimit(resource.RLIMIT_FSIZE, (limits.file_bytes, limits.file_bytes))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))  # a core dump would hold a child's referral or court order
    resource.setrlimit(resource.RLIMIT_NPROC, (0, 0))  # ignored for root; run workers as an ordinary user
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # an oversized write fails with an OSError we report
    sys.dont_write_bytecode = True


def _confine_fork(limits: Limits) -> None:
    confine(limits, inherited_bytes=_address_space())
    for name in ("SIGTERM", "SIGINT", "SIGXCPU"):
        signal.signal(getattr(signal, name), signal.SIG_DFL)  # not the worker's handlers
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


def _child(function: Callable[[], Any], limits: Limits, setup: Callable[[], None], out: int) -> None:
    status = 3
    try:
        _confine_fork(limits)
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


class _AnswerUnpickler(pickle.Unpickler):
    """Reads a child's answer, refusing any global but exceptions, paths, datetimes and the caller's own classes.

    The child ran a template; if it ever escaped the sandbox it must not get code run in the worker by what it sends.
    """

    def __init__(self, data: io.BytesIO, modules: tuple[str, ...]) -> None:
        super().__init__(data)
        self.modules = modules

    def find_class(self, module: str, name: str) -> Any:
        found = super().find_class(module, name) if self._allowed(module, name) else None
        if not isinstance(found, type):
            raise pickle.UnpicklingError(f"a confined child may not send {module}.{name}")
        return found

    def _allowed(self, module: str, name: str) -> bool:
        if (module, name) in _ALLOWED_CLASSES or module.startswith(self.modules):
            return True
        return (
            module == "builtins"
            and isinstance(candidate := getattr(builtins, name, None), type)
            and (issubclass(candidate, BaseException))
        )


def _answer(data: bytes, modules: tuple[str, ...]) -> tuple[str, Any]:
    kind, value = _AnswerUnpickler(io.BytesIO(data), modules).load()
    return kind, value


def _verdict(data: bytes, status: int, limits: Limits, modules: tuple[str, ...]) -> Any:
    if os.WIFSIGNALED(status) and os.WTERMSIG(status) in (signal.SIGXCPU, signal.SIGKILL):
        raise ConfinementFailed("cpu", f"more than {limits.cpu_seconds} s of processor time")
    if os.WIFSIGNALED(status):
        raise ConfinementFailed("died", signal.Signals(os.WTERMSIG(status)).name)
    try:
        kind, value = _answer(data, modules)
    except pickle.UnpicklingError as error:
        raise ConfinementFailed("died", f"the child sent a refused answer ({error})") from error
    except Exception as error:  # a truncated answer means the child died
        raise ConfinementFailed("died", f"exit status {os.WEXITSTATUS(status)} without an answer") from error
    if kind == "limit":
        raise ConfinementFailed("memory", f"more than {limits.memory_bytes // MIB} MB")
    if kind == "error":
        raise value
    return value


def run_forked(
    function: Callable[[], Any],
    limits: Limits,
    setup: Callable[[], None] = lambda: None,
    *,
    answer_modules: tuple[str, ...] = (),
) -> Any:
    """function() in a confined fork: its value, its exception re-raised, or ConfinementFailed for a limit or death.

    setup runs in the child after the limits are set and before function (e.g. to refuse database access); the
    answer may hold classes from `answer_modules` (module-name prefixes) besides exceptions, paths and datetimes.
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
        raise ConfinementFailed("wall_clock", f"more than {limits.wall_seconds:g} s")
    return _verdict(data, status, limits, answer_modules)


def _kill_group(child: subprocess.Popen[bytes]) -> None:
    """Kill the child's process group if it is still running, and wait for it."""
    if child.poll() is None:
        with contextlib.suppress(ProcessLookupError):  # it may exit between the poll and the kill
            os.killpg(child.pid, signal.SIGKILL)
        child.communicate()


def run_module(
    module: str,
    args: Sequence[str],
    limits: Limits,
    *,
    stdin: bytes | None = None,
    meanwhile: Callable[[], Any] = lambda: None,
) -> tuple[bytes, Any]:
    """Run `python -m module args` in a fresh, empty-environment interpreter; (its last output line, meanwhile()).

    The child must call `confine(limits)` before touching the input. `meanwhile` runs here while the child works
    (hashing the same file, for example). ConfinementFailed: wall_clock past limits.wall_seconds, cpu when the CPU
    limit killed it, died when it printed nothing.
    """
    deadline = time.monotonic() + limits.wall_seconds
    child = subprocess.Popen(
        [sys.executable, "-E", "-s", "-B", "-m", module, *args],
        cwd=PROJECT_ROOT,
        env=CHILD_ENVIRONMENT,
        stdin=subprocess.DEVNULL if stdin is None else subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        extra = meanwhile()
        output, _ = child.communicate(stdin, timeout=max(0.0, deadline - time.monotonic()))
    except subprocess.TimeoutExpired as error:
        raise ConfinementFailed("wall_clock", f"more than {limits.wall_seconds:g} s") from error
    finally:
        _kill_group(child)
    if child.returncode in (-signal.SIGXCPU, -signal.SIGKILL):
        raise ConfinementFailed("cpu", f"more than {limits.cpu_seconds} s of processor time")
    lines = output.splitlines()
    if not lines:
        raise ConfinementFailed("died", f"exit status {child.returncode} without an answer")
    return lines[-1], extra
