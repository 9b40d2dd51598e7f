"""Every pack is built in a confined fork of the worker: limits fail cleanly, the worker and its database survive."""

import os
import uuid
from pathlib import Path
from typing import Any

import pytest
from django.db import connection

from accounts.models import AuditEvent, Organisation, Role
from documents.confinement import MIB, Limits
from documents.files import protected_folder
from forms_engine.models import PackJob, PackTemplate, Referral
from forms_engine.packs.child import DatabaseRefused, run_confined
from forms_engine.packs.content import source_from_referral
from forms_engine.packs.errors import PackChildFailed, PackRenderError, PackTooExpensive
from forms_engine.packs.identity import TemplateRef, bytes_sha256, template_current, uploaded_template_key
from forms_engine.packs.service import Recipient, documents_local, pack_write, pack_write_in_process
from forms_engine.services.packs import pack_prefix, packs_request
from ops import storage
from tests.factories import member

from ..test_pack_templates import shipped, with_paragraph
from .conftest import ISSUED_AT

SPIN = "{% for a in range(100000) %}{% for b in range(100000) %}{% endfor %}{% endfor %}"
HOARD = "{% for a in range(100000) %}{% for b in range(100000) %}{{ a }}{% endfor %}{% endfor %}"
CPU = Limits(cpu_seconds=1, wall_seconds=60)
MEMORY = Limits(cpu_seconds=60, memory_bytes=64 * MIB, wall_seconds=120)
WALL = Limits(cpu_seconds=60, wall_seconds=1)
PACK_FILES = {"pack.docx", "pack.pdf", "manifest.json"}


def hostile(referral: Referral, folder: Path, expression: str) -> TemplateRef:
    """The shipped template of the referral's version with one more paragraph holding the expression."""
    path = folder / "hostile.docx"
    path.write_bytes(with_paragraph(shipped(referral.version), expression))
    return TemplateRef(path, bytes_sha256(path.read_bytes()), "hostile.docx")


def write(referral: Referral, home: Organisation, out_dir: Path, **options: Any) -> Any:
    options.setdefault("template", template_current(referral.version))
    recipient = Recipient(home.slug, home.name)
    source = documents_local(source_from_referral(referral), protected_folder(out_dir.parent / "documents"))
    return pack_write(source=source, recipient=recipient, out_dir=out_dir, **options)


@pytest.mark.django_db
class TestConfinedPack:
    """The child builds exactly the pack the worker would, and a pack over a limit fails cleanly."""

    def test_a_normal_pack_is_identical_confined_or_not(
        self, submitted: Referral, home: Organisation, tmp_path: Path
    ) -> None:
        """Same pack id, same file hashes, same bytes."""
        confined = write(submitted, home, tmp_path / "confined", issued_at=ISSUED_AT)
        here = pack_write_in_process(
            source=documents_local(source_from_referral(submitted), protected_folder(tmp_path / "documents")),
            recipient=Recipient(home.slug, home.name),
            template=template_current(submitted.version),
            out_dir=tmp_path / "here",
            issued_at=ISSUED_AT,
        )
        assert confined.pack_id == here.pack_id and confined.sha256 == here.sha256
        for name in PACK_FILES:
            assert (tmp_path / "confined" / name).read_bytes() == (tmp_path / "here" / name).read_bytes()

    @pytest.mark.parametrize(
        ("expression", "limits", "limit"),
        [(SPIN, CPU, "cpu"), (HOARD, MEMORY, "memory"), (SPIN, WALL, "wall_clock")],
    )
    def test_a_template_over_a_limit_fails_cleanly_and_the_worker_goes_on(
        self, submitted: Referral, home: Organisation, tmp_path: Path, expression: str, limits: Limits, limit: str
    ) -> None:
        """template_too_expensive naming the limit, no pack file left, then a normal pack and a query work."""
        out = tmp_path / "pack"
        with pytest.raises(PackTooExpensive, match=f"template_too_expensive: {limit}"):
            write(
                submitted,
                home,
                out,
                issued_at=ISSUED_AT,
                template=hostile(submitted, tmp_path, expression),
                limits=limits,
            )
        assert not out.exists() or not list(out.iterdir())
        assert write(submitted, home, out, issued_at=ISSUED_AT).pdf_pages > 0
        assert Referral.objects.filter(pk=submitted.pk).exists()

    def test_a_pack_larger_than_the_file_size_limit_fails_cleanly(
        self, submitted: Referral, home: Organisation, tmp_path: Path
    ) -> None:
        """A write over RLIMIT_FSIZE fails in the child; no file, temporary or complete, is left behind."""
        with pytest.raises(PackRenderError, match="OSError"):
            write(submitted, home, tmp_path, issued_at=ISSUED_AT, limits=Limits(file_bytes=4096))
        assert list(tmp_path.iterdir()) == []

    def test_a_failure_leaves_no_old_pack_behind_either(
        self, submitted: Referral, home: Organisation, tmp_path: Path
    ) -> None:
        """A folder that held a pack holds nothing after a failed rebuild: never a mix of old and new files."""
        write(submitted, home, tmp_path, issued_at=ISSUED_AT)
        with pytest.raises(PackTooExpensive):
            write(
                submitted, home, tmp_path, issued_at=ISSUED_AT, template=hostile(submitted, tmp_path, SPIN), limits=CPU
            )
        assert not PACK_FILES & {path.name for path in tmp_path.iterdir()}


