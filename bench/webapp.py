"""Prepare the app for a production-like run on PostgreSQL, serve it with gunicorn and sign a demo user in."""

import ast
import base64
import hashlib
import hmac
import http.client
import os
import secrets
import signal
import socket
import string
import struct
import subprocess
import sys
import time
import urllib.parse
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from http.cookies import SimpleCookie
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HOST = "127.0.0.1"
DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/secure_welfare_bench"
SITE_CSS = ROOT / "site" / "static" / "site" / "application.css"


class BenchError(RuntimeError):
    """The benchmark could not run (as opposed to running and missing a goal)."""


@dataclass(frozen=True)
class Server:
    """A running gunicorn: its port, its master's pid and where its log goes."""

    port: int
    pid: int
    log: Path

    def cpu_seconds(self) -> float:
        """CPU seconds used so far by the master and its workers, exited workers included (from /proc)."""
        ticks = _process_ticks(lambda pid, ppid, name: self.pid in (pid, ppid), children=True)
        return sum(ticks.values()) / os.sysconf("SC_CLK_TCK")


def _process_ticks(chosen: Callable[[int, int, str], bool], *, children: bool = False) -> dict[int, int]:
    """utime + stime, in clock ticks, of each process chosen by (pid, parent pid, command name).

    With children, also cutime + cstime: the time of its children that have exited and been reaped.
    """
    ticks = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            text = stat.read_text()
            name = text[text.index("(") + 1 : text.rindex(")")]
            fields = text.rsplit(")", 1)[1].split()
            if chosen(int(stat.parent.name), int(fields[1]), name):
                ticks[int(stat.parent.name)] = sum(int(value) for value in fields[11 : 15 if children else 13])
        except (OSError, ValueError):
            continue  # the process ended while we looked
    return ticks


def _process_title(pid: int) -> str:
    """A process's command line as ps shows it (PostgreSQL backends name their database there)."""
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
    except OSError:
        return ""


class ServicesCpu:
    """CPU seconds used by the bench database's PostgreSQL backends and by Redis, summed per process over samples.

    Other databases' backends (another project's tests) and PostgreSQL's shared background processes are left out.
    A backend that ends between two samples takes its last ticks with it; one that starts counts from its first.
    """

    def __init__(self, database_url: str) -> None:
        self._database = f" {urllib.parse.urlsplit(database_url).path.lstrip('/')} "
        self._seen: dict[int, int] = {}
        self._total = 0

    def _chosen(self, pid: int, ppid: int, name: str) -> bool:
        """Redis, or a PostgreSQL backend (or autovacuum worker) of the bench database."""
        return name == "redis-server" or (name == "postgres" and self._database in _process_title(pid))

    def __call__(self) -> float:
        """CPU seconds counted so far (the first call counts what the processes had used until then)."""
        ticks = _process_ticks(self._chosen)
        self._total += sum(value - self._seen.get(pid, 0) for pid, value in ticks.items())
        self._seen = ticks
        return self._total / os.sysconf("SC_CLK_TCK")


def machine_busy_seconds() -> float:
    """CPU seconds this machine's CPUs have spent running anything since boot (/proc/stat's first line)."""
    with open("/proc/stat") as stat:
        user, nice, system, _idle, _iowait, irq, softirq = (int(v) for v in stat.readline().split()[1:8])
    return (user + nice + system + irq + softirq) / os.sysconf("SC_CLK_TCK")


def app_environment(database_url: str) -> dict[str, str]:
    """The process environment for manage.py and gunicorn: production settings against the bench database."""
    alphabet = string.ascii_letters + string.digits + "!#%&()*+,-./:;<=>?@[]^_{|}~"
    env = {key: value for key, value in os.environ.items() if key not in {"REDIS_URL", "SQLITE_PATH"}}
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings.production",
        DATABASE_URL=database_url,
        # Production runs PostgreSQL and Redis together: Redis is the cache, the session cache and the broker.
        REDIS_URL=os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/14"),
        SECRET_KEY="".join(secrets.choice(alphabet) for _ in range(50)),
        DEBUG="false",
        SECURE_SSL_REDIRECT="false",
        SECURE_COOKIES="false",
        # Production refuses the console e-mail backend; the bench sends no mail anyone reads.
        EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend",
        DEMO_DATA_ALLOWED="true",
        ALLOWED_HOSTS=HOST,
        PYTHONUNBUFFERED="1",
    )
    return env


