"""Fixtures for packs: a submitted v4 referral with two attachments, a recipient home and a rendered pack."""

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from accounts.models import Organisation
from forms_engine.models import Referral
from forms_engine.packs import PackResult, pack_render
from forms_engine.packs.shared import shared_forget
from forms_engine.schema import question_index
from forms_engine.services import referral_attachment_add, referral_send_for_signature, referral_sign_and_submit
from tests.factories import SecureHomeFactory

from ..answers import pdf_bytes

ISSUED_AT = datetime(2025, 3, 14, 9, 30, tzinfo=UTC)
# Court order (2 pages) and care plan (3 pages): 5 attachment pages in all.
ATTACHMENTS = {"attachment_court_order": ("order.pdf", 2), "attachment_care_plan": ("plan.pdf", 3)}


def attach(referral: Referral, user: Any, key: str, name: str, pages: int) -> None:
    question = question_index(referral.version.schema)[key]
    upload = SimpleUploadedFile(name, pdf_bytes(pages, text=name), content_type="application/pdf")
    referral_attachment_add(referral=referral, question=question, upload=upload, user=user)


def submit(draft: Referral, social_worker: Any, officer: Any, **answers: Any) -> Referral:
    """Attach the documents, send for signature and sign: the referral is submitted with a reference."""
    draft.answers.update(answers)
    draft.save()
    for key, (name, pages) in ATTACHMENTS.items():
        attach(draft, social_worker, key, name, pages)
    referral_send_for_signature(referral=draft, user=social_worker)
    return referral_sign_and_submit(referral=draft, membership=officer.memberships.get(), job_title="Head of Service")


@pytest.fixture(autouse=True)
def _no_shared_pages() -> Iterator[None]:
    """Every test starts without the shared pages an earlier test left in this process (they are keyed by content,
    and the fixtures give every test the same content)."""
    shared_forget()
    yield
    shared_forget()


@pytest.fixture
def submitted(complete_draft: Referral, social_worker: Any, officer: Any) -> Referral:
    return submit(complete_draft, social_worker, officer, child_first_name="Sam", child_last_name="Taylor")


@pytest.fixture
def home(db: Any) -> Organisation:
    return SecureHomeFactory(name="Aycliffe Secure Centre", slug="aycliffe")


@pytest.fixture
def pack(submitted: Referral, home: Organisation, tmp_path: Path) -> PackResult:
    return pack_render(referral=submitted, home=home, out_dir=tmp_path / "pack", issued_at=ISSUED_AT)
