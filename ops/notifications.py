"""Notifications through an outbox: GOV.UK Notify's client where a key is configured, Django e-mail otherwise.

Messages carry a link and a reference only, never a child's details: e-mail is not a secure channel.

`notification_send` writes one `OutboxMessage` per address in the caller's transaction and, once that transaction
commits, hands each message to a django-q2 task (`ops.tasks.notification_deliver`): nothing is sent from inside a
web request, and a message of an event that rolls back is never sent. A send that fails is tried again with
exponential backoff; after MAX_ATTEMPTS, or GIVE_UP_AFTER since it was queued, or at once when the provider refuses
it for good, it is marked failed for the coordination unit to see and try again. `notifications_sweep` runs every
minute (a django-q2 schedule, ops migration 0002) and sends what is due, so a broker outage or a killed worker only
delays a message. A message is claimed by a conditional UPDATE (queued -> sending) before it is sent, so two
workers never both send it.

Logs name a message by its reference, its attempt, the recipient's domain and the error's class: never the address,
subject or body.
"""

import logging
import smtplib
from collections.abc import Iterable
from datetime import timedelta
from functools import partial

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import Count, F, Q, QuerySet
from django.utils import timezone

from .models import OutboxMessage
from .queue import enqueue

logger = logging.getLogger(__name__)

Status = OutboxMessage.Status

MAX_ATTEMPTS = 8
GIVE_UP_AFTER = timedelta(hours=24)
# Waits between attempts: 1, 3, 9, 27, 81 and 243 minutes, then 8 hours; the eighth attempt is about 14 hours in.
FIRST_RETRY_AFTER = timedelta(minutes=1)
BACKOFF_FACTOR = 3
LONGEST_WAIT = timedelta(hours=8)
# How long a worker may hold a message it is sending; longer than Notify's timeout and the q cluster's.
LEASE = timedelta(minutes=10)
# A message handed to the broker that has not been tried after this long is handed over again (the claim makes a
# duplicate task harmless).
REENQUEUE_AFTER = timedelta(minutes=15)
BATCH = 500
NOTIFY_TIMEOUT_SECONDS = 30
NOTIFY_BASE_URL = "https://api.notifications.service.gov.uk"
DELIVER_TASK = "ops.tasks.notification_deliver"


class NotDelivered(Exception):
    """The e-mail backend accepted the call but delivered nothing."""


def notification_send(*, to: Iterable[str], subject: str, body: str) -> int:
    """Queue one message to each distinct non-empty address; returns how many were queued. Never raises for a bad
    address. The rows are written in the caller's transaction and sent by a task after it commits."""
    addresses = sorted({address for address in to if address})
    if not addresses:
        return 0
    with transaction.atomic():
        ids = [OutboxMessage.objects.create(to=address, subject=subject, body=body).pk for address in addresses]
    _enqueue_after_commit(ids)
    return len(ids)


def _enqueue_after_commit(ids: list[int]) -> None:
    """Hand the messages to the queue once the current transaction commits (at once outside a transaction).

    Tests set NOTIFICATIONS_ENQUEUE_BEFORE_COMMIT: a test's transaction never commits, so without it no message of
    a test would ever leave. Tests of the outbox itself turn it off and commit through pytest-django.
    """
    if getattr(settings, "NOTIFICATIONS_ENQUEUE_BEFORE_COMMIT", False):
        _enqueue(ids)
    else:
        transaction.on_commit(partial(_enqueue, ids))


def _enqueue(ids: Iterable[int]) -> int:
    """One django-q2 task per message; returns how many were handed over. A broker that cannot be reached is logged
    (by ops.queue) and left to the sweeper: the caller's event has already committed and must not fail for it."""
    handed = 0
    for pk in ids:
        if not OutboxMessage.objects.filter(pk=pk, status=Status.QUEUED).update(enqueued_at=timezone.now()):
            continue
        if enqueue(DELIVER_TASK, pk, task_name=f"notification-{pk}") is None:
            OutboxMessage.objects.filter(pk=pk, status=Status.QUEUED).update(enqueued_at=None)
            break  # the rest are not marked as handed over either: the sweeper takes them all
        handed += 1
    return handed