def _run(command: list[str], env: dict[str, str], timeout: float = 300, root: Path = ROOT) -> None:
    """Run a setup command in the project root; on failure raise with the tail of its output."""
    try:
        done = subprocess.run(command, cwd=root, env=env, capture_output=True, text=True, timeout=timeout, check=False)
    except subprocess.TimeoutExpired as exc:
        raise BenchError(f"{' '.join(command)} took longer than {timeout:.0f} s") from exc
    if done.returncode != 0:
        tail = "\n".join((done.stdout + done.stderr).strip().splitlines()[-20:])
        raise BenchError(f"{' '.join(command)} failed with exit code {done.returncode}:\n{tail}")


def ensure_database(database_url: str) -> bool:
    """Create the bench database when missing (connecting to `postgres` with autocommit); True if created."""
    import psycopg
    from psycopg import sql

    parts = urllib.parse.urlsplit(database_url)
    name = parts.path.lstrip("/")
    admin_url = urllib.parse.urlunsplit(parts._replace(path="/postgres"))
    try:
        with psycopg.connect(admin_url, autocommit=True, connect_timeout=10) as conn:
            if conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone():
                return False
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
            return True
    except psycopg.Error as exc:
        raise BenchError(f"PostgreSQL is not reachable at {admin_url}: {exc}") from exc


def collect_static(env: dict[str, str], root: Path = ROOT) -> None:
    """Build the site assets of the checkout at `root` if missing, then collectstatic (production's manifest)."""
    if not (root / SITE_CSS.relative_to(ROOT)).exists():
        _run(["npm", "run", "--silent", "build"], env, root=root)
    _run([sys.executable, "manage.py", "collectstatic", "--noinput"], env, root=root)


def prepare(env: dict[str, str]) -> None:
    """Build the site assets if missing, then collectstatic, migrate, createcachetable and seed_demo."""
    collect_static(env)
    manage = [sys.executable, "manage.py"]
    _run([*manage, "migrate", "--noinput"], env)
    _run([*manage, "createcachetable"], env)
    _run([*manage, "seed_demo", "--quiet-logins"], env)


def free_port() -> int:
    """A port on loopback that nothing listens on right now."""
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return int(sock.getsockname()[1])


@dataclass(frozen=True)
class Reply:
    """A response read in full: status, the cookies it set, its body and where it redirects."""

    status: int
    cookies: dict[str, str]
    body: bytes
    location: str = ""


def request(port: int, method: str, path: str, headers: dict[str, str] | None = None, body: str = "") -> Reply:
    """One request on a fresh connection, read in full."""
    conn = http.client.HTTPConnection(HOST, port, timeout=30)
    try:
        conn.request(method, path, body=body or None, headers=headers or {})
        response = conn.getresponse()
        jar: SimpleCookie = SimpleCookie()
        for header in response.headers.get_all("Set-Cookie") or []:
            jar.load(header)
        cookies = {name: morsel.value for name, morsel in jar.items()}
        return Reply(response.status, cookies, response.read(), response.getheader("Location") or "")
    finally:
        conn.close()


def get(port: int, path: str, headers: dict[str, str] | None = None) -> Reply:
    """One GET on a fresh connection."""
    return request(port, "GET", path, headers)


def _log_tail(log: Path, lines: int = 12) -> str:
    """The last lines of gunicorn's log, to explain a failed start."""
    try:
        return "\n".join(log.read_text(errors="replace").strip().splitlines()[-lines:])
    except OSError:
        return ""


