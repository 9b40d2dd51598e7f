"""Closed-loop HTTP load: wrk when installed, else lean Python clients (threads, http.client, keep-alive)."""

import http.client
import json
import os
import resource
import shutil
import statistics
import subprocess
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Target:
    """Where and what to request: loopback host and port, a path and extra headers (e.g. a cookie)."""

    host: str
    port: int
    path: str
    headers: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class LoadResult:
    """Requests completed in the measured window, their errors, throughput and latency percentiles."""

    requests: int
    errors: int
    seconds: float
    rps: float
    p50_ms: float
    p95_ms: float
    server_cpu_ms: float
    client_cpu_ms: float
    error_samples: tuple[str, ...]

    def as_dict(self) -> dict[str, object]:
        """Plain values for JSON."""
        return {
            "requests": self.requests,
            "errors": self.errors,
            "seconds": round(self.seconds, 3),
            "rps": round(self.rps, 1),
            "p50_ms": round(self.p50_ms, 2),
            "p95_ms": round(self.p95_ms, 2),
            "server_cpu_ms_per_request": round(self.server_cpu_ms, 2),
            "client_cpu_ms_per_request": round(self.client_cpu_ms, 2),
            "error_samples": list(self.error_samples),
        }


@dataclass
class _Tally:
    """One client's measured latencies (seconds) and errors; each thread owns one, so no locking."""

    latencies: list[float] = field(default_factory=list)
    errors: int = 0
    samples: list[str] = field(default_factory=list)


def _client(target: Target, start: float, measure_from: float, stop: float, tally: _Tally, timeout: float) -> None:
    """Request the target back to back until `stop`; count only requests that complete in the measured window."""
    conn = http.client.HTTPConnection(target.host, target.port, timeout=timeout)
    headers = {"Host": f"{target.host}:{target.port}", **target.headers}
    while time.perf_counter() < start:
        time.sleep(0.001)
    while (began := time.perf_counter()) < stop:
        problem = ""
        try:
            conn.request("GET", target.path, headers=headers)
            response = conn.getresponse()
            response.read()
            if response.status != 200:
                problem = f"HTTP {response.status}"
        except (OSError, http.client.HTTPException) as exc:
            problem = f"{type(exc).__name__}: {exc}"
            conn.close()  # http.client reconnects on the next request
        ended = time.perf_counter()
        if measure_from <= ended <= stop:
            tally.latencies.append(ended - began)
            if problem:
                tally.errors += 1
                if len(tally.samples) < 3:
                    tally.samples.append(problem)
        if problem:
            time.sleep(0.01)  # do not spin if the server is gone
    conn.close()


def _percentile(sorted_values: list[float], fraction: float) -> float:
    """Nearest-rank percentile of already sorted values (0 when there are none)."""
    if not sorted_values:
        return 0.0
    rank = max(1, round(fraction * len(sorted_values)))
    return sorted_values[min(rank, len(sorted_values)) - 1]


def _sleep_until(moment: float) -> None:
    """Sleep until a perf_counter moment."""
    time.sleep(max(0.0, moment - time.perf_counter()))


def run_load(
    target: Target,
    *,
    clients: int,
    warmup: float,
    duration: float,
    server_cpu: Callable[[], float],
    timeout: float = 10.0,
) -> LoadResult:
    """Run `clients` concurrent clients for warm-up plus duration seconds and summarise the measured part.

    server_cpu returns the server's CPU seconds so far; it and our own CPU time are sampled around the measured window.
    """
    start = time.perf_counter() + 0.2
    measure_from = start + warmup
    stop = measure_from + duration
    tallies = [_Tally() for _ in range(clients)]
    threads = [
        threading.Thread(target=_client, args=(target, start, measure_from, stop, tally, timeout), daemon=True)
        for tally in tallies
    ]
    for thread in threads:
        thread.start()
    _sleep_until(measure_from)
    cpu_before = (server_cpu(), time.process_time())
    _sleep_until(stop)
    cpu_after = (server_cpu(), time.process_time())
    for thread in threads:
        thread.join(timeout=max(0.0, stop - time.perf_counter()) + timeout + 5)
    if any(thread.is_alive() for thread in threads):
        raise TimeoutError(f"load clients for {target.path} did not finish in time")
    latencies = sorted(value for tally in tallies for value in tally.latencies)
    errors = sum(tally.errors for tally in tallies)
    per_request = 1000 / max(1, len(latencies))
    samples = tuple(dict.fromkeys(sample for tally in tallies for sample in tally.samples))[:5]
    return LoadResult(
        requests=len(latencies),
        errors=errors,
        seconds=duration,
        rps=len(latencies) / duration,
        p50_ms=statistics.median(latencies) * 1000 if latencies else 0.0,
        p95_ms=_percentile(latencies, 0.95) * 1000,
        server_cpu_ms=(cpu_after[0] - cpu_before[0]) * per_request,
        client_cpu_ms=(cpu_after[1] - cpu_before[1]) * per_request,
        error_samples=samples,
    )


