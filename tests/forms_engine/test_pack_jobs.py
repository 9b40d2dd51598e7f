"""Pack jobs: requested by the coordinator, built by django-q2 after commit, retried safely, downloaded with care."""

import hashlib
from typing import Any

import pytest
from django.urls import reverse

from accounts.models import AuditEvent, Organisation, Role
from forms_engine.models import PackJob, Referral
from forms_engine.services import referral_send_for_signature, referral_sign_and_submit
from forms_engine.services.packs import pack_job_run, pack_key, pack_prefix, packs_request
from ops import storage
from tests.factories import SecureHomeFactory, member

from .conftest import client_for
from .test_referral_journey import _attach_court_order


@pytest.fixture
def submitted(complete_draft: Referral, social_worker: Any, officer: Any) -> Referral:
    _attach_court_order(complete_draft, social_worker)
    referral_send_for_signature(referral=complete_draft, user=social_worker)
    return referral_sign_and_submit(referral=complete_draft, membership=officer.memberships.get(), job_title="HoS")


@pytest.fixture
def homes(db: Any) -> list[Organisation]:
    return [
        SecureHomeFactory(name="Marydale Lodge", slug="marydale-lodge"),
        SecureHomeFactory(name="Kyloe House", slug="kyloe-house"),
    ]


@pytest.fixture
def coordinator(db: Any) -> Any:
    return member(Role.COORDINATOR)


def _sha(key: str) -> str:
    return hashlib.sha256(storage.read_bytes(key)).hexdigest()


@pytest.mark.django_db
class TestRequestingPacks:
    """The coordinator asks for packs; each home's is built after commit through django-q2."""

    def test_packs_are_built_after_commit_for_each_home(
        self, submitted: Referral, homes: list, coordinator: Any, django_capture_on_commit_callbacks: Any
    ) -> None:
        """One job per home ends done, with files whose hashes match the record."""
        with django_capture_on_commit_callbacks(execute=True) as callbacks:
            client_for(coordinator).post(
                reverse("referrals:packs", args=[submitted.pk]), {"homes": [h.pk for h in homes]}
            )
        assert len(callbacks) == 2
        for job in PackJob.objects.all():
            assert (job.state, job.attempts) == ("done", 1)
            for name, digest in job.files.items():
                assert _sha(pack_key(job, name)) == digest
        assert AuditEvent.objects.filter(action="referral.packs_request", actor=coordinator).exists()

    def test_asking_again_builds_nothing_new(
        self, submitted: Referral, homes: list, coordinator: Any, django_capture_on_commit_callbacks: Any
    ) -> None:
        """Identical inputs are the same job; no second build is queued."""
        with django_capture_on_commit_callbacks(execute=True):
            packs_request(referral=submitted, homes=homes[:1], user=coordinator)
        with django_capture_on_commit_callbacks(execute=True) as callbacks:
            jobs = packs_request(referral=submitted, homes=homes[:1], user=coordinator)
        assert callbacks == [] and PackJob.objects.count() == 1 and jobs[0].attempts == 1

    def test_a_job_left_running_by_a_killed_worker_is_retried_into_one_pack(
        self, submitted: Referral, homes: list, coordinator: Any, django_capture_on_commit_callbacks: Any
    ) -> None:
        """Running it again finishes the same pack id with the same files and no stray temporary files."""
        with django_capture_on_commit_callbacks(execute=True):
            job = packs_request(referral=submitted, homes=homes[:1], user=coordinator)[0]
        job.refresh_from_db()
        first = dict(job.files)
        PackJob.objects.filter(pk=job.pk).update(state=PackJob.State.RUNNING)  # as a killed worker leaves it
        storage.store_bytes(pack_key(job, ".tmp-pack.pdf"), b"half")  # a half-written file from the killed run
        retried = pack_job_run(job_id=job.pk)
        assert (retried.state, retried.attempts, retried.pack_id) == ("done", 2, job.pack_id)
        assert retried.files == first
        assert sorted(storage.listing(pack_prefix(job))[1]) == [
            "manifest.json",
            "pack.docx",
            "pack.pdf",
        ]

    def test_a_template_changed_after_the_request_fails_the_job(
        self, submitted: Referral, homes: list, coordinator: Any
    ) -> None:
        """The template is pinned at request time."""
        job = packs_request(referral=submitted, homes=homes[:1], user=coordinator)[0]
        PackJob.objects.filter(pk=job.pk).update(template_sha256="0" * 64)
        failed = pack_job_run(job_id=job.pk)
        assert (failed.state, failed.last_error) == ("failed", "TemplateChanged")

    def test_the_status_page_refreshes_while_packs_are_queued(
        self, submitted: Referral, homes: list, coordinator: Any
    ) -> None:
        """Progress is visible without JavaScript."""
        packs_request(referral=submitted, homes=homes, user=coordinator)  # callbacks not run: still queued
        html = client_for(coordinator).get(reverse("referrals:packs", args=[submitted.pk])).content.decode()
        assert '<meta http-equiv="refresh"' in html and "Queued" in html

    def test_choosing_no_home_is_a_400(self, submitted: Referral, coordinator: Any) -> None:
        """The coordinator is told to select at least one home."""
        response = client_for(coordinator).post(reverse("referrals:packs", args=[submitted.pk]), {})
        assert response.status_code == 400 and "Select at least one secure home" in response.content.decode()


