"""The first-72-hours key information: issued to the confirmed home only, kept in the protected storage, and
acknowledged by that home."""

import hashlib

from django.db import transaction
from django.utils import timezone

from accounts.models import AuditEvent
from accounts.services import audit_record
from accounts.types import Actor
from forms_engine.services.amendments import effective_answers
from ops import storage

from ..first_72_hours import key_information, key_information_pdf
from ..models import KeyInformationSheet, Placement, Search
from ..states import TransitionRefused
from .common import local_authority_emails, notify

FILE_NAME = "key-information-72-hours.pdf"
ALREADY_ACKNOWLEDGED = "Your home has already acknowledged this key information. Nothing was changed."


def key_information_key(placement: Placement) -> str:
    """Where a placement's sheet is kept in the protected storage."""
    return f"first-72-hours/{placement.pk}/{FILE_NAME}"


def key_information_issue(*, placement: Placement, user: Actor) -> KeyInformationSheet:
    """Write the sheet from the referral's answers as they are now (corrections included) and keep it for the
    placed home; issued again (after a correction), it replaces the file and asks for a new acknowledgement."""
    referral = placement.search.referral
    content = key_information(referral.version, effective_answers(referral))
    now = timezone.now()
    data = key_information_pdf(
        content,
        reference=str(referral.reference),
        home=placement.home.name,
        admitted_on=f"{placement.admitted_on:%-d %B %Y}",
        issued_at=now,
    )
    name = storage.store_bytes(key_information_key(placement), data)
    sheet, _ = KeyInformationSheet.objects.update_or_create(
        placement=placement,
        defaults={
            "issued_at": now,
            "source": content.source[:200],
            "stored_name": name,
            "sha256": hashlib.sha256(data).hexdigest(),
            "acknowledged_at": None,
            "acknowledged_by": None,
        },
    )
    audit_record(
        actor=user,
        action="circulation.key_information_issue",
        outcome=AuditEvent.Outcome.SUCCEEDED,
        obj=sheet,
        recipient=placement.home,
        file_type="pdf",
    )
    return sheet


@transaction.atomic
def key_information_acknowledge(*, sheet: KeyInformationSheet, user: Actor) -> KeyInformationSheet:
    """The placed home says it has received the sheet: who and when, once; the local authority is told."""
    sheet = (
        KeyInformationSheet.objects.select_for_update().select_related("placement__search__referral").get(pk=sheet.pk)
    )
    if sheet.is_acknowledged:
        raise TransitionRefused(ALREADY_ACKNOWLEDGED)
    sheet.acknowledged_at, sheet.acknowledged_by = timezone.now(), user
    sheet.save(update_fields=["acknowledged_at", "acknowledged_by"])
    audit_record(
        actor=user, action="circulation.key_information_acknowledge", outcome=AuditEvent.Outcome.SUCCEEDED, obj=sheet
    )
    referral = sheet.placement.search.referral
    notify(
        to=local_authority_emails(referral.local_authority),
        subject="The secure home has received the key information for the first 72 hours",
        reference=str(referral.reference),
        lines=["The home the child is placed at has acknowledged the key information for the first 72 hours."],
        url_name="circulation:search",
        args=[referral.pk],
    )
    return sheet


def key_information_erase(*, search: Search) -> list[str]:
    """When the child's records are anonymised (privacy/retention.py): the placed home's sheet files to remove once
    the caller's transaction commits; the row stays as the record of who acknowledged it and when."""
    sheets = KeyInformationSheet.objects.filter(placement__search=search).exclude(stored_name="")
    keys = list(sheets.values_list("stored_name", flat=True))
    sheets.update(stored_name="", sha256="", source="")
    return keys
