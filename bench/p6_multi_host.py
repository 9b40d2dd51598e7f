"""P6: packs through the real queue on two worker hosts that share PostgreSQL, Redis and an S3 server, and nothing
else; once clean and once with one host killed (SIGKILL, its whole process group) half-way.

Each request is one submitted referral (the P1 case: the fullest v4 answers with three attachments of 100, 120 and
80 pages, uploaded through the attachment sandbox) for 14 secure homes; 100 requests make 1,400 packs. Each worker
host is a `qcluster` process with 2 workers, its own PROTECTED_ROOT and scratch folder; the protected storage is
moto's S3 server on loopback (tests/s3.py), so files pass between hosts only through it. The kill run also runs
the sweeper every second (as the q cluster's schedule does every minute), with leases of 12 s.

Printed: packs per second (all packs over the time from the first request to the last pack done), time from a
pack's request to its being downloadable (done, files kept) p50/p95, jobs built more than once (a build that
finished twice; goal 0) and jobs never built (not done at the end; goal 0).
Smaller runs: BENCH_P6_REQUESTS (default 100) and BENCH_P6_HOMES (default 14). Its own PostgreSQL database
(BENCH_P6_DATABASE_URL, made afresh each run) and Redis database (BENCH_P6_REDIS_URL, db 14, emptied).
"""

import json
import math
import os
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
RESULTS = BENCH / "results"
DATABASE_URL = os.environ.get("BENCH_P6_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/secure_welfare_bench_hosts")
REDIS_URL = os.environ.get("BENCH_P6_REDIS_URL", "redis://127.0.0.1:6379/14")
REQUESTS = int(os.environ.get("BENCH_P6_REQUESTS", "100"))
HOMES = int(os.environ.get("BENCH_P6_HOMES", "14"))
ATTACHMENTS = (("attachment_court_order", 100), ("attachment_care_plan", 120), ("attachment_chronology", 80))
TIMEOUT_S = float(os.environ.get("BENCH_P6_TIMEOUT_S", "3600"))

# Every process of the bench starts from this: the test settings on the bench's own database, broker and storage.
BOOTSTRAP = """
import os, sys, json, time
sys.path.insert(0, os.environ["P6_ROOT"])
os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.test"
import config.settings.test as s
from pathlib import Path
s.PROTECTED_ROOT = Path(os.environ["P6_PROTECTED_ROOT"])
s.Q_CLUSTER = {**s.Q_CLUSTER, "sync": False, "name": os.environ["P6_CLUSTER"], "workers": 2, "timeout": 120,
               "retry": 150, "scheduler": False, "poll": 0.1, "guard_cycle": 0.2}
s.PACK_WALL_SECONDS, s.PACK_LEASE_MARGIN_SECONDS = 10, 2
s.PACK_SEND_GRACE_SECONDS, s.PACK_REDELIVER_SECONDS = 1, 30
import django
django.setup()
"""
CLUSTER = BOOTSTRAP + "from django.core.management import call_command\ncall_command('qcluster')\n"
SETUP = (
    BOOTSTRAP
    + """
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas
import io
from accounts.models import Organisation, Role
from demo.forms import demo_forms_seed
from forms_engine.models import FormVersion
from forms_engine.schema import question_index
from forms_engine.services import (referral_attachment_add, referral_send_for_signature, referral_sign_and_submit,
                                   referral_start)
from tests.factories import SecureHomeFactory, member
from tests.forms_engine.answers import complete_answers

call_command("migrate", verbosity=0)
demo_forms_seed()
version = FormVersion.objects.get(number=4)
authority = Organisation.objects.create(name="Hampshire County Council", slug="hampshire",
                                        kind=Organisation.Kind.LOCAL_AUTHORITY, ons_code="E10000014")
worker, officer = member(Role.SOCIAL_WORKER, authority), member(Role.SANCTIONING_OFFICER, authority)
coordinator = member(Role.COORDINATOR)
homes = [SecureHomeFactory(name=f"Home {n}", slug=f"p6-home-{n}").pk for n in range(int(os.environ["P6_HOMES"]))]

def pdf(title, pages):
    out = io.BytesIO()
    page = canvas.Canvas(out, pagesize=A4, invariant=1)
    for number in range(1, pages + 1):
        page.setFont("Helvetica-Bold", 13)
        page.drawString(60, 790, f"{title} - page {number} of {pages}")
        page.setFont("Helvetica", 9.5)
        for line in range(60):
            page.drawString(60, 760 - line * 11.5, f"Line {line + 1}: synthetic record text for the benchmark. " * 2)
        page.showPage()
    page.save()
    return out.getvalue()

files = [(key, pdf(key, pages)) for key, pages in json.loads(os.environ["P6_ATTACHMENTS"])]
questions = question_index(version.schema)
referrals = []
for number in range(int(os.environ["P6_REFERRALS"])):
    draft = referral_start(membership=worker.memberships.get(), version=version)
    draft.answers = complete_answers(version.schema, version.code_lists, **draft.answers)
    draft.answers["child_first_name"] = f"Bench{number:04d}"  # each request its own inputs, so its own jobs
    draft.save()
    for key, data in files:
        upload = SimpleUploadedFile(f"{key}.pdf", data, content_type="application/pdf")
        referral_attachment_add(referral=draft, question=questions[key], upload=upload, user=worker)
    referral_send_for_signature(referral=draft, user=worker)
    referrals.append(referral_sign_and_submit(referral=draft, membership=officer.memberships.get(), job_title="HoS").pk)
print("P6_SETUP " + json.dumps({"referrals": referrals, "homes": homes, "user": coordinator.pk}))
"""
)
REQUEST = (
    BOOTSTRAP
    + """
from django.contrib.auth.models import User
from accounts.models import Organisation
from forms_engine.models import Referral
from forms_engine.services.packs import packs_request
homes = list(Organisation.objects.filter(pk__in=json.loads(os.environ["P6_HOME_IDS"])).order_by("pk"))
user = User.objects.get(pk=int(os.environ["P6_USER"]))
for pk in json.loads(os.environ["P6_REFERRAL_IDS"]):
    packs_request(referral=Referral.objects.get(pk=pk), homes=homes, user=user)
"""
)
SWEEPER = (
    BOOTSTRAP
    + """
from forms_engine.services.packs import packs_sweep
while True:
    packs_sweep()
    time.sleep(1)
"""
)


