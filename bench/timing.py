"""What the benchmarks share: printing progress at once, and the median of timed calls after a warm-up."""

import statistics
import sys
import time
from collections.abc import Callable
from typing import Any

RUNS = 5  # measured runs after one warm-up; the median is reported


def say(text: str = "", *, err: bool = False) -> None:
    """Print a line at once (stderr in a PostgreSQL child, whose stdout carries its JSON)."""
    stream = sys.stderr if err else sys.stdout
    stream.write(text + "\n")
    stream.flush()


def median_ms(call: Callable[[], Any], runs: int = RUNS) -> tuple[float, list[float], Any]:
    """One warm-up call, then `runs` timed calls: the median and every time in ms, and the last result."""
    result = call()
    times = []
    for _ in range(runs):
        began = time.perf_counter()
        result = call()
        times.append((time.perf_counter() - began) * 1000)
    return statistics.median(times), [round(t, 1) for t in times], result