@pytest.mark.django_db
class TestWhoGetsAPack:
    """The referring authority and the coordination unit; anyone else gets an audited 404."""

    @pytest.fixture
    def built(
        self, submitted: Referral, homes: list, coordinator: Any, django_capture_on_commit_callbacks: Any
    ) -> PackJob:
        with django_capture_on_commit_callbacks(execute=True):
            packs_request(referral=submitted, homes=homes[:1], user=coordinator)
        return PackJob.objects.get()

    def test_the_referring_social_worker_downloads_the_pdf(self, built: PackJob, social_worker: Any) -> None:
        """As an attachment, audited."""
        url = reverse("referrals:pack-download", args=[built.referral_id, built.pk, "pdf"])
        response = client_for(social_worker).get(url)
        assert response["Content-Disposition"].startswith("attachment;")
        assert b"".join(response.streaming_content).startswith(b"%PDF")
        assert AuditEvent.objects.filter(actor=social_worker, action="referral.pack-download").exists()

    @pytest.mark.parametrize("role", [Role.HOME_MANAGER, Role.ANALYST, Role.EDITOR, Role.LEAVING_CARE_WORKER])
    def test_other_roles_get_a_404(self, built: PackJob, role: Role) -> None:
        """Homes get packs through circulation, which comes later; nobody else gets one."""
        user = member(role)
        url = reverse("referrals:pack-download", args=[built.referral_id, built.pk, "pdf"])
        assert client_for(user).get(url).status_code == 404
        assert AuditEvent.objects.filter(actor=user, outcome="denied").exists()

    def test_another_authority_gets_a_404(self, built: PackJob, leeds: Any) -> None:
        """Leeds cannot see Hampshire's packs."""
        url = reverse("referrals:packs", args=[built.referral_id])
        assert client_for(member(Role.SOCIAL_WORKER, leeds)).get(url).status_code == 404

    def test_an_unknown_file_kind_is_a_404(self, built: PackJob, coordinator: Any) -> None:
        """Only the three pack files can be fetched."""
        url = reverse("referrals:pack-download", args=[built.referral_id, built.pk, "passwd"])
        assert client_for(coordinator).get(url).status_code == 404

    def test_the_coordinator_reads_submitted_referrals_but_not_drafts(
        self, built: PackJob, coordinator: Any, draft_for_leeds: Any = None
    ) -> None:
        """The unit's list shows submitted referrals with their packs."""
        html = client_for(coordinator).get(reverse("referrals:submitted")).content.decode()
        assert built.referral.reference in html
        assert client_for(coordinator).get(reverse("referrals:check", args=[built.referral_id])).status_code == 200
