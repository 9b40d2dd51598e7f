"""documents/confinement.py: one Limits type and one failure type for forked and fresh confined children."""

import os

import pytest

from documents.confinement import MIB, ConfinementFailed, Limits, run_forked, run_module


def _spin() -> None:
    while True:
        pass


def _allocate() -> bytes:
    return b"x" * (512 * MIB)


class TestRunForked:
    """A fork returns its value, re-raises its exception, or fails with the limit it hit."""

    def test_the_value_comes_back(self) -> None:
        """A plain function's result crosses the pipe."""
        assert run_forked(lambda: {"pages": 3}, Limits()) == {"pages": 3}

    def test_an_exception_in_the_child_is_raised_here(self) -> None:
        """The child's own error reaches the caller unchanged in type."""
        with pytest.raises(ValueError, match="bad template"):
            run_forked(lambda: (_ for _ in ()).throw(ValueError("bad template")), Limits())

    def test_cpu_memory_and_wall_clock_are_each_named(self) -> None:
        """Each limit gives ConfinementFailed with its own kind."""
        with pytest.raises(ConfinementFailed) as cpu:
            run_forked(_spin, Limits(cpu_seconds=1, wall_seconds=30))
        with pytest.raises(ConfinementFailed) as memory:
            run_forked(_allocate, Limits(memory_bytes=64 * MIB))
        with pytest.raises(ConfinementFailed) as wall:
            run_forked(_spin, Limits(cpu_seconds=30, wall_seconds=0.5))
        assert (cpu.value.kind, memory.value.kind, wall.value.kind) == ("cpu", "memory", "wall_clock")

    def test_a_child_that_exits_without_answering_died(self) -> None:
        """os._exit before an answer is reported as died."""
        with pytest.raises(ConfinementFailed) as failure:
            run_forked(lambda: os._exit(7), Limits())
        assert failure.value.kind == "died"

    def test_classes_outside_the_allowed_modules_are_refused(self) -> None:
        """An answer may not carry arbitrary classes, only those of the caller's named modules."""
        with pytest.raises(ConfinementFailed, match="refused answer"):
            run_forked(lambda: Limits(), Limits())
        assert run_forked(lambda: Limits(cpu_seconds=2), Limits(), answer_modules=("documents.",)).cpu_seconds == 2


class TestRunModule:
    """A fresh interpreter with an empty environment, killed at the wall clock."""

    def test_the_last_line_of_output_is_the_answer(self) -> None:
        """The attachment sandbox's verdict line comes back; meanwhile's value too."""
        line, extra = run_module(
            "documents.attachments.sandbox",
            ["/nonexistent", "--limits", "{}"],
            Limits(cpu_seconds=10, memory_bytes=512 * MIB, file_bytes=0, wall_seconds=20),
            meanwhile=lambda: "hashed",
        )
        assert line.startswith(b"{") and extra == "hashed"

    def test_a_child_that_prints_nothing_died(self) -> None:
        """A module that fails to import prints no answer."""
        with pytest.raises(ConfinementFailed) as failure:
            run_module("documents.no_such_module", [], Limits(wall_seconds=20))
        assert failure.value.kind == "died"
