"""The notifications outbox: one row per message, written in the transaction of the event that causes it."""

import uuid

from django.db import models
from django.utils import timezone


class OutboxMessage(models.Model):
    """One e-mail to one address, sent by a django-q2 task after the event's transaction commits.

    The row, not the broker, is the source of truth: a message whose task never ran (broker outage, killed
    worker) is still `queued` here and the periodic sweeper sends it. The body is kept only until the message is
    sent (it may carry a password-reset or invitation link) and is never logged or shown.
    """

    class Status(models.TextChoices):
        QUEUED = "queued", "Waiting to be sent"
        SENDING = "sending", "Being sent"
        SENT = "sent", "Sent"
        FAILED = "failed", "Could not be sent"

    reference = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    to = models.CharField(max_length=254)
    subject = models.CharField(max_length=998)
    body = models.TextField(blank=True)
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.QUEUED)
    attempts = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField(default=timezone.now)
    # When the message was (last) put in the queue: on creation and on "try again"; the 24-hour cap counts from it.
    queued_at = models.DateTimeField(default=timezone.now)
    next_attempt_at = models.DateTimeField(default=timezone.now)
    # When a task was last handed to the broker for it; null when no task is known to carry it.
    enqueued_at = models.DateTimeField(null=True, blank=True)
    # While `sending`: a worker that dies mid-send leaves the row, and the sweeper takes it back after this.
    lease_expires_at = models.DateTimeField(null=True, blank=True)
    last_attempt_at = models.DateTimeField(null=True, blank=True)
    # The error's class (and HTTP status), never its message: that may quote an address.
    last_error = models.CharField(max_length=100, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    failed_at = models.DateTimeField(null=True, blank=True)
    provider_id = models.CharField(max_length=64, blank=True, help_text="GOV.UK Notify's id for the message.")

    class Meta:
        verbose_name = "outbox message"
        indexes = [models.Index(fields=["status", "next_attempt_at"], name="ops_outbox_status_due")]

    def __str__(self) -> str:
        return f"Message {self.short_reference} ({self.get_status_display()})"

    @property
    def short_reference(self) -> str:
        """The first eight hex digits of the reference: enough to find the row, short enough to read out."""
        return self.reference.hex[:8].upper()

    @property
    def recipient_domain(self) -> str:
        return self.to.rpartition("@")[2].lower()