def _wait_until_ready(process: subprocess.Popen[bytes], port: int, log: Path, timeout: float) -> None:
    """Poll /livez until it answers 200; fail early if gunicorn exits."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise BenchError(f"gunicorn exited with code {process.returncode}; {log} ends:\n{_log_tail(log)}")
        try:
            if get(port, "/livez").status == 200:
                return
        except OSError:
            pass
        time.sleep(0.2)
    raise BenchError(f"gunicorn did not answer /livez within {timeout:.0f} s; {log} ends:\n{_log_tail(log)}")


def _stop(process: subprocess.Popen[bytes]) -> None:
    """Stop gunicorn: TERM to the master, then KILL its process group if it lingers."""
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=5)


@contextmanager
def gunicorn(
    env: dict[str, str], *, workers: int, worker_class: str, threads: int, log: Path, root: Path = ROOT
) -> Iterator[Server]:
    """Serve config.wsgi of the checkout at `root` on a free loopback port for the duration of the block; always stop
    it afterwards."""
    port = free_port()
    command = [
        *(sys.executable, "-m", "gunicorn", "config.wsgi:application"),
        *("--bind", f"{HOST}:{port}", "--workers", str(workers), "--worker-class", worker_class),
        *("--threads", str(threads), "--chdir", str(root), "--worker-tmp-dir", "/dev/shm"),
        *("--log-level", "warning", "--error-logfile", "-"),
    ]
    log.parent.mkdir(parents=True, exist_ok=True)
    with log.open("wb") as sink:
        # A new session: a Ctrl-C in the terminal reaches only us, and we stop gunicorn in order.
        process = subprocess.Popen(
            command, cwd=root, env=env, stdout=sink, stderr=subprocess.STDOUT, start_new_session=True
        )
        try:
            _wait_until_ready(process, port, log, timeout=60)
            yield Server(port=port, pid=process.pid, log=log)
        finally:
            _stop(process)


def hidden_field(html: str, name: str) -> str:
    """The value of a hidden input in a page (Django renders name before value)."""
    marker = f'name="{name}" value="'
    start = html.find(marker)
    if start < 0:
        raise BenchError(f"no {name} field on the page")
    start += len(marker)
    return html[start : html.index('"', start)]


def sign_in(port: int, email: str, password: str) -> str:
    """Sign in once through the real form (CSRF cookie, hidden token, Referer); return the session id."""
    return sign_in_cookies(port, email, password)["sessionid"]


def sign_in_cookies(port: int, email: str, password: str) -> dict[str, str]:
    """Sign in through the real form; the cookies a browser would then hold (session and rotated CSRF token)."""
    page = get(port, "/account/sign-in/")
    csrf_cookie = page.cookies.get("csrftoken", "")
    if page.status != 200 or not csrf_cookie:
        raise BenchError(f"GET /account/sign-in/ gave HTTP {page.status} without a csrftoken cookie")
    token = hidden_field(page.body.decode(), "csrfmiddlewaretoken")
    form = urllib.parse.urlencode({"username": email, "password": password, "csrfmiddlewaretoken": token})
    headers = {
        "Content-Type": "application/x-www-form-urlencoded",
        "Cookie": f"csrftoken={csrf_cookie}",
        "Referer": f"http://{HOST}:{port}/account/sign-in/",
    }
    reply = request(port, "POST", "/account/sign-in/", headers, form)
    session = reply.cookies.get("sessionid", "")
    if reply.status != 302 or not session:
        raise BenchError(f"sign-in as {email} failed: HTTP {reply.status} (a 200 means the form was refused)")
    csrf_cookie = reply.cookies.get("csrftoken", csrf_cookie)
    return _set_up_authenticator(port, email, {"csrftoken": csrf_cookie, "sessionid": session})


def _set_up_authenticator(port: int, email: str, cookies: dict[str, str]) -> dict[str, str]:
    """The second sign-in step for a bench account without an authenticator: set one up from the written-out key,
    as a person would, and type its code. Returns the signed-in cookies (the session key changes at sign-in)."""
    path = "/account/sign-in/set-up-authenticator/"
    cookie_header = f"csrftoken={cookies['csrftoken']}; sessionid={cookies['sessionid']}"
    page = request(port, "GET", path, {"Cookie": cookie_header})
    if page.status != 200:
        raise BenchError(f"{email}: the set-up page gave HTTP {page.status} (bench accounts have no authenticator)")
    html = page.body.decode()
    start = html.index('id="setup-key"><code>') + len('id="setup-key"><code>')
    written = html[start : html.index("</code>", start)].replace(" ", "")
    form = urllib.parse.urlencode(
        {
            "code": totp_now(base64.b32decode(written + "=" * (-len(written) % 8))),
            "csrfmiddlewaretoken": cookies["csrftoken"],
        }
    )
    headers = {
        "Content-Type": "application/x-www-form-urlencoded",
        "Cookie": cookie_header,
        "Referer": f"http://{HOST}:{port}{path}",
    }
    reply = request(port, "POST", path, headers, form)
    session = reply.cookies.get("sessionid", "")
    if reply.status != 302 or not session:
        raise BenchError(f"{email}: the authenticator code was refused (HTTP {reply.status})")
    return {"csrftoken": reply.cookies.get("csrftoken", cookies["csrftoken"]), "sessionid": session}


def totp_now(key: bytes, step: int = 30, digits: int = 6) -> str:
    """RFC 6238's code for this moment (what an authenticator app shows), with the standard library only."""
    counter = struct.pack(">Q", int(time.time()) // step)
    digest = hmac.new(key, counter, hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    value = (struct.unpack(">I", digest[offset : offset + 4])[0] & 0x7FFFFFFF) % 10**digits
    return f"{value:0{digits}d}"


def demo_password() -> str:
    """DEMO_PASSWORD from demo/people.py, read without importing Django models."""
    source = ROOT / "demo" / "people.py"
    for node in ast.parse(source.read_text()).body:
        if isinstance(node, ast.Assign) and any(getattr(t, "id", "") == "DEMO_PASSWORD" for t in node.targets):
            return str(ast.literal_eval(node.value))
    raise BenchError(f"no DEMO_PASSWORD in {source}")
