"""Closed-loop HTTP load from lean Python clients (threads, http.client): each client may have a target of its own."""

import http.client
import statistics
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Target:
    """One client's request: loopback host and port, method, path, headers, body and the response it must give."""

    host: str
    port: int
    path: str
    headers: dict[str, str] = field(default_factory=dict)
    method: str = "GET"
    body: str = ""
    status: int = 200
    location: str = ""  # for a redirect: the Location it must name


@dataclass(frozen=True)
class LoadResult:
    """Requests completed in the measured window, their errors, throughput, latency percentiles and CPU per request."""

    requests: int
    errors: int
    seconds: float
    rps: float
    p50_ms: float
    p95_ms: float
    server_cpu_ms: float
    services_cpu_ms: float
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
            "server_cpu_ms_per_request": round(self.server_cpu_ms, 3),
            "postgres_redis_cpu_ms_per_request": round(self.services_cpu_ms, 3),
            "client_cpu_ms_per_request": round(self.client_cpu_ms, 3),
            "error_samples": list(self.error_samples),
        }


@dataclass
class _Tally:
    """One client's measured latencies (seconds) and errors; each thread owns one, so no locking."""

    latencies: list[float] = field(default_factory=list)
    errors: int = 0
    samples: list[str] = field(default_factory=list)


def _problem(target: Target, response: http.client.HTTPResponse) -> str:
    """Why a response is not the one the target expects ('' when it is)."""
    if response.status != target.status:
        return f"HTTP {response.status}"
    if target.location and response.getheader("Location") != target.location:
        return f"HTTP {response.status} to {response.getheader('Location')}"
    return ""


def _client(target: Target, start: float, measure_from: float, stop: float, tally: _Tally, timeout: float) -> None:
    """Request the target back to back until `stop`; count only requests that complete in the measured window."""
    conn = http.client.HTTPConnection(target.host, target.port, timeout=timeout)
    headers = {"Host": f"{target.host}:{target.port}", **target.headers}
    body = target.body.encode() or None
    while time.perf_counter() < start:
        time.sleep(0.001)
    while (began := time.perf_counter()) < stop:
        try:
            conn.request(target.method, target.path, body=body, headers=headers)
            response = conn.getresponse()
            response.read()
            problem = _problem(target, response)
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


def _no_cpu() -> float:
    """A CPU sampler for when there is nothing to sample."""
    return 0.0


def run_load(
    targets: Sequence[Target],
    *,
    clients: int,
    warmup: float,
    duration: float,
    server_cpu: Callable[[], float],
    services_cpu: Callable[[], float] = _no_cpu,
    timeout: float = 10.0,
) -> LoadResult:
    """Run `clients` concurrent clients (client i requests targets[i % len]) for warm-up plus duration seconds.

    server_cpu and services_cpu return CPU seconds so far; they and our own CPU time are sampled around the measured
    window and divided by the requests completed in it.
    """
    start = time.perf_counter() + 0.2
    measure_from = start + warmup
    stop = measure_from + duration
    tallies = [_Tally() for _ in range(clients)]
    threads = [
        threading.Thread(
            target=_client,
            args=(targets[number % len(targets)], start, measure_from, stop, tally, timeout),
            daemon=True,
        )
        for number, tally in enumerate(tallies)
    ]
    for thread in threads:
        thread.start()
    _sleep_until(measure_from)
    cpu_before = (server_cpu(), services_cpu(), time.process_time())
    _sleep_until(stop)
    cpu_after = (server_cpu(), services_cpu(), time.process_time())
    for thread in threads:
        thread.join(timeout=max(0.0, stop - time.perf_counter()) + timeout + 5)
    if any(thread.is_alive() for thread in threads):
        raise TimeoutError(f"load clients for {targets[0].method} {targets[0].path} did not finish in time")
    latencies = sorted(value for tally in tallies for value in tally.latencies)
    per_request = 1000 / max(1, len(latencies))
    samples = tuple(dict.fromkeys(sample for tally in tallies for sample in tally.samples))[:5]
    return LoadResult(
        requests=len(latencies),
        errors=sum(tally.errors for tally in tallies),
        seconds=duration,
        rps=len(latencies) / duration,
        p50_ms=statistics.median(latencies) * 1000 if latencies else 0.0,
        p95_ms=_percentile(latencies, 0.95) * 1000,
        server_cpu_ms=(cpu_after[0] - cpu_before[0]) * per_request,
        services_cpu_ms=(cpu_after[1] - cpu_before[1]) * per_request,
        client_cpu_ms=(cpu_after[2] - cpu_before[2]) * per_request,
        error_samples=samples,
    )
