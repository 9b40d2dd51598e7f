"""P2: throughput and latency of the signed-in dashboard against the trivial /livez view, under gunicorn."""

import json
import os
import shutil
import signal
import statistics
import subprocess
import sys
import time
from dataclasses import replace
from functools import partial
from pathlib import Path
from types import FrameType

from loadgen import LoadResult, Target, run_load, run_wrk, wrk_path
from webapp import (
    DEFAULT_DATABASE_URL,
    HOST,
    ROOT,
    BenchError,
    app_environment,
    demo_password,
    ensure_database,
    get,
    gunicorn,
    prepare,
    sign_in_cookies,
)

RESULTS = Path(__file__).resolve().parent / "results"
WORKERS = 2
WORKER_CLASS = os.environ.get("BENCH_WORKER_CLASS", "sync")
THREADS = int(os.environ.get("BENCH_THREADS", "1" if WORKER_CLASS == "sync" else "4"))
CLIENTS = 20
WARMUP_S = 2.0
MEASURE_S = 5.0
# The two endpoints are loaded in turn, ROUNDS times, and the median round's ratio is reported: on a shared virtual
# machine the speed drifts by more than the difference being measured within a minute.
ROUNDS = 3
TIMEOUT_S = 600  # the whole of P2, setup included (a first migrate of an empty database takes about a minute)
COORDINATOR = "coordinator@swcu.example"
MIN_RATIO = 0.5
MAX_P95_MS = 100.0
DASHBOARD_MARKER = b'class="app-card"'  # the role's cards, not the no-membership page
# "wrk" (default; installed from Debian when missing and we are root), or "python" for the threaded clients.
LOADGEN = os.environ.get("BENCH_LOADGEN", "wrk")
WRK_INSTALL_TIMEOUT_S = 180


def _say(text: str = "") -> None:
    """Print a line at once (the benchmark is long enough to want progress)."""
    sys.stdout.write(text + "\n")
    sys.stdout.flush()


class Overrun(Exception):
    """P2 ran past its overall time limit (not an OSError, so no `except OSError` on the way swallows it)."""


def _timeout(signum: int, frame: FrameType | None) -> None:
    """SIGALRM handler: abandon the run; the finally blocks stop gunicorn."""
    raise Overrun(f"P2 did not finish within {TIMEOUT_S} s")


def _row(name: str, result: LoadResult) -> str:
    """One table line for an endpoint."""
    return (
        f"  {name:<24} {result.requests:>8} {result.errors:>6} {result.rps:>8.1f} {result.p50_ms:>7.1f} "
        f"{result.p95_ms:>7.1f} {result.server_cpu_ms:>11.2f} {result.client_cpu_ms:>11.2f}"
    )


def _goals(livez: LoadResult, ratio: float, dashboard: LoadResult) -> dict[str, bool]:
    """Each goal of the issue and whether it holds."""
    return {
        f"rps(dashboard)/rps(livez) >= {MIN_RATIO}": ratio >= MIN_RATIO,
        f"p95 <= {MAX_P95_MS:.0f} ms on /livez": livez.p95_ms <= MAX_P95_MS,
        f"p95 <= {MAX_P95_MS:.0f} ms on /account/dashboard/": dashboard.p95_ms <= MAX_P95_MS,
        "0 errors": livez.errors == 0 and dashboard.errors == 0,
    }


def _load_generator() -> str:
    """wrk if present or installable from Debian in bounded time; else the Python clients."""
    if LOADGEN != "wrk":
        return "python"
    if wrk_path() is None and os.geteuid() == 0 and shutil.which("apt-get"):
        _say("installing wrk from Debian (apt-get install wrk) ...")
        try:
            subprocess.run(
                ["apt-get", "install", "-y", "--no-install-recommends", "wrk"],
                env={**os.environ, "DEBIAN_FRONTEND": "noninteractive"},
                capture_output=True,
                timeout=WRK_INSTALL_TIMEOUT_S,
                check=False,
            )
        except subprocess.TimeoutExpired:
            _say("apt-get took too long; using the Python load generator")
    return "wrk" if wrk_path() else "python"


Round = tuple[LoadResult, LoadResult]


def _ratio(round_: Round) -> float:
    livez, dashboard = round_
    return dashboard.rps / livez.rps if livez.rps else 0.0


def _measure(env: dict[str, str], generator: str) -> list[Round]:
    """Start gunicorn, sign the coordinator in and load /livez then the dashboard, ROUNDS times."""
    log = RESULTS / "p2_gunicorn.log"
    with gunicorn(env, workers=WORKERS, worker_class=WORKER_CLASS, threads=THREADS, log=log) as server:
        _say(f"gunicorn: {WORKERS} {WORKER_CLASS} workers x {THREADS} thread(s) on {HOST}:{server.port}")
        # Both cookies a browser holds after signing in; without the CSRF one every page would mint a new token.
        cookies = sign_in_cookies(server.port, COORDINATOR, demo_password())
        cookie = {"Cookie": "; ".join(f"{name}={value}" for name, value in cookies.items())}
        check = get(server.port, "/account/dashboard/", cookie)
        if check.status != 200 or DASHBOARD_MARKER not in check.body:
            raise BenchError(f"the signed-in dashboard did not render for {COORDINATOR} (HTTP {check.status})")
        _say(
            f"load: {generator}, {CLIENTS} clients, {WARMUP_S:.0f} s warm-up + {MEASURE_S:.0f} s measured per "
            f"endpoint, {ROUNDS} rounds"
        )
        runner = run_wrk if generator == "wrk" else run_load
        load = partial(runner, clients=CLIENTS, warmup=WARMUP_S, duration=MEASURE_S, server_cpu=server.cpu_seconds)
        rounds: list[Round] = []
        for number in range(1, ROUNDS + 1):
            livez = load(Target(HOST, server.port, "/livez"))
            dashboard = load(Target(HOST, server.port, "/account/dashboard/", cookie))
            rounds.append((livez, dashboard))
            _say(
                f"  round {number}: /livez {livez.rps:.0f} req/s, dashboard {dashboard.rps:.0f} req/s, "
                f"ratio {_ratio(rounds[-1]):.3f}"
            )
    return rounds


