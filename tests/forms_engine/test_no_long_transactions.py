"""No long write transactions (issue 19, item 5): a render holds no database lock, so nobody else's save waits on it.

A template check, a mock referral's example render and a pack build each render in a confined child for seconds
(an expensive template: up to the render limits). On SQLite a write transaction holds the whole database's write
lock for as long as it lasts, so a render inside one made every other save wait for the busy timeout and fail with
"database is locked". Here each slow render runs in a thread on a file-backed SQLite database (or PostgreSQL), and
while its confined child is still running, a social worker saves a page of their draft through the real view, with
a busy timeout shorter than the render: the save succeeds, and the render's outcome is still recorded.
"""

import os
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from django.db import connection
from django.urls import reverse

from accounts.models import Role
from documents.confinement import MIB, Limits
from forms_engine.models import FormVersion, MockReferral, PackJob, PackTemplate, Referral
from forms_engine.services import referral_start
from forms_engine.services.mock_referrals import mock_examples_render
from forms_engine.services.pack_templates import pack_template_upload
from forms_engine.services.packs import pack_job_run
from tests.factories import member

from .conftest import client_for
from .test_pack_leases import _job, coordinator, home, submitted  # noqa: F401 - fixtures
from .test_pack_templates import shipped, upload, with_paragraph

BUSY_TIMEOUT_SECONDS = 1  # another writer's save gives up after this; every render below lasts several times longer
CHILD_PAUSE_SECONDS = 6  # a slow pack or example render (forms_engine/packs/child.py)
# The check's dry render of an endless template is stopped at these limits (one mock: the first stop ends the check).
EXPENSIVE_CHECK = Limits(cpu_seconds=6, memory_bytes=768 * MIB, file_bytes=0, wall_seconds=8)
ENDLESS = "{% for a in range(100000) %}{% for b in range(100000) %}{% endfor %}{% endfor %}"


def _children() -> set[int]:
    """This process's child processes now: a confined render (a fork, or a fresh interpreter) while one runs."""
    found = set()
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == os.getpid():
                found.add(int(entry.name))
    return found


def _beside_a_render(render: Callable[[], Any], save: Callable[[], Any]) -> tuple[Any, Any, bool]:
    """Run render in a thread; once its confined child runs, call save here. (render's result or error, save's
    result or error, whether the render's child was still running when the save had returned)."""
    outcome: list[Any] = [None]

    def run() -> None:
        try:
            outcome[0] = render()
        except Exception as error:  # noqa: BLE001 - reported to the test
            outcome[0] = error
        finally:
            connection.close()

    thread = threading.Thread(target=run)
    thread.start()
    while not _children():
        assert thread.is_alive(), f"the render ended before its confined child was seen: {outcome[0]!r}"
        threading.Event().wait(0.02)
    try:
        saved = save()
    except Exception as error:  # noqa: BLE001 - "database is locked" is the failure this test looks for
        saved = error
    overlapped = bool(_children())
    thread.join(timeout=120)
    assert not thread.is_alive()
    return outcome[0], saved, overlapped


@pytest.fixture
def short_busy_timeout() -> Iterator[None]:
    """Writers wait at most BUSY_TIMEOUT_SECONDS for a lock: SQLite's busy timeout, PostgreSQL's lock_timeout (each
    thread's new connection reads the settings)."""
    options = connection.settings_dict.setdefault("OPTIONS", {})
    before = dict(options)
    if connection.vendor == "sqlite":
        options["timeout"] = BUSY_TIMEOUT_SECONDS
    else:
        options["options"] = f"{options.get('options', '')} -c lock_timeout={BUSY_TIMEOUT_SECONDS * 1000}".strip()
    connection.close()
    yield
    connection.close()
    options.clear()
    options.update(before)


@pytest.mark.usefixtures("database_threads_can_share", "short_busy_timeout")
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
class TestASaveBesideARender:
    """A social worker's save while a slow render runs elsewhere: saved at once, and the render's outcome kept."""

    @pytest.fixture
    def other(self, forms_seeded: dict[int, FormVersion], social_worker: Any) -> Referral:
        """The draft being saved: its own, apart from any referral a pack is built from."""
        return referral_start(membership=social_worker.memberships.get(), version=forms_seeded[4])

    @pytest.fixture
    def save(self, other: Referral, social_worker: Any) -> Callable[[], Any]:
        client = client_for(social_worker)
        url = reverse("referrals:page", args=[other.pk, "order", "court"])

        def post() -> int:
            return client.post(url, {"court": "Winchester Family Court", "continue": ""}).status_code

        return post

    def _saved(self, other: Referral, saved: Any, overlapped: bool) -> None:
        assert saved == 302, f"the save failed while the render ran: {saved!r}"
        assert overlapped, "the save must have happened while the render's child was running"
        other.refresh_from_db()
        assert other.answers["court"] == "Winchester Family Court"

    def test_beside_an_expensive_template_check(
        self, other: Referral, save: Callable[[], Any], forms_seeded: dict[int, Any]
    ) -> None:
        """The editor's upload renders until the limits stop it: the save goes through meanwhile; the upload is
        refused as too expensive."""
        version, editor = forms_seeded[4], member(Role.EDITOR)
        data = with_paragraph(shipped(version), ENDLESS)

        def check() -> PackTemplate:
            return pack_template_upload(version=version, upload=upload(data), user=editor, limits=EXPENSIVE_CHECK)

        template, saved, overlapped = _beside_a_render(check, save)
        self._saved(other, saved, overlapped)
        assert isinstance(template, PackTemplate), template
        assert template.state == PackTemplate.State.REFUSED
        assert [problem for problem in template.problems if "template_too_expensive" in problem], template.problems

    def test_beside_a_mock_referrals_example_render(
        self, other: Referral, save: Callable[[], Any], settings: Any
    ) -> None:
        """The example packs are rendered (slowly) and stored; the save goes through meanwhile."""
        settings.PACK_CHILD_PAUSE_SECONDS = CHILD_PAUSE_SECONDS
        mock = MockReferral.objects.filter(version=other.version).first()
        assert mock is not None
        before = mock.examples_sha256

        rendered, saved, overlapped = _beside_a_render(lambda: mock_examples_render(mock=mock, force=True), save)
        self._saved(other, saved, overlapped)
        assert rendered is True
        mock.refresh_from_db()
        assert mock.examples_sha256 == before and mock.example_pdf_id and mock.example_docx_id

    def test_beside_a_pack_build(
        self,
        other: Referral,
        save: Callable[[], Any],
        settings: Any,
        request: pytest.FixtureRequest,
    ) -> None:
        """Another referral's pack is built (slowly); a draft's save goes through meanwhile; the job is done."""
        settings.PACK_CHILD_PAUSE_SECONDS = CHILD_PAUSE_SECONDS
        job = _job(*(request.getfixturevalue(name) for name in ("submitted", "home", "coordinator")))

        built, saved, overlapped = _beside_a_render(lambda: pack_job_run(job_id=job.pk), save)
        self._saved(other, saved, overlapped)
        assert isinstance(built, PackJob), built
        assert built.state == PackJob.State.DONE