def message_deliver(pk: int) -> str:
    """Send one message if it is due and nobody else is sending it; records the outcome. Returns what happened:
    'sent', 'retrying', 'failed' or 'skipped' (not queued, not yet due, or claimed by another worker)."""
    now = timezone.now()
    claimed = OutboxMessage.objects.filter(pk=pk, status=Status.QUEUED, next_attempt_at__lte=now).update(
        status=Status.SENDING,
        attempts=F("attempts") + 1,
        last_attempt_at=now,
        lease_expires_at=now + LEASE,
    )
    if not claimed:
        return "skipped"
    message = OutboxMessage.objects.get(pk=pk)
    try:
        provider_id = _send(message)
    except Exception as error:  # noqa: BLE001 - every failure is recorded on the row and tried again or reported
        return _failure_record(message, error)
    OutboxMessage.objects.filter(pk=pk, status=Status.SENDING).update(
        status=Status.SENT,
        sent_at=timezone.now(),
        body="",  # the body may hold a reset or invitation link; nothing needs it once it is sent
        lease_expires_at=None,
        enqueued_at=None,
        last_error="",
        provider_id=provider_id[:64],
    )
    logger.info(
        "Notification %s sent to a %s address on attempt %d",
        message.short_reference,
        message.recipient_domain,
        message.attempts,
    )
    return "sent"


def backoff(attempts: int) -> timedelta:
    """The wait after the `attempts`-th failed attempt."""
    wait: timedelta = FIRST_RETRY_AFTER * BACKOFF_FACTOR ** max(attempts - 1, 0)
    return min(wait, LONGEST_WAIT)


def _failure_name(error: Exception) -> str:
    """The error's class, and the HTTP status where there is one: never the message, which may quote an address."""
    status = getattr(error, "status_code", None)
    name = type(error).__name__
    return (f"{name} {status}" if isinstance(status, int) else name)[:100]


def _is_permanent(error: Exception) -> bool:
    """Refused for good: Notify's 400 (a bad address, a team-only key) or an SMTP server refusing the recipient."""
    from notifications_python_client.errors import HTTPError

    if isinstance(error, HTTPError):
        return error.status_code == 400
    return isinstance(error, smtplib.SMTPRecipientsRefused)


def _failure_record(message: OutboxMessage, error: Exception) -> str:
    now = timezone.now()
    failure = _failure_name(error)
    if _is_permanent(error) or message.attempts >= MAX_ATTEMPTS or now - message.queued_at >= GIVE_UP_AFTER:
        OutboxMessage.objects.filter(pk=message.pk, status=Status.SENDING).update(
            status=Status.FAILED, failed_at=now, last_error=failure, lease_expires_at=None, enqueued_at=None
        )
        logger.error(
            "Notification %s to a %s address failed after %d attempt(s) (%s); the coordination unit can try again",
            message.short_reference,
            message.recipient_domain,
            message.attempts,
            failure,
        )
        return "failed"
    next_attempt_at = now + backoff(message.attempts)
    OutboxMessage.objects.filter(pk=message.pk, status=Status.SENDING).update(
        status=Status.QUEUED,
        next_attempt_at=next_attempt_at,
        last_error=failure,
        lease_expires_at=None,
        enqueued_at=None,  # no task carries it now: the sweeper hands it over when it is due
    )
    logger.warning(
        "Notification %s to a %s address: attempt %d failed (%s); next attempt at %s",
        message.short_reference,
        message.recipient_domain,
        message.attempts,
        failure,
        next_attempt_at.isoformat(timespec="seconds"),
    )
    return "retrying"


def _send(message: OutboxMessage) -> str:
    """Hand the message to the provider; returns the provider's id for it ('' for Django e-mail)."""
    if settings.NOTIFY_API_KEY:
        return _send_with_notify(message)
    return _send_with_email(message)