def _summary(rounds: list[Round]) -> tuple[LoadResult, LoadResult, float]:
    """The median round's figures, with the worst p95 and all errors of every round; and the median ratio."""
    livez, dashboard = sorted(rounds, key=_ratio)[len(rounds) // 2]

    def worst(result: LoadResult, index: int) -> LoadResult:
        return replace(
            result,
            p95_ms=max(r[index].p95_ms for r in rounds),
            errors=sum(r[index].errors for r in rounds),
            error_samples=tuple(sample for r in rounds for sample in r[index].error_samples),
        )

    return worst(livez, 0), worst(dashboard, 1), statistics.median(_ratio(r) for r in rounds)


def _print_report(livez: LoadResult, dashboard: LoadResult, ratio: float, goals: dict[str, bool]) -> None:
    """Print the table, the ratio and each goal as met or MISSED."""
    _say()
    _say(
        f"  {'endpoint':<24} {'requests':>8} {'errors':>6} {'req/s':>8} {'p50 ms':>7} {'p95 ms':>7} "
        f"{'server CPU':>11} {'client CPU':>11}"
    )
    _say(_row("GET /livez", livez))
    _say(_row("GET /account/dashboard/", dashboard))
    _say("  (CPU columns: ms of CPU per request in the gunicorn processes and in this load generator)")
    for name, result in (("/livez", livez), ("/account/dashboard/", dashboard)):
        if result.error_samples:
            _say(f"  errors on {name}: {'; '.join(result.error_samples)}")
    _say(f"\n  ratio rps(dashboard)/rps(livez) = {ratio:.3f} (median of {ROUNDS} rounds; the table shows that round,")
    _say("  with the worst p95 and the errors of every round)")
    if dashboard.server_cpu_ms:
        _say(f"  server CPU per request, livez/dashboard = {livez.server_cpu_ms / dashboard.server_cpu_ms:.3f}")
    for goal, held in goals.items():
        _say(f"  {'met   ' if held else 'MISSED'}  {goal}")
    _say(f"\nP2 {'met every goal' if all(goals.values()) else 'MISSED a goal'}.")


def _write_json(
    livez: LoadResult, dashboard: LoadResult, ratio: float, goals: dict[str, bool], config: dict[str, object]
) -> None:
    """Write the figures, the configuration and the goals to bench/results/p2_web.json."""
    RESULTS.mkdir(parents=True, exist_ok=True)
    payload = {
        "benchmark": "P2 web",
        "finished_at": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "config": config,
        "endpoints": {"/livez": livez.as_dict(), "/account/dashboard/": dashboard.as_dict()},
        "ratio": round(ratio, 4),
        "goals": goals,
        "all_goals_met": all(goals.values()),
    }
    path = RESULTS / "p2_web.json"
    path.write_text(json.dumps(payload, indent=2) + "\n")
    _say(f"Results written to {path.relative_to(ROOT)}")


def main() -> int:
    """Run P2 and print its figures; 0 when it ran (goals met or not), 1 when it could not run."""
    _say("P2 web: GET /livez vs GET /account/dashboard/ (coordinator), gunicorn on PostgreSQL")
    database_url = os.environ.get("BENCH_DATABASE_URL", DEFAULT_DATABASE_URL)
    env = app_environment(database_url)
    previous = signal.signal(signal.SIGALRM, _timeout)
    signal.alarm(TIMEOUT_S)
    try:
        if ensure_database(database_url):
            _say(f"created database {database_url.rsplit('/', 1)[-1]}")
        _say("setup: collectstatic, migrate, createcachetable, seed_demo ...")
        began = time.monotonic()
        prepare(env)
        _say(f"setup done in {time.monotonic() - began:.0f} s")
        load_before = [round(x, 2) for x in os.getloadavg()]
        _say(f"load average before the run: {' '.join(map(str, load_before))} on {os.cpu_count()} CPUs")
        generator = _load_generator()
        rounds = _measure(env, generator)
    except (BenchError, Overrun, OSError, RuntimeError) as exc:
        _say(f"P2 could not run: {exc}")
        return 1
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)
    livez, dashboard, ratio = _summary(rounds)
    goals = _goals(livez, ratio, dashboard)
    _print_report(livez, dashboard, ratio, goals)
    config = {
        "server": f"gunicorn config.wsgi, {WORKERS} {WORKER_CLASS} workers x {THREADS} thread(s)",
        "settings": "config.settings.production",
        "database": database_url,
        "load_generator": generator,
        "clients": CLIENTS,
        "warmup_s": WARMUP_S,
        "measured_s": MEASURE_S,
        "rounds": [{"livez_rps": round(a.rps, 1), "dashboard_rps": round(b.rps, 1)} for a, b in rounds],
        "cpus": os.cpu_count(),
        "load_average_before": load_before,
    }
    _write_json(livez, dashboard, ratio, goals, config)
    return 0