# wrk (C, event loop) costs a fraction of the CPU of the threaded Python clients above, which share the same two
# cores with the server and so cap what a cheap view can show. Any response other than 200 counts as an error
# (a 302 to sign-in would otherwise look like a fast dashboard).
_WRK_SCRIPT = """
local threads = {}
function setup(thread) table.insert(threads, thread) end
function init(args) bad = 0 ; sample = "" end
function response(status, headers, body)
  if status ~= 200 then bad = bad + 1 ; sample = "HTTP " .. status end
end
function done(summary, latency, requests)
  local non200, sample = 0, ""
  for _, t in ipairs(threads) do
    non200 = non200 + t:get("bad")
    if t:get("sample") ~= "" then sample = t:get("sample") end
  end
  local e = summary.errors
  io.write(string.format(
    'WRK_RESULT {"requests": %d, "duration_us": %d, "socket_errors": %d, "non200": %d, "sample": "%s", '
      .. '"p50_us": %d, "p95_us": %d}\\n',
    summary.requests, summary.duration, e.connect + e.read + e.write + e.timeout, non200, sample,
    latency:percentile(50), latency:percentile(95)))
end
"""


def wrk_path() -> str | None:
    """The wrk binary, if installed."""
    return shutil.which("wrk")


def _wrk_once(wrk: str, target: Target, clients: int, seconds: float, timeout: float) -> dict[str, object]:
    """One wrk run against the target; its summary as a dict."""
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(_WRK_SCRIPT)
    try:
        command = [wrk, "-t", "2", "-c", str(clients), "-d", f"{max(1, round(seconds))}s"]
        command += ["--timeout", f"{timeout:.0f}s", "-s", script.name]
        for name, value in target.headers.items():
            command += ["-H", f"{name}: {value}"]
        command.append(f"http://{target.host}:{target.port}{target.path}")
        done = subprocess.run(command, capture_output=True, text=True, timeout=seconds + timeout + 30, check=False)
    finally:
        os.unlink(script.name)
    for line in done.stdout.splitlines():
        if line.startswith("WRK_RESULT "):
            return dict(json.loads(line.removeprefix("WRK_RESULT ")))
    raise RuntimeError(f"wrk gave no result (exit {done.returncode}): {(done.stdout + done.stderr)[-400:]}")


def run_wrk(
    target: Target,
    *,
    clients: int,
    warmup: float,
    duration: float,
    server_cpu: Callable[[], float],
    timeout: float = 10.0,
) -> LoadResult:
    """Like run_load, with wrk as the clients: a discarded warm-up run, then the measured run."""
    wrk = wrk_path()
    if wrk is None:
        raise RuntimeError("wrk is not installed")
    _wrk_once(wrk, target, clients, warmup, timeout)
    children_before = resource.getrusage(resource.RUSAGE_CHILDREN)
    server_before = server_cpu()
    summary = _wrk_once(wrk, target, clients, duration, timeout)
    server_after = server_cpu()
    children_after = resource.getrusage(resource.RUSAGE_CHILDREN)
    requests = int(summary["requests"])  # type: ignore[call-overload]
    seconds = int(summary["duration_us"]) / 1e6  # type: ignore[call-overload]
    errors = int(summary["socket_errors"]) + int(summary["non200"])  # type: ignore[call-overload]
    client_cpu = (children_after.ru_utime + children_after.ru_stime) - (
        children_before.ru_utime + children_before.ru_stime
    )
    per_request = 1000 / max(1, requests)
    samples: tuple[str, ...] = ()
    if int(summary["socket_errors"]):  # type: ignore[call-overload]
        samples += (f"{summary['socket_errors']} socket errors (connect, read, write or timeout)",)
    if summary["sample"]:
        samples += (str(summary["sample"]),)
    return LoadResult(
        requests=requests,
        errors=errors,
        seconds=seconds,
        rps=requests / seconds if seconds else 0.0,
        p50_ms=int(summary["p50_us"]) / 1000,  # type: ignore[call-overload]
        p95_ms=int(summary["p95_us"]) / 1000,  # type: ignore[call-overload]
        server_cpu_ms=(server_after - server_before) * per_request,
        client_cpu_ms=client_cpu * per_request,
        error_samples=samples,
    )
