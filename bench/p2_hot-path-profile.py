"""Profile P2's hot path in-process: one bench social worker's question page GET and answer POST (and task list).

Run after P2's set-up has filled the bench database (`bench/p2_web.py` does it), with the same environment, e.g.

    DJANGO_SETTINGS_MODULE=config.settings.production DATABASE_URL=postgres://postgres@127.0.0.1:5432/... \
    REDIS_URL=redis://127.0.0.1:6379/14 SECRET_KEY=... DEMO_DATA_ALLOWED=true ALLOWED_HOSTS=127.0.0.1 \
    SECURE_SSL_REDIRECT=false .venv/bin/python bench/p2_hot-path-profile.py [REQUESTS] [--queries]

Signs the first bench social worker in as the two sign-in steps leave a session (a verified TOTP device), warms the
process, then runs each request REQUESTS times under cProfile (timed by CPU, not wall clock) and prints the CPU per
request and the top functions by cumulative and by own time, and saves each profile to bench/results/ (for
`python -m pstats` or snakeviz). With --queries it prints every SQL statement of one request of each kind instead.
(The hyphen keeps bench/run.py from taking this file for a benchmark.)
"""

import cProfile
import io
import json
import pstats
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
SETUP_SCRIPT = Path(__file__).resolve().parent / "p2_journey-setup.py"
RESULTS = Path(__file__).resolve().parent / "results"
HOST = "127.0.0.1"
TOP = 45


def _say(text: str = "") -> None:
    sys.stdout.write(text + "\n")


def _journey() -> dict[str, Any]:
    """The first bench social worker's draft, from the set-up script (idempotent)."""
    done = subprocess.run(
        [sys.executable, str(SETUP_SCRIPT), "1"], cwd=ROOT, capture_output=True, text=True, check=True, timeout=300
    )
    line = next(line for line in done.stdout.splitlines() if line.startswith("P2_JOURNEY "))
    return dict(json.loads(line.removeprefix("P2_JOURNEY "))[0])


def _client(email: str) -> Any:
    """A test client signed in with a verified second factor, like accounts.two_factor leaves a session."""
    from django.contrib.auth import get_user_model
    from django.test import Client
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from accounts.two_factor import VERIFIED_AT_KEY

    user = get_user_model().objects.get(username=email)
    client = Client(SERVER_NAME=HOST)
    client.force_login(user)
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first() or TOTPDevice.objects.create(
        user=user, name="Bench profile", confirmed=True
    )
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session[VERIFIED_AT_KEY] = int(time.time())
    session.save()
    return client


def _requests(client: Any, journey: dict[str, Any]) -> dict[str, Any]:
    """Each request of the journey as a callable that checks its answer."""
    from webapp import hidden_field

    token = hidden_field(client.get(journey["page"]).content.decode(), "csrfmiddlewaretoken")
    form = {"csrfmiddlewaretoken": token, **journey["form"], "continue": ""}

    def task_list() -> None:
        assert client.get(journey["task_list"]).status_code == 200

    def question_page() -> None:
        assert client.get(journey["page"]).status_code == 200

    def answer_post() -> None:
        reply = client.post(journey["page"], form)
        assert reply.status_code == 302 and reply["Location"] == journey["redirect"], reply.status_code

    return {"task list": task_list, "question page": question_page, "answer POST": answer_post}


def _print_queries(calls: dict[str, Any]) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for name, call in calls.items():
        with CaptureQueriesContext(connection) as queries:
            call()
        _say(f"\n{name}: {len(queries)} queries")
        for query in queries:
            _say(f"  {query['time']}s  {query['sql'][:220]}")


def main(count: int, queries: bool) -> None:
    journey = _journey()
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    calls = _requests(_client(journey["email"]), journey)
    if queries:
        _print_queries(calls)
        return
    for name, call in calls.items():
        for _ in range(20):  # warm: templates compiled, connections open, per-process caches filled
            call()
        began = time.process_time()
        for _ in range(count):
            call()
        cpu_ms = (time.process_time() - began) * 1000 / count
        profile = cProfile.Profile(time.process_time)  # CPU time: what P2's per-request figure counts
        profile.enable()
        for _ in range(count):
            call()
        profile.disable()
        RESULTS.mkdir(parents=True, exist_ok=True)
        profile.dump_stats(RESULTS / f"p2_profile_{name.replace(' ', '_')}.prof")
        out = io.StringIO()
        stats = pstats.Stats(profile, stream=out).strip_dirs()
        stats.sort_stats("cumulative").print_stats(TOP)
        stats.sort_stats("tottime").print_stats(TOP)
        _say(f"\n===== {name}: {cpu_ms:.2f} ms CPU per request (unprofiled, {count} requests) =====")
        _say(out.getvalue())


if __name__ == "__main__":
    main(int(next((a for a in sys.argv[1:] if a.isdigit()), "200")), "--queries" in sys.argv)