def _say(text: str = "") -> None:
    sys.stdout.write(text + "\n")
    sys.stdout.flush()


class _Hosts:
    """The bench's processes, each in its own process group, all killed on leaving."""

    def __init__(self, folder: Path, env: dict[str, str]) -> None:
        self.folder, self.env, self.started = folder, env, []  # type: list[subprocess.Popen[bytes]]

    def start(self, code: str, name: str, **extra: str) -> "subprocess.Popen[bytes]":
        disk = self.folder / name
        (disk / "protected").mkdir(parents=True, exist_ok=True)
        (disk / "scratch").mkdir(exist_ok=True)
        env = {
            **self.env,
            "P6_PROTECTED_ROOT": str(disk / "protected"),
            "SCRATCH_ROOT": str(disk / "scratch"),
            "TMPDIR": str(disk / "scratch"),
            **extra,
        }
        log = (self.folder / f"{name}.log").open("ab")
        process = subprocess.Popen(
            [sys.executable, "-c", code],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        self.started.append(process)
        return process

    def output(self, code: str, name: str, marker: str, **extra: str) -> Any:
        process = self.start(code, name, **extra)
        if process.wait(timeout=TIMEOUT_S) != 0:
            raise RuntimeError(f"{name} failed: see {self.folder / (name + '.log')}")
        line = next(line for line in (self.folder / f"{name}.log").read_text().splitlines() if line.startswith(marker))
        return json.loads(line[len(marker) :])

    def wait_for_log(self, name: str, text: str, timeout: float = 180) -> None:
        deadline = time.monotonic() + timeout
        while text not in (self.folder / f"{name}.log").read_text(errors="replace"):
            if time.monotonic() > deadline:
                raise RuntimeError(f"{name} did not say {text!r}: see {self.folder / (name + '.log')}")
            time.sleep(0.2)

    def kill(self, process: "subprocess.Popen[bytes]") -> None:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=30)

    def stop_all(self) -> None:
        for process in self.started:
            self.kill(process)


