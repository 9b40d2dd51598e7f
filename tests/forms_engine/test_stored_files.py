"""Documents and packs kept by the local backend are the service's alone: files 0600 in owner-only folders, whatever
the umask (in S3 they are private and encrypted: tests/ops/test_storage.py)."""

import os
import stat
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from accounts.models import Role
from forms_engine.models import PackJob, Referral
from forms_engine.services import referral_send_for_signature, referral_sign_and_submit
from forms_engine.services.packs import pack_key, packs_request
from forms_engine.services.storage import attachment_key
from ops.storage import protected_storage
from tests import s3
from tests.factories import SecureHomeFactory, member

from .answers import pdf_bytes
from .conftest import client_for
from .test_document_remove_back import _court_order_url
from .test_referral_journey import _attach_court_order


def _mode(path: Path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


def _local(key: str) -> Path:
    return Path(protected_storage().path(key))


pytestmark = pytest.mark.skipif(s3.wanted(), reason="file modes are the local backend's; TEST_STORAGE=s3 runs S3")


@pytest.mark.django_db
class TestUploadedDocumentsOnDisk:
    """An upload through the question page is stored 0600 in an owner-only folder, whatever the umask."""

    def test_an_uploaded_attachment_is_stored_0600(self, draft: Referral, social_worker: Any) -> None:
        before = os.umask(0o022)  # the usual umask, which left uploads 0644
        try:
            upload = SimpleUploadedFile("order.pdf", pdf_bytes(2), content_type="application/pdf")
            response = client_for(social_worker).post(_court_order_url(draft), {"document": upload, "upload": ""})
        finally:
            os.umask(before)
        assert response.status_code == 302
        path = _local(attachment_key(draft.attachments.get().stored_name))
        assert path.read_bytes().startswith(b"%PDF")
        assert _mode(path) == 0o600
        assert _mode(path.parent) == 0o700


@pytest.mark.django_db
class TestBuiltPacksOnDisk:
    """A built pack's files are 0600 in an owner-only folder, as attachments are."""

    def test_a_built_pack_is_stored_0600(
        self, complete_draft: Referral, social_worker: Any, officer: Any, django_capture_on_commit_callbacks: Any
    ) -> None:
        _attach_court_order(complete_draft, social_worker)
        referral_send_for_signature(referral=complete_draft, user=social_worker)
        submitted = referral_sign_and_submit(
            referral=complete_draft, membership=officer.memberships.get(), job_title="HoS"
        )
        home: Any = SecureHomeFactory(name="Marydale Lodge", slug="marydale-lodge")
        coordinator: Any = member(Role.COORDINATOR)
        with django_capture_on_commit_callbacks(execute=True):
            job = packs_request(referral=submitted, homes=[home], user=coordinator)[0]
        job.refresh_from_db()
        assert job.state == PackJob.State.DONE
        folder = _local(pack_key(job, "pack.pdf")).parent
        assert {path.name: _mode(path) for path in folder.iterdir()} == {
            "manifest.json": 0o600,
            "pack.docx": 0o600,
            "pack.pdf": 0o600,
        }
        assert _mode(folder) == _mode(folder.parent) == 0o700
