"""P2: the social worker's journey (task list, a question page, saving an answer) against /livez, under gunicorn."""

import json
import os
import signal
import statistics
import subprocess
import sys
import time
import urllib.parse
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack
from dataclasses import dataclass, replace
from functools import partial
from pathlib import Path
from types import FrameType
from typing import Any

from loadgen import LoadResult, Target, run_load
from webapp import (
    DEFAULT_DATABASE_URL,
    HOST,
    ROOT,
    BenchError,
    ServicesCpu,
    app_environment,
    collect_static,
    demo_password,
    ensure_database,
    get,
    gunicorn,
    hidden_field,
    machine_busy_seconds,
    prepare,
    request,
    sign_in_cookies,
)

BENCH = Path(__file__).resolve().parent
RESULTS = BENCH / "results"
SETUP_SCRIPT = BENCH / "p2_journey-setup.py"
SETUP_MARKER = "P2_JOURNEY "
WORKERS = 2
WORKER_CLASS = os.environ.get("BENCH_WORKER_CLASS", "sync")
THREADS = int(os.environ.get("BENCH_THREADS", "1" if WORKER_CLASS == "sync" else "4"))
CLIENT_COUNTS = (20, 50)
USERS = max(CLIENT_COUNTS)  # one social worker, session and draft per client
WARMUP_S = 2.0
MEASURE_S = 5.0
# Every endpoint is loaded in turn at each client count, ROUNDS times; each figure is the median round's, with the
# worst p95 and the errors of every round: on a shared virtual machine the speed drifts within a minute.
ROUNDS = 3
# Another checkout of the project (say, main before a change) to measure beside this one: served by a second gunicorn
# from that tree on the same database, settings and sessions, and loaded cell by cell in turn with this one's (which
# goes first alternates by round), so both see the same drift of a shared machine.
COMPARE_ROOT = os.environ.get("BENCH_COMPARE_ROOT", "")
THIS, COMPARED = "this checkout", "compared checkout"
COMPARE_EXTRA_S = 420
# The whole of P2, setup included (a first migrate of an empty database takes about a minute); a compared checkout
# doubles the load phase.
TIMEOUT_S = 600
SIGN_IN_THREADS = 4  # sign-ins hash a password each; a few at once keep both workers busy
MAX_POST_P95_MS = 100.0
MAX_PAGE_CPU_RATIO = 10.0
OTHERS_WARNING = 0.2  # CPUs kept busy by processes that are not the benchmark's
LOAD_GENERATOR = "python: a thread per client, http.client (bench/loadgen.py), on the same 2 CPUs as the server"
TASK_LIST_MARKER = b'class="govuk-task-list__item'
PAGE_MARKER = b'name="csrfmiddlewaretoken"'
LEGEND = f"""\
  CPU ms: gunicorn's CPU per request (master and workers, /proc utime + stime); /livez: that over /livez's at the
  same client count (the median of the rounds' ratios); PG+Redis: the CPU per request of the bench database's
  PostgreSQL backends and of Redis; client: this load generator's. Each row is the median-throughput round of
  {ROUNDS}, with the worst p95 and the errors of every round."""
ENDPOINTS = {
    "livez": "GET /livez",
    "task_list": "GET task list",
    "page": "GET question page",
    "post": "POST answer -> 302",
}

Cell = tuple[int, str]  # (clients, endpoint)
Round = dict[Cell, LoadResult]
Targets = dict[str, list[Target]]  # endpoint -> one target per client


def _say(text: str = "") -> None:
    """Print a line at once (the benchmark is long enough to want progress)."""
    sys.stdout.write(text + "\n")
    sys.stdout.flush()


class Overrun(Exception):
    """P2 ran past its overall time limit (not an OSError, so no `except OSError` on the way swallows it)."""


def _timeout(signum: int, frame: FrameType | None) -> None:
    """SIGALRM handler: abandon the run; the finally blocks stop gunicorn."""
    raise Overrun(f"P2 did not finish within {TIMEOUT_S + (COMPARE_EXTRA_S if COMPARE_ROOT else 0)} s")


@dataclass(frozen=True)
class Journey:
    """One social worker's draft, as the set-up script reports it: its pages, the answer form and its redirect."""

    email: str
    referral: int
    task_list: str
    page: str
    form: dict[str, str]
    redirect: str