def _database_afresh() -> None:
    import psycopg

    name = DATABASE_URL.rsplit("/", 1)[1]
    with psycopg.connect(DATABASE_URL.rsplit("/", 1)[0] + "/postgres", autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
        admin.execute(f'CREATE DATABASE "{name}"')


def _jobs(referrals: list[int]) -> list[dict[str, Any]]:
    """The referrals' pack jobs, read straight from the database (no Django process in the way of the workers)."""
    import psycopg

    query = (
        "SELECT state, attempts, faults, issued_at, finished_at, files FROM forms_engine_packjob"
        " WHERE referral_id = ANY(%s)"
    )
    with psycopg.connect(DATABASE_URL) as reader:
        found = reader.execute(query, (referrals,)).fetchall()
    return [
        {
            "state": state,
            "attempts": attempts,
            "faults": faults,
            "issued": issued.timestamp(),
            "finished": finished.timestamp() if finished else None,
            "files": sorted(files or {}),
        }
        for state, attempts, faults, issued, finished, files in found
    ]


def _run(hosts: _Hosts, ids: dict[str, Any], referrals: list[int], *, kill: bool) -> dict[str, Any]:
    """Ask for the referrals' packs on a web host; two worker hosts build them; the kill run kills one half-way."""
    asked = {"P6_REFERRAL_IDS": json.dumps(referrals), "P6_HOME_IDS": json.dumps(ids["homes"])}
    tag = "kill" if kill else "clean"
    workers = [hosts.start(CLUSTER, f"{tag}-worker-{n}") for n in "ab"]
    sweeper = hosts.start(SWEEPER, f"{tag}-sweeper") if kill else None
    for n in "ab":  # timed from the request, once both hosts are up
        hosts.wait_for_log(f"{tag}-worker-{n}", "running.")
    began = time.time()
    requester = hosts.start(REQUEST, f"{tag}-web", P6_USER=str(ids["user"]), **asked)
    total = len(referrals) * len(ids["homes"])
    killed_at = None

    def state() -> list[dict[str, Any]]:
        return _jobs(referrals)

    while time.time() - began < TIMEOUT_S:
        rows = state()
        done = sum(row["state"] == "done" for row in rows)
        if kill and killed_at is None and done >= total // 2:
            hosts.kill(workers[0])
            killed_at = done
            _say(f"  killed worker host a with {done} of {total} packs done")
        if len(rows) == total and done == total:
            break
        time.sleep(1)
    requester.wait(timeout=60)
    rows = state()
    for process in [*workers, *([sweeper] if sweeper else [])]:
        hosts.kill(process)
    done = [row for row in rows if row["state"] == "done"]
    waits = sorted(row["finished"] - row["issued"] for row in done)
    span = (max(row["finished"] for row in done) - began) if done else float("nan")
    return {
        "run": tag,
        "packs": total,
        "packs_per_second": round(len(done) / span, 2) if done else 0.0,
        "downloadable_p50_s": round(statistics.median(waits), 2) if waits else None,
        "downloadable_p95_s": round(waits[math.ceil(len(waits) * 0.95) - 1], 2) if waits else None,
        "built_more_than_once": sum(row["attempts"] - row["faults"] > 1 for row in rows),
        "never_built": total - len(done),
        "incomplete_files": sum(row["files"] != ["manifest.json", "pack.docx", "pack.pdf"] for row in done),
        "rebuilt_after_the_kill": sum(row["faults"] > 0 for row in rows),
        "killed_at_done": killed_at,
    }


def _print(result: dict[str, Any]) -> None:
    _say(
        f"  {result['run']:5}: {result['packs']} packs, {result['packs_per_second']} packs/s, request to "
        f"downloadable p50 {result['downloadable_p50_s']} s / p95 {result['downloadable_p95_s']} s, built more than "
        f"once {result['built_more_than_once']} (goal 0), never built {result['never_built']} (goal 0), "
        f"rebuilt after the kill {result['rebuilt_after_the_kill']}"
    )


def main() -> int:
    sys.path.insert(0, str(ROOT))
    from tests.s3 import s3_server

    _say(f"P6 two worker hosts: {REQUESTS} requests x {HOMES} homes, clean and with one host killed half-way")
    _database_afresh()
    import redis

    redis.Redis.from_url(REDIS_URL).flushdb()
    results: list[dict[str, Any]] = []
    with tempfile.TemporaryDirectory(prefix="p6-") as folder, s3_server() as server:
        env = {
            **os.environ,
            **server.environ(f"p6-{uuid.uuid4().hex[:8]}"),
            "P6_ROOT": str(ROOT),
            "P6_CLUSTER": f"p6-{uuid.uuid4().hex[:8]}",
            "DATABASE_URL": DATABASE_URL,
            "REDIS_URL": REDIS_URL,
        }
        hosts = _Hosts(Path(folder), env)
        try:
            began = time.time()
            ids = hosts.output(
                SETUP,
                "setup",
                "P6_SETUP ",
                P6_REFERRALS=str(2 * REQUESTS),
                P6_HOMES=str(HOMES),
                P6_ATTACHMENTS=json.dumps(ATTACHMENTS),
            )
            _say(f"  set-up: {2 * REQUESTS} submitted referrals with attachments in {time.time() - began:.0f} s")
            runs: list[tuple[list[int], bool]] = [
                (ids["referrals"][:REQUESTS], False),
                (ids["referrals"][REQUESTS:], True),
            ]
            for referrals, kill in runs:
                results.append(_run(hosts, ids, referrals, kill=kill))
                _print(results[-1])
        finally:
            hosts.stop_all()
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "p6_multi_host.json").write_text(json.dumps(results, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
