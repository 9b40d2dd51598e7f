"""The audit log as CSV, for a data-protection lead's or an auditor's own analysis. Identifiers only, as stored."""

import csv
import io
from collections.abc import Iterable

from .models import AuditEvent

COLUMNS = (
    "occurred_at",
    "actor",
    "actor_organisation",
    "action",
    "object_type",
    "object_id",
    "referral_reference",
    "object_organisation",
    "recipient",
    "file_type",
    "outcome",
    "request_id",
)
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _cell(value: object) -> str:
    """A cell a spreadsheet will not run as a formula."""
    text = "" if value is None else str(value)
    return f"'{text}" if text.startswith(_FORMULA_STARTS) else text


def audit_csv(events: Iterable[AuditEvent]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for event in events:
        row = (
            event.occurred_at.isoformat(),
            event.actor.username if event.actor else "",
            event.organisation.name if event.organisation else "",
            event.action,
            event.object_type,
            event.object_id,
            event.subject_reference,
            event.object_organisation.name if event.object_organisation else "",
            event.recipient.name if event.recipient else "",
            event.file_type,
            event.outcome,
            event.request_id,
        )
        writer.writerow([_cell(value) for value in row])
    return out.getvalue()
