"""The notification for a child not placed: drafted once per search, reviewed and marked as sent by the LA.

It goes to Ofsted, or to Care Inspectorate Wales for a Welsh authority's child: liberty's route rule
(`liberty.services.regulator_of`), with the authority's nation standing for the setting's, since a search's
closure does not record where the child is living now.
"""

import hashlib
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from accounts.models import AuditEvent
from accounts.services import audit_record
from accounts.types import Actor
from circulation.models import Search
from liberty.services import regulator_of
from ops import storage

from ..letter import LetterError, letter_context, letter_render
from ..models import OfstedNotification
from .common import UpkeepRefused


def ofsted_notification_key(notification: OfstedNotification) -> str:
    """Where the letter is kept in the protected storage, served only through the access-checked download view."""
    return f"ofsted/{notification.pk}/notification.docx"


def _needs_drafting(notification: OfstedNotification) -> bool:
    if notification.status == OfstedNotification.Status.FAILED:
        return True
    return notification.status == OfstedNotification.Status.DRAFTED and not storage.exists(
        ofsted_notification_key(notification)
    )


@transaction.atomic
def ofsted_notification_draft(*, search: Search, user: Actor) -> OfstedNotification:
    """The search's notification, drafting the letter if it has none yet (or drafting failed); idempotent per search.

    A letter that cannot be rendered leaves the notification marked as failed, to draft again, and never stops the
    search from closing.
    """
    search = Search.objects.select_related("referral__local_authority", "referral__version").get(pk=search.pk)
    if search.status != Search.Status.CLOSED:
        raise UpkeepRefused("Only a search that ended without a placement needs an Ofsted notification.")
    notification, created = OfstedNotification.objects.select_for_update().get_or_create(
        search=search, defaults={"drafted_by": user}
    )
    if not created and not _needs_drafting(notification):
        return notification
    drafted_on = timezone.localdate()
    nation = search.referral.local_authority.nation
    notification.regulator = regulator_of(authority_nation=nation, setting_nation=nation)
    try:
        data = letter_render(letter_context(search=search, drafted_on=drafted_on, regulator=notification.regulator))
    except LetterError as error:
        notification.status, notification.last_error = OfstedNotification.Status.FAILED, str(error)[:64]
        notification.save(update_fields=["status", "last_error", "regulator"])
        return notification
    storage.store_bytes(ofsted_notification_key(notification), data)
    notification.status, notification.last_error = OfstedNotification.Status.DRAFTED, ""
    notification.sha256, notification.drafted_at = hashlib.sha256(data).hexdigest(), timezone.now()
    notification.drafted_by = notification.drafted_by or user
    notification.save()
    audit_record(actor=user, action="coordination.ofsted_draft", outcome=AuditEvent.Outcome.SUCCEEDED, obj=notification)
    return notification


@transaction.atomic
def ofsted_notification_mark_sent(
    *, notification: OfstedNotification, user: Actor, sent_on: date
) -> OfstedNotification:
    """The LA has reviewed the letter and sent it to Ofsted on this date."""
    notification = (
        OfstedNotification.objects.select_for_update()
        .select_related("search__referral__local_authority")
        .get(pk=notification.pk)
    )
    if notification.status != OfstedNotification.Status.DRAFTED:
        raise UpkeepRefused(
            "This notification has already been marked as sent."
            if notification.is_sent
            else "The letter has not been drafted yet, so it cannot be marked as sent."
        )
    if sent_on > timezone.localdate():
        raise ValidationError({"sent_on": "The date sent must be today or in the past"})
    if sent_on < timezone.localdate(notification.drafted_at):
        raise ValidationError({"sent_on": "The date sent must be on or after the day the letter was drafted"})
    notification.status, notification.sent_on, notification.sent_by = OfstedNotification.Status.SENT, sent_on, user
    notification.sent_recorded_at = timezone.now()
    notification.save(update_fields=["status", "sent_on", "sent_by", "sent_recorded_at"])
    audit_record(
        actor=user, action="coordination.ofsted_mark_sent", outcome=AuditEvent.Outcome.SUCCEEDED, obj=notification
    )
    return notification