class _RunsCommand:
    """Pickles as a call to os.system: what a hostile child would send its parent."""

    def __init__(self, command: str) -> None:
        self.command = command

    def __reduce__(self) -> tuple[Any, tuple[str]]:
        return (os.system, (self.command,))


@pytest.mark.django_db
class TestChildAndDatabase:
    """The child never uses the worker's database connection, and leaves it open and working."""

    def test_the_child_refuses_a_query(self) -> None:
        """A query in the child is refused there; the parent's connection still answers."""
        with pytest.raises(DatabaseRefused):
            run_confined(lambda: Referral.objects.count())
        assert Referral.objects.count() == 0

    def test_a_child_that_dies_is_a_clear_failure(self) -> None:
        """An abort in the child is PackChildFailed naming the signal."""
        with pytest.raises(PackChildFailed, match="SIGABRT"):
            run_confined(os.abort)

    def test_an_answer_that_would_run_code_in_the_worker_is_refused(self, tmp_path: Path) -> None:
        """A child that escaped the sandbox could send a pickle calling os.system: the worker refuses to load it."""
        marker = tmp_path / "ran-in-the-worker"
        with pytest.raises(PackChildFailed, match="refused answer"):
            run_confined(lambda: _RunsCommand(f"touch {marker}"))
        assert not marker.exists()

    def test_the_database_is_usable_after_many_confined_renders(
        self, submitted: Referral, home: Organisation, tmp_path: Path
    ) -> None:
        """Same connection, still answering, after three packs and forty other children."""
        connection.ensure_connection()
        before = connection.connection
        for number in range(3):
            write(submitted, home, tmp_path / str(number), issued_at=ISSUED_AT)
            assert Referral.objects.filter(pk=submitted.pk).count() == 1
        for number in range(40):
            assert run_confined(lambda n=number: n * 2) == number * 2  # type: ignore[misc]
        assert connection.connection is before and Referral.objects.get(pk=submitted.pk).reference


@pytest.mark.django_db
class TestFailedJob:
    """A job whose pack is too expensive ends failed, audited and without files; the next job still builds."""

    def test_a_job_over_the_cpu_limit_is_failed_and_audited(
        self,
        submitted: Referral,
        home: Organisation,
        settings: Any,
        tmp_path: Path,
        django_capture_on_commit_callbacks: Any,
    ) -> None:
        """failed, PackTooExpensive, one attempt, an audit event; with the template withdrawn the retry is done."""
        settings.PACK_CPU_SECONDS = 1
        data = with_paragraph(shipped(submitted.version), SPIN)
        stored = f"hostile-{uuid.uuid4().hex}.docx"
        storage.store_bytes(uploaded_template_key(stored), data)
        coordinator = member(Role.COORDINATOR)
        PackTemplate.objects.create(
            version=submitted.version,
            stored_name=stored,
            original_name="pack.docx",
            size=len(data),
            sha256=bytes_sha256(data),
            state=PackTemplate.State.LIVE,
            uploaded_by=coordinator,
        )
        with django_capture_on_commit_callbacks(execute=True):
            job = packs_request(referral=submitted, homes=[home], user=coordinator)[0]
        job.refresh_from_db()
        assert (job.state, job.last_error, job.attempts) == (PackJob.State.FAILED, "PackTooExpensive", 1)
        assert not PACK_FILES & set(storage.listing(pack_prefix(job))[1])
        event = AuditEvent.objects.get(action="referral.pack_failed")
        assert (event.outcome, event.object_id) == (AuditEvent.Outcome.FAILED, str(job.pk))
        PackTemplate.objects.update(state=PackTemplate.State.REPLACED)
        with django_capture_on_commit_callbacks(execute=True):
            healthy = packs_request(referral=submitted, homes=[home], user=coordinator)[0]
        healthy.refresh_from_db()
        assert healthy.state == PackJob.State.DONE and healthy.pk != job.pk