def _send_with_notify(message: OutboxMessage) -> str:
    from notifications_python_client.notifications import NotificationsAPIClient

    client = NotificationsAPIClient(
        settings.NOTIFY_API_KEY,
        base_url=getattr(settings, "NOTIFY_BASE_URL", "") or NOTIFY_BASE_URL,
        timeout=NOTIFY_TIMEOUT_SECONDS,
    )
    response = client.send_email_notification(
        email_address=message.to,
        template_id=settings.NOTIFY_TEMPLATE_ID,
        personalisation={"subject": message.subject, "body": message.body},
        reference=str(message.reference),
    )
    return str((response or {}).get("id", ""))


def _send_with_email(message: OutboxMessage) -> str:
    email = EmailMessage(
        message.subject, message.body, None, [message.to], headers={"X-Notification-Reference": str(message.reference)}
    )
    if not email.send(fail_silently=False):
        raise NotDelivered
    return ""


def notifications_sweep() -> dict[str, int]:
    """Every minute: take back messages whose worker died mid-send, and hand over every message that is due and
    that no task is known to carry (never handed over, the broker lost it, or its wait after a failure is over)."""
    now = timezone.now()
    stale = OutboxMessage.objects.filter(status=Status.SENDING, lease_expires_at__lt=now)
    gave_up = stale.filter(attempts__gte=MAX_ATTEMPTS).update(
        status=Status.FAILED, failed_at=now, last_error="LeaseExpired", lease_expires_at=None, enqueued_at=None
    )
    taken_back = stale.filter(attempts__lt=MAX_ATTEMPTS).update(
        status=Status.QUEUED, next_attempt_at=now, last_error="LeaseExpired", lease_expires_at=None, enqueued_at=None
    )
    due = list(
        OutboxMessage.objects.filter(status=Status.QUEUED, next_attempt_at__lte=now)
        .filter(Q(enqueued_at__isnull=True) | Q(enqueued_at__lt=now - REENQUEUE_AFTER))
        .order_by("next_attempt_at", "pk")
        .values_list("pk", flat=True)[:BATCH]
    )
    handed = _enqueue(due)
    if due or taken_back or gave_up:
        logger.info(
            "Notifications sweep: %d due, %d handed over, %d taken back from a stopped worker, %d failed",
            len(due),
            handed,
            taken_back,
            gave_up,
        )
    return {"due": len(due), "handed_over": handed, "taken_back": taken_back, "failed": gave_up}


def notifications_try_again(*, pks: Iterable[int] | None = None) -> int:
    """Put failed messages (these, or the oldest BATCH of all) back in the queue with a fresh count of attempts;
    returns how many. They are handed to the queue once the caller's transaction commits."""
    failed = OutboxMessage.objects.filter(status=Status.FAILED)
    if pks is not None:
        failed = failed.filter(pk__in=list(pks)[:BATCH])
    now = timezone.now()
    with transaction.atomic():
        ids = list(failed.select_for_update().order_by("pk").values_list("pk", flat=True)[:BATCH])
        count = OutboxMessage.objects.filter(pk__in=ids, status=Status.FAILED).update(
            status=Status.QUEUED,
            attempts=0,
            queued_at=now,
            next_attempt_at=now,
            failed_at=None,
            enqueued_at=None,
        )
    if ids:
        _enqueue_after_commit(ids)
    return count


def failed_messages() -> QuerySet[OutboxMessage]:
    """Messages that could not be sent, newest first, without their bodies."""
    return OutboxMessage.objects.filter(status=Status.FAILED).defer("body").order_by("-failed_at", "-pk")


def outbox_counts() -> dict[str, int]:
    """How many messages have failed, and how many are waiting to be sent or tried again."""
    rows = dict(
        OutboxMessage.objects.filter(status__in=[Status.FAILED, Status.QUEUED, Status.SENDING])
        .values("status")
        .annotate(n=Count("pk"))
        .values_list("status", "n")
    )
    return {"failed": rows.get(Status.FAILED, 0), "waiting": rows.get(Status.QUEUED, 0) + rows.get(Status.SENDING, 0)}
