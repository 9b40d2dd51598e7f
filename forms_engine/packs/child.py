"""Every pack is built in a confined fork of the worker; this maps its limits to pack failures.

The parent has read everything from the database before it forks (a PackSource is plain data), and the child
refuses any query: a query would go down the socket it shares with the parent and corrupt the parent's session.
"""

import time
from collections.abc import Callable
from typing import Any, TypeVar

from documents.confinement import MIB, ConfinementFailed, Limits, run_forked

from .errors import PackChildFailed, PackError, PackRenderError, PackTooExpensive

T = TypeVar("T")
# A pack child answers with the pack's own dataclasses (rendered files, shared pages).
ANSWER_MODULES = ("forms_engine.packs.", "documents.")

PACK_LIMITS = Limits(cpu_seconds=30, memory_bytes=768 * MIB, file_bytes=256 * MIB, wall_seconds=60.0)


def pack_limits() -> Limits:
    """PACK_LIMITS, or the PACK_CPU_SECONDS, PACK_MEMORY_BUDGET_MB and PACK_WALL_SECONDS settings where given."""
    from django.conf import settings

    return Limits(
        cpu_seconds=getattr(settings, "PACK_CPU_SECONDS", PACK_LIMITS.cpu_seconds),
        memory_bytes=getattr(settings, "PACK_MEMORY_BUDGET_MB", PACK_LIMITS.memory_bytes // MIB) * MIB,
        file_bytes=PACK_LIMITS.file_bytes,
        wall_seconds=getattr(settings, "PACK_WALL_SECONDS", PACK_LIMITS.wall_seconds),
    )


class DatabaseRefused(PackRenderError):
    """The pack child tried to use the database it inherited."""


def _refuse_query(*args: Any) -> Any:
    raise DatabaseRefused("The confined pack child may not use the database")


def _refuse_database() -> None:
    from django.db import connections

    for alias in connections:
        connections[alias].execute_wrappers.append(_refuse_query)


def _pack_errors_only(function: Callable[[], T]) -> Callable[[], T]:
    def run() -> T:
        try:
            return function()
        except PackError:
            raise
        except MemoryError:
            raise
        except Exception as error:
            raise PackRenderError(f"The pack could not be built: {type(error).__name__}") from error

    return run


def _paused(function: Callable[[], T]) -> Callable[[], T]:
    """function, first waiting PACK_CHILD_PAUSE_SECONDS (tests only, default 0) in the child: a build that a test
    can act beside (tests/forms_engine/test_no_long_transactions.py, tests/ops/test_cluster_stop.py). The pause
    counts against the child's wall-clock limit like any slow render."""
    from django.conf import settings

    pause = float(getattr(settings, "PACK_CHILD_PAUSE_SECONDS", 0))
    if not pause:
        return function

    def run() -> T:
        time.sleep(pause)
        return function()

    return run


def run_confined(function: Callable[[], T], limits: Limits | None = None) -> T:
    """function() in the confined child (pack_limits() by default); any failure is a PackError."""
    try:
        result: T = run_forked(
            _pack_errors_only(_paused(function)),
            limits or pack_limits(),
            setup=_refuse_database,
            answer_modules=ANSWER_MODULES,
        )
    except ConfinementFailed as failure:
        if failure.kind == "died":
            raise PackChildFailed(f"pack_child_died: {failure.detail}") from failure
        raise PackTooExpensive(f"template_too_expensive: {failure.kind}, {failure.detail}") from failure
    return result
