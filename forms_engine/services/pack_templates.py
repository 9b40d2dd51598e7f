"""Editors' pack templates: an upload goes live for its form version only if every check passes."""

import uuid

from django.contrib.auth.models import User
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone

from accounts.models import AuditEvent
from accounts.services import audit_record
from accounts.types import Actor
from documents.confinement import Limits
from documents.container import ContainerLimits
from documents.render_child import RENDER_LIMITS
from documents.safety import clean_text
from ops import storage

from ..models import FormVersion, PackTemplate
from ..packs.identity import bytes_sha256, uploaded_template_key
from ..packs.template_check import template_problems
from .mock_referrals import mock_contexts, mock_examples_enqueue

MAX_UPLOAD_BYTES = ContainerLimits().max_upload_bytes


def _read(upload: UploadedFile) -> bytes | None:
    """The upload's bytes, or None when it is larger than any template may be (checked before reading)."""
    if (upload.size or 0) > MAX_UPLOAD_BYTES:
        return None
    return b"".join(upload.chunks())


def _go_live(template: PackTemplate) -> None:
    """Make the upload the version's live template, replacing the one live now (under its row lock)."""
    live = PackTemplate.objects.select_for_update().filter(version=template.version, state=PackTemplate.State.LIVE)
    live.update(state=PackTemplate.State.REPLACED)
    template.state, template.live_from = PackTemplate.State.LIVE, timezone.now()
    template.save(update_fields=["state", "live_from"])
    mock_examples_enqueue(version=template.version)


def pack_template_upload(
    *,
    version: FormVersion,
    upload: UploadedFile,
    user: User,
    limits: Limits = RENDER_LIMITS,
) -> PackTemplate:
    """Check an uploaded DOCX; live (replacing the previous upload) if it passes, refused with problems if not.

    The check (the dry renders in confined children: seconds, up to the render limits for each mock) runs outside
    any transaction, so no database lock is held while it runs; only the outcome is written, in one short
    transaction. A refused file is not kept: only its hash, size and the problems are recorded.
    """
    data = _read(upload)
    problems = (
        [f"The file is larger than {MAX_UPLOAD_BYTES // (1024 * 1024)} MB"]
        if data is None
        else template_problems(data, version, mock_contexts(version), limits=limits)
    )
    stored_name = f"{uuid.uuid4().hex}.docx"
    if not problems and data is not None:
        storage.store_bytes(uploaded_template_key(stored_name), data)
    return _outcome_record(version, upload, data, problems, stored_name, user)


@transaction.atomic
def _outcome_record(
    version: FormVersion,
    upload: UploadedFile,
    data: bytes | None,
    problems: list[str],
    stored_name: str,
    user: User,
) -> PackTemplate:
    """The checked upload's row: refused with its problems, or live; audited."""
    template = PackTemplate.objects.create(
        version=version,
        stored_name=stored_name,
        original_name=clean_text(upload.name or "template.docx")[-120:],
        size=upload.size or 0,
        sha256=bytes_sha256(data) if data is not None else "",
        state=PackTemplate.State.REFUSED if problems else PackTemplate.State.CHECKING,
        problems=problems,
        uploaded_by=user,
    )
    if not problems:
        _go_live(template)
    outcome = AuditEvent.Outcome.FAILED if problems else AuditEvent.Outcome.SUCCEEDED
    audit_record(actor=user, action="pack_template.upload", outcome=outcome, obj=template)
    return template


@transaction.atomic
def pack_template_withdraw(*, template: PackTemplate, user: Actor) -> PackTemplate:
    """Take a live upload out of use: the version's packs go back to the shipped template."""
    template = PackTemplate.objects.select_for_update().get(pk=template.pk)
    if template.state == PackTemplate.State.LIVE:
        template.state = PackTemplate.State.REPLACED
        template.save(update_fields=["state"])
        mock_examples_enqueue(version=template.version)
    audit_record(actor=user, action="pack_template.withdraw", outcome=AuditEvent.Outcome.SUCCEEDED, obj=template)
    return template