def _journeys(env: dict[str, str]) -> list[Journey]:
    """Create or reuse the bench's social workers and drafts through the app's own services."""
    command = [sys.executable, str(SETUP_SCRIPT), str(USERS)]
    try:
        done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=300, check=False)
    except subprocess.TimeoutExpired as exc:
        raise BenchError(f"{SETUP_SCRIPT.name} took longer than 300 s") from exc
    for line in done.stdout.splitlines():
        if done.returncode == 0 and line.startswith(SETUP_MARKER):
            return [Journey(**item) for item in json.loads(line.removeprefix(SETUP_MARKER))]
    tail = "\n".join((done.stdout + done.stderr).strip().splitlines()[-20:])
    raise BenchError(f"{SETUP_SCRIPT.name} failed with exit code {done.returncode}:\n{tail}")


def _checked_targets(port: int, journey: Journey, cookie: dict[str, str]) -> dict[str, Target]:
    """Check one signed-in social worker's task list, page and answer POST on one server; return their targets."""
    task_list = get(port, journey.task_list, cookie)
    if task_list.status != 200 or TASK_LIST_MARKER not in task_list.body:
        raise BenchError(
            f"the task list {journey.task_list} did not render for {journey.email} (HTTP {task_list.status})"
        )
    page = get(port, journey.page, cookie)
    if page.status != 200 or PAGE_MARKER not in page.body:
        raise BenchError(f"the question page {journey.page} did not render for {journey.email} (HTTP {page.status})")
    token = hidden_field(page.body.decode(), "csrfmiddlewaretoken")  # what the browser posts back with the form
    body = urllib.parse.urlencode({"csrfmiddlewaretoken": token, **journey.form, "continue": ""})
    post_headers = {
        **cookie,
        "Content-Type": "application/x-www-form-urlencoded",
        "Origin": f"http://{HOST}:{port}",
    }
    saved = request(port, "POST", journey.page, post_headers, body)
    if saved.status != 302 or saved.location != journey.redirect:
        raise BenchError(
            f"saving {journey.page} as {journey.email} gave HTTP {saved.status} to {saved.location!r}, "
            f"not 302 to {journey.redirect}"
        )
    return {
        "task_list": Target(HOST, port, journey.task_list, cookie),
        "page": Target(HOST, port, journey.page, cookie),
        "post": Target(HOST, port, journey.page, post_headers, "POST", body, 302, journey.redirect),
    }


def _client_targets(ports: list[int], journey: Journey) -> list[dict[str, Target]]:
    """Sign one social worker in (on the first server: sessions live in the shared database) and check their pages
    on every server; their task list, page and answer targets on each."""
    cookies = sign_in_cookies(ports[0], journey.email, demo_password())
    cookie = {"Cookie": "; ".join(f"{name}={value}" for name, value in cookies.items())}
    return [_checked_targets(port, journey, cookie) for port in ports]


def _targets(ports: list[int], journeys: list[Journey]) -> list[Targets]:
    """Every endpoint's targets on each server, one per client (/livez is the same for all, and signed out)."""
    with ThreadPoolExecutor(SIGN_IN_THREADS) as pool:
        clients = list(pool.map(partial(_client_targets, ports), journeys))
    every: list[Targets] = []
    for number, port in enumerate(ports):
        targets = {name: [client[number][name] for client in clients] for name in ("task_list", "page", "post")}
        every.append({"livez": [Target(HOST, port, "/livez")], **targets})
    return every


