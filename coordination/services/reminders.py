"""The daily upkeep check: reminders before an update or review is due, and a notice when it is overdue.

Each reminder is recorded once per search, kind and due date, so running the check again (or twice a day) sends
nothing new. Messages carry the referral reference and a link only, never anything about the child.
"""

from datetime import date

from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from circulation.models import Search
from ops.notifications import notification_send

from ..models import UpkeepReminder
from ..selectors import upkeep_for, with_upkeep
from ..upkeep import Due, Upkeep
from .common import coordinator_emails, referrer_emails

Kind = UpkeepReminder.Kind
SUBJECTS: dict[str, str] = {
    Kind.UPDATE_DUE: "A two-weekly update is due soon",
    Kind.REVIEW_DUE: "A reviewed referral form is due soon",
    Kind.UPDATE_OVERDUE: "A two-weekly update is overdue: the search will cease",
    Kind.REVIEW_OVERDUE: "A reviewed referral form is overdue: the search will cease",
}


def _due_reminders(upkeep: Upkeep) -> list[tuple[str, date]]:
    """Which reminders the upkeep calls for today, with the due date each one is about."""
    wanted: list[tuple[str, date]] = []
    for state, due_on, soon, late in (
        (upkeep.update_state, upkeep.update_due_on, Kind.UPDATE_DUE, Kind.UPDATE_OVERDUE),
        (upkeep.review_state, upkeep.review_due_on, Kind.REVIEW_DUE, Kind.REVIEW_OVERDUE),
    ):
        if state == Due.DUE_SOON:
            wanted.append((soon, due_on))
        elif state == Due.OVERDUE:
            wanted.append((late, due_on))
    return wanted


def _send(reminder_id: int) -> None:
    reminder = UpkeepReminder.objects.select_related("search__referral__local_authority").get(pk=reminder_id)
    search = reminder.search
    overdue = reminder.kind in (Kind.UPDATE_OVERDUE, Kind.REVIEW_OVERDUE)
    to = referrer_emails(search.referral.local_authority) + (coordinator_emails() if overdue else [])
    link = reverse("coordination:search", kwargs={"pk": search.pk})
    base = (getattr(settings, "WAGTAILADMIN_BASE_URL", "") or "").rstrip("/")
    when = f"{reminder.due_on:%-d %B %Y}"
    lines = [
        f"It {'was' if overdue else 'is'} due on {when}.",
        "If it is not sent, the coordination unit may cease the search." if overdue else "",
        f"Referral reference: {search.referral.reference}",
        f"Sign in to see the search: {base}{link}",
    ]
    sent = notification_send(
        to=to,
        subject=f"{SUBJECTS[reminder.kind]} ({search.referral.reference})",
        body="\n\n".join(line for line in lines if line),
    )
    UpkeepReminder.objects.filter(pk=reminder.pk).update(recipients=sent)


def upkeep_reminders_send(*, today: date | None = None) -> int:
    """Record every reminder due today that has not been sent, with its messages in the outbox in the same
    transaction; returns how many."""
    today = today or timezone.localdate()
    created = 0
    for search in with_upkeep(Search.objects.filter(status=Search.Status.OPEN)).select_related("referral"):
        for kind, due_on in _due_reminders(upkeep_for(search, today=today)):
            try:
                with transaction.atomic():
                    reminder = UpkeepReminder.objects.create(search=search, kind=kind, due_on=due_on)
                    _send(reminder.pk)
            except IntegrityError:
                continue  # already sent for this due date
            created += 1
    return created
