"""Fixtures for the browser journeys: Debian's Chromium driven by Playwright, against a live server with demo data."""

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from unittest import mock
from urllib.parse import urlsplit

import pytest
from django.core.management import call_command
from django.core.servers.basehttp import WSGIServer
from django.db import DEFAULT_DB_ALIAS, connections
from django.test.testcases import LiveServerThread
from playwright.sync_api import Browser, ConsoleMessage, Page, Route, sync_playwright
from playwright.sync_api import Error as PlaywrightError
from pytest_django.live_server_helper import LiveServer

# Playwright's sync API runs its asyncio event loop in this (the test) thread, inside a greenlet, and the loop stays
# "running" from the moment the session-scoped browser starts until the session ends. Django then sees a running
# loop and raises SynchronousOnlyOperation on every ORM or connection call from this thread: the tests' own queries,
# the seeding and the transactional flush. None of that code runs inside the loop (Playwright only switches to it
# during its own calls), so switching Django's guard off is safe here. It is set at import time, before any fixture
# runs, because it is read on every guarded call.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


class _OneRequestAtATimeServer(WSGIServer):
    """Django's WSGI server without a thread per request.

    With the in-memory SQLite test database the live server's requests all share the test thread's one connection;
    Chromium fetches in parallel (the Wagtail admin's sprite and translations, the favicon), and concurrent
    transactions on one connection fail, which Django reports as "Bad Request (400)" when the session cannot be
    saved. The server thread already uses the shared connection, so it needs no override of its own.
    """

    def __init__(self, *args: Any, connections_override: object = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)


@pytest.fixture(scope="session")
def live_server(request: pytest.FixtureRequest) -> Iterator[LiveServer]:
    """pytest-django's live server, serving one request at a time."""
    addr = request.config.getvalue("liveserver") or os.getenv("DJANGO_LIVE_TEST_SERVER_ADDRESS") or "localhost"
    # LiveServer() returns once the server thread has created its server, so the patch can end here.
    with mock.patch.object(LiveServerThread, "server_class", _OneRequestAtATimeServer):
        server = LiveServer(addr)
    yield server
    server.stop()


@pytest.fixture(scope="session")
def browser(django_db_setup: None) -> Iterator[Browser]:
    """One headless Debian Chromium for the whole run; each test opens its own context."""
    if not CHROMIUM.exists():
        pytest.fail(
            f"{CHROMIUM} not found: the browser tests need Debian's Chromium. Run `make chromium` "
            "(or `make test`, which installs it). Never run `playwright install`.",
            pytrace=False,
        )
    # Django keeps database connections in an asgiref Local that, once an event loop is running in the thread,
    # switches from thread-local to context-local storage: from here on this thread gets a new, bare connection
    # wrapper without the migration data pytest-django serialized for `django_db_serialized_rollback`, and
    # serialized rollback would silently restore nothing. Hand the serialized data over to the new wrapper.
    serialized = getattr(connections[DEFAULT_DB_ALIAS], "_test_serialized_contents", None)
    with sync_playwright() as playwright:
        if serialized is not None:
            connections[DEFAULT_DB_ALIAS]._test_serialized_contents = serialized
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()
        # Close the connections opened while the loop ran, so a PostgreSQL test database can be dropped.
        connections.close_all()


@pytest.fixture
def page(browser: Browser, live_server: LiveServer) -> Iterator[Page]:
    """A tab in a fresh browser context that only talks to the live server (no favicon, no Gravatar).

    Every Content-Security-Policy violation in any page or frame the tab shows is recorded, and the test fails at
    teardown if there was one: each journey also proves the pages work under the policy (config/settings/headers.py).
    Chromium reports most violations twice, as a `securitypolicyviolation` event (sent here through an exposed
    binding, so it survives navigation) and as a console error ("Refused to …", "… violates the following Content
    Security Policy directive …"); both are listed. A frame refused by frame-ancestors shows only in the console.
    """
    origin = live_server.url + "/"

    def offsite_or_favicon(url: str) -> bool:
        return not url.startswith(origin) or urlsplit(url).path == "/favicon.ico"

    def abort(route: Route) -> None:
        route.abort()

    violations: list[str] = []

    def record_violation(source: Any, violation: dict[str, Any]) -> None:
        violations.append(
            f"{violation['directive']} refused {violation['blocked'] or 'inline code'} "
            f"at {violation['document']} line {violation['line']}: {violation['sample']!r}"
        )

    def record_console(message: ConsoleMessage) -> None:
        if message.type == "error" and "Content Security Policy" in message.text:
            violations.append(f"console: {message.text} ({message.location.get('url', '')})")

    context = browser.new_context()
    context.route(offsite_or_favicon, abort)
    context.expose_binding("__recordCspViolation", record_violation)
    context.add_init_script(
        """document.addEventListener("securitypolicyviolation", (event) => window.__recordCspViolation({
            directive: event.effectiveDirective, blocked: event.blockedURI, document: event.documentURI,
            line: event.lineNumber, sample: event.sample}));"""
    )
    tab = context.new_page()
    tab.on("console", record_console)
    yield tab
    try:  # a round trip, so that reports sent just before the test ended have arrived
        tab.evaluate("() => new Promise((resolve) => setTimeout(resolve, 50))")
    except PlaywrightError:
        pass  # the tab was closed or is navigating: nothing more to wait for
    context.close()
    if violations:
        pytest.fail("Content-Security-Policy violations:\n  " + "\n  ".join(violations), pytrace=False)


@pytest.fixture
def demo_data(transactional_db: None, django_db_serialized_rollback: None) -> None:
    """The demo organisations, users and website, committed so the live server's thread can see them.

    Serialized rollback puts back what migrations created (Wagtail's root page, locale and groups), which the seed
    builds on, in case an earlier transactional test flushed it.
    """
    call_command("seed_demo", "--quiet-logins")