def _measure(
    env: dict[str, str], journeys: list[Journey], services_cpu: ServicesCpu, roots: dict[str, Path]
) -> tuple[dict[str, list[Round]], float]:
    """Start a gunicorn per checkout, sign every social worker in and load each endpoint at each client count,
    ROUNDS times, the checkouts in turn cell by cell.

    Also returns how many CPUs, on average, other processes on the machine kept busy meanwhile.
    """
    with ExitStack() as stack:
        servers = {
            name: stack.enter_context(
                gunicorn(
                    env,
                    workers=WORKERS,
                    worker_class=WORKER_CLASS,
                    threads=THREADS,
                    log=RESULTS / f"p2_gunicorn{'' if name == THIS else '_compared'}.log",
                    root=root,
                )
            )
            for name, root in roots.items()
        }
        for name in servers:
            _say(f"gunicorn, {name} ({roots[name]}): {WORKERS} {WORKER_CLASS} workers x {THREADS} thread(s)")
        began = time.monotonic()
        targets = dict(zip(servers, _targets([server.port for server in servers.values()], journeys), strict=True))
        _say(f"signed in {len(journeys)} social workers and checked their pages in {time.monotonic() - began:.0f} s")
        _say(
            f"load: {WARMUP_S:.0f} s warm-up + {MEASURE_S:.0f} s measured per endpoint and client count, "
            f"{ROUNDS} rounds"
        )
        load = partial(run_load, warmup=WARMUP_S, duration=MEASURE_S, services_cpu=services_cpu)

        def servers_cpu() -> float:
            return sum(server.cpu_seconds() for server in servers.values())

        ours = partial(_our_cpu_seconds, servers_cpu, services_cpu)
        began, busy_before, ours_before = time.monotonic(), machine_busy_seconds(), ours()
        rounds: dict[str, list[Round]] = {name: [] for name in servers}
        for number in range(1, ROUNDS + 1):
            order = list(servers) if number % 2 else list(reversed(servers))
            round_: dict[str, Round] = {name: {} for name in servers}
            for clients in CLIENT_COUNTS:
                for endpoint in ENDPOINTS:
                    for name in order:
                        round_[name][clients, endpoint] = load(
                            targets[name][endpoint][:clients], clients=clients, server_cpu=servers[name].cpu_seconds
                        )
            for name in servers:
                rounds[name].append(round_[name])
                figures = ", ".join(f"{c}x {n} {r.rps:.0f}/s" for (c, n), r in round_[name].items())
                _say(f"  round {number} ({name}): {figures}")
        others = (machine_busy_seconds() - busy_before - (ours() - ours_before)) / (time.monotonic() - began)
    return rounds, max(0.0, others)


def _our_cpu_seconds(server_cpu: Callable[[], float], services_cpu: Callable[[], float]) -> float:
    """CPU seconds so far of everything this benchmark runs: gunicorn, PostgreSQL, Redis and the load generator."""
    return server_cpu() + services_cpu() + time.process_time()


def _cpu_ratio(round_: Round, cell: Cell) -> float:
    """Server CPU per request of a cell over that of /livez at the same client count, in the same round."""
    livez = round_[cell[0], "livez"].server_cpu_ms
    return round_[cell].server_cpu_ms / livez if livez else 0.0


def _summary(rounds: list[Round]) -> tuple[dict[Cell, LoadResult], dict[Cell, float]]:
    """Each cell's median-throughput round, with the worst p95 and every round's errors; the median CPU ratios."""
    figures, ratios = {}, {}
    for cell in rounds[0]:
        results = [round_[cell] for round_ in rounds]
        median = sorted(results, key=lambda result: result.rps)[len(results) // 2]
        figures[cell] = replace(
            median,
            p95_ms=max(result.p95_ms for result in results),
            errors=sum(result.errors for result in results),
            error_samples=tuple(dict.fromkeys(sample for result in results for sample in result.error_samples))[:5],
        )
        ratios[cell] = statistics.median(_cpu_ratio(round_, cell) for round_ in rounds)
    return figures, ratios


def _goals(figures: dict[Cell, LoadResult], ratios: dict[Cell, float]) -> dict[str, bool]:
    """Each goal of the issue and whether it holds."""
    most = max(CLIENT_COUNTS)
    goals = {"0 errors": all(result.errors == 0 for result in figures.values())}
    goals[f"POST answer p95 <= {MAX_POST_P95_MS:.0f} ms at {most} clients"] = (
        figures[most, "post"].p95_ms <= MAX_POST_P95_MS
    )
    for clients in CLIENT_COUNTS:
        goals[f"CPU per question page <= {MAX_PAGE_CPU_RATIO:.0f}x /livez at {clients} clients"] = (
            0 < ratios[clients, "page"] <= MAX_PAGE_CPU_RATIO
        )
    return goals


def _row(cell: Cell, result: LoadResult, ratio: float) -> str:
    """One table line."""
    return (
        f"  {cell[0]:>7}  {ENDPOINTS[cell[1]]:<20} {result.requests:>8} {result.errors:>6} {result.rps:>7.1f} "
        f"{result.p50_ms:>7.1f} {result.p95_ms:>7.1f} {result.server_cpu_ms:>8.2f} {ratio:>7.1f}x "
        f"{result.services_cpu_ms:>8.2f} {result.client_cpu_ms:>8.2f}"
    )


def _print_report(
    figures: dict[Cell, LoadResult], ratios: dict[Cell, float], goals: dict[str, bool], others: float
) -> None:
    """Print the table, how busy the rest of the machine was and each goal as met or MISSED."""
    _say()
    _say(
        f"  {'clients':>7}  {'endpoint':<20} {'requests':>8} {'errors':>6} {'req/s':>7} {'p50 ms':>7} {'p95 ms':>7} "
        f"{'CPU ms':>8} {'/livez':>8} {'PG+Redis':>8} {'client':>8}"
    )
    for cell, result in figures.items():
        _say(_row(cell, result, ratios[cell]))
    _say(f"  load generator: {LOAD_GENERATOR}")
    _say(LEGEND)
    disturbed = " (the figures are disturbed: run again on a quiet machine)" if others > OTHERS_WARNING else ""
    _say(f"  other processes kept {others:.2f} of {os.cpu_count()} CPUs busy during the load{disturbed}")
    for (clients, name), result in figures.items():
        if result.error_samples:
            _say(f"  errors on {ENDPOINTS[name]} at {clients}: {'; '.join(result.error_samples)}")
    _say()
    for goal, held in goals.items():
        _say(f"  {'met   ' if held else 'MISSED'}  {goal}")
    _say(f"\nP2 {'met every goal' if all(goals.values()) else 'MISSED a goal'}.")


def _comparison(this: list[Round], compared: list[Round]) -> dict[Cell, dict[str, object]]:
    """Per cell, this checkout's figures over the compared one's, round by round (the two were loaded in turn)."""
    figures = {}
    for cell in this[0]:
        cpu = sorted(a[cell].server_cpu_ms / b[cell].server_cpu_ms for a, b in zip(this, compared, strict=True))
        livez = [(_cpu_ratio(a, cell), _cpu_ratio(b, cell)) for a, b in zip(this, compared, strict=True)]
        figures[cell] = {
            "cpu_ms": (
                statistics.median(r[cell].server_cpu_ms for r in this),
                statistics.median(r[cell].server_cpu_ms for r in compared),
            ),
            "livez_ratio": (statistics.median(a for a, _ in livez), statistics.median(b for _, b in livez)),
            "cpu_this_over_compared": (statistics.median(cpu), cpu[0], cpu[-1]),
            "p95_ms": (max(r[cell].p95_ms for r in this), max(r[cell].p95_ms for r in compared)),
        }
    return figures


def _print_comparison(figures: dict[Cell, dict[str, Any]], compared_root: str) -> None:
    """The A/B table: CPU per request, its multiple of /livez and p95 of each checkout, and their ratio's spread."""
    _say(f"\n  {THIS} (A) against {COMPARED} (B, {compared_root}), loaded in turn cell by cell:")
    _say(
        f"  {'clients':>7}  {'endpoint':<20} {'CPU ms A':>9} {'CPU ms B':>9} {'/livez A':>9} {'/livez B':>9} "
        f"{'p95 A':>8} {'p95 B':>8}   A/B CPU: median (rounds' min-max)"
    )
    for (clients, name), row in figures.items():
        (cpu_a, cpu_b), (livez_a, livez_b), (p95_a, p95_b) = row["cpu_ms"], row["livez_ratio"], row["p95_ms"]
        median, low, high = row["cpu_this_over_compared"]
        _say(
            f"  {clients:>7}  {ENDPOINTS[name]:<20} {cpu_a:>9.2f} {cpu_b:>9.2f} {livez_a:>8.1f}x {livez_b:>8.1f}x "
            f"{p95_a:>8.0f} {p95_b:>8.0f}   {median:.2f} ({low:.2f}-{high:.2f})"
        )


def _write_json(
    figures: dict[Cell, LoadResult],
    ratios: dict[Cell, float],
    goals: dict[str, bool],
    config: dict[str, object],
    comparison: dict[Cell, dict[str, Any]] | None = None,
) -> None:
    """Write the figures, the configuration and the goals to bench/results/p2_web.json."""
    RESULTS.mkdir(parents=True, exist_ok=True)
    cells: dict[str, dict[str, object]] = {}
    for (clients, name), result in figures.items():
        cells.setdefault(str(clients), {})[name] = {
            "endpoint": ENDPOINTS[name],
            **result.as_dict(),
            "server_cpu_ratio_to_livez": round(ratios[clients, name], 3),
        }
    payload = {
        "benchmark": "P2 web: the social worker's journey",
        "finished_at": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "config": config,
        "clients": cells,
        "goals": goals,
        "all_goals_met": all(goals.values()),
    }
    if comparison is not None:
        payload["compared_with"] = {
            "root": COMPARE_ROOT,
            "clients": {
                f"{clients} {name}": {key: [round(v, 3) for v in value] for key, value in row.items()}
                for (clients, name), row in comparison.items()
            },
        }
    path = RESULTS / "p2_web.json"
    path.write_text(json.dumps(payload, indent=2) + "\n")
    _say(f"Results written to {path.relative_to(ROOT)}")


def main() -> int:
    """Run P2 and print its figures; 0 when it ran (goals met or not), 1 when it could not run."""
    _say(
        f"P2 web: {USERS} social workers' task list, question page and answer POST vs GET /livez, "
        f"at {' and '.join(map(str, CLIENT_COUNTS))} clients, gunicorn on PostgreSQL and Redis"
    )
    database_url = os.environ.get("BENCH_DATABASE_URL", DEFAULT_DATABASE_URL)
    env = app_environment(database_url)
    previous = signal.signal(signal.SIGALRM, _timeout)
    signal.alarm(TIMEOUT_S + (COMPARE_EXTRA_S if COMPARE_ROOT else 0))
    try:
        if ensure_database(database_url):
            _say(f"created database {database_url.rsplit('/', 1)[-1]}")
        _say("setup: collectstatic, migrate, createcachetable, seed_demo ...")
        began = time.monotonic()
        prepare(env)
        roots = {THIS: ROOT}
        if COMPARE_ROOT:
            roots[COMPARED] = Path(COMPARE_ROOT).resolve()
            collect_static(env, roots[COMPARED])
        journeys = _journeys(env)
        _say(f"setup done in {time.monotonic() - began:.0f} s ({len(journeys)} social workers, a draft each)")
        load_before = [round(x, 2) for x in os.getloadavg()]
        _say(f"load average before the run: {' '.join(map(str, load_before))} on {os.cpu_count()} CPUs")
        every, others = _measure(env, journeys, ServicesCpu(database_url), roots)
    except (BenchError, Overrun, OSError, RuntimeError) as exc:
        _say(f"P2 could not run: {exc}")
        return 1
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)
    rounds = every[THIS]
    figures, ratios = _summary(rounds)
    goals = _goals(figures, ratios)
    _print_report(figures, ratios, goals, others)
    comparison = _comparison(rounds, every[COMPARED]) if COMPARE_ROOT else None
    if comparison is not None:
        _print_comparison(comparison, COMPARE_ROOT)
    config = {
        "server": f"gunicorn config.wsgi, {WORKERS} {WORKER_CLASS} workers x {THREADS} thread(s)",
        "settings": "config.settings.production",
        "database": database_url,
        "redis": env["REDIS_URL"],
        "load_generator": LOAD_GENERATOR,
        "client_counts": list(CLIENT_COUNTS),
        "social_workers": [journey.email for journey in journeys],
        "question_page": journeys[0].page.split("/", 3)[-1],
        "answer_form": sorted(journeys[0].form),
        "warmup_s": WARMUP_S,
        "measured_s": MEASURE_S,
        "rounds": [{f"{c} {n}": round(r.rps, 1) for (c, n), r in round_.items()} for round_ in rounds],
        "cpus": os.cpu_count(),
        "load_average_before": load_before,
        "other_processes_cpus_busy": round(others, 3),
    }
    _write_json(figures, ratios, goals, config, comparison)
    return 0


if __name__ == "__main__":
    sys.exit(main())
