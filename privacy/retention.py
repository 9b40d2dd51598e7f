"""Applying the retention schedule (privacy/schedule.py): what is due under each rule, and removing it.

`retention_run(dry_run=...)` runs every rule: a dry run only lists; a real run removes, one record per transaction,
so a run that stops half-way is resumed by the next (each rule selects only what is still there and due), and
re-running is harmless. A legal hold on a referral (or on a child: every referral of the child) stops every rule
that would touch its records. Each run is
recorded (`RetentionRun`, with the count per rule) and audited.
"""

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from functools import partial

import pgtrigger
from django.db import transaction
from django.db.models import Max, Q, QuerySet
from django.db.models.deletion import ProtectedError
from django.utils import timezone
from django_q.models import Task

from accounts.models import AuditEvent, Invitation, UserSession
from accounts.services import audit_record
from accounts.types import Actor
from circulation.models import HomeRequest, InformationRequest, Search
from circulation.services.first_72_hours import key_information_erase
from coordination.models import OfstedNotification, SearchReview, SearchUpdate, UpkeepReminder
from coordination.services.ofsted import ofsted_notification_key
from forms_engine.models import PackJob, Referral
from forms_engine.services import erasure
from ops.models import OutboxMessage
from outcomes.models import Checkpoint

from .models import LegalHold, RetentionRun
from .schedule import RULES, SCHEDULE
from .subject_access import child_referrals

ACCESS_ENDED = (HomeRequest.Status.DECLINED, HomeRequest.Status.RECALLED)


@dataclass
class Due:
    """What one rule would remove now: a label per record (a reference or an id) and how to remove each."""

    rule: str
    # Each removal changes rows and returns the files to remove once its transaction has committed.
    items: list[tuple[str, Callable[[], list[str]]]] = field(default_factory=list)


def held_referral_ids(now: datetime) -> set[int]:
    """Referrals under a legal hold in force today: held one by one, or as referrals of a held child (found anew
    on each run, so a referral made after the hold for the same child is held too)."""
    today = timezone.localdate(now)
    holds = LegalHold.objects.filter(released_at__isnull=True).filter(Q(until__isnull=True) | Q(until__gte=today))
    held = set(holds.filter(scope=LegalHold.Scope.REFERRAL).values_list("referral_id", flat=True))
    for hold in holds.filter(scope=LegalHold.Scope.CHILD).select_related("referral"):
        held |= {referral.pk for referral in child_referrals(hold.referral)}
    return held


def _cutoff(rule: str, now: datetime) -> datetime:
    return now - timedelta(days=RULES[rule].days)


def _abandoned_drafts(now: datetime, held: set[int]) -> Due:
    drafts = Referral.objects.filter(
        status__in=[Referral.Status.DRAFT, Referral.Status.AWAITING_SIGNATURE],
        updated_at__lt=_cutoff("abandoned_drafts", now),
    ).exclude(pk__in=held)
    return Due("abandoned_drafts", [(f"draft {r.pk}", partial(erasure.draft_delete, r)) for r in drafts])


def _packs(jobs: QuerySet[PackJob], rule: str) -> Due:
    jobs = jobs.exclude(state=PackJob.State.DESTROYED).select_related("referral", "home")
    return Due(rule, [(f"{j.referral.reference} for {j.home.slug}", partial(erasure.pack_destroy, j)) for j in jobs])


def _declined_recalled_packs(now: datetime, held: set[int]) -> Due:
    cutoff = _cutoff("declined_recalled_packs", now)
    ended = HomeRequest.objects.filter(status__in=ACCESS_ENDED).filter(
        Q(decided_at__lte=cutoff) | Q(recalled_at__lte=cutoff)
    )
    jobs = PackJob.objects.filter(pk__in=ended.values("pack_job")).exclude(referral__in=held)
    # A job shared with a home that still holds the referral is not destroyed (one job per home, so none should be).
    still_needed = HomeRequest.objects.exclude(status__in=ACCESS_ENDED).values("pack_job")
    return _packs(jobs.exclude(pk__in=still_needed), "declined_recalled_packs")


def _closed_search_packs(now: datetime, held: set[int]) -> Due:
    closed = Search.objects.filter(closed_at__lt=_cutoff("closed_search_packs", now))
    return _packs(PackJob.objects.filter(referral__search__in=closed).exclude(referral__in=held), "closed_search_packs")


def _search_of(referral: Referral) -> Search | None:
    search = Search.objects.filter(referral=referral).first()
    if search is None:
        review = SearchReview.objects.filter(referral=referral).select_related("search").first()
        search = review.search if review else None
    return search


def identifiable_until(referral: Referral) -> datetime | None:
    """When the identifiable period of a submitted referral starts to run out: the last follow-up checkpoint's due
    date, else the end of its search, else (never circulated) its submission; None while its search is open."""
    search = _search_of(referral)
    if search is None:
        return referral.submitted_at
    if search.closed_at is None:
        return None
    last_due = Checkpoint.objects.filter(followup__referral=search.referral).aggregate(last=Max("due_on"))["last"]
    if last_due is None:
        return search.closed_at
    return datetime.combine(last_due, datetime.min.time(), tzinfo=timezone.get_current_timezone())


def _anonymise(referral: Referral) -> list[str]:
    """Every identifying part of the child's records from this referral: answers and files (forms_engine), the
    homes' notes, the information exchanged and the placed home's first-72-hours sheet (circulation), updates and
    the Ofsted letter (coordination)."""
    paths = erasure.referral_anonymise(referral)
    search = Search.objects.filter(referral=referral).first()
    if search is None:
        return paths
    HomeRequest.objects.filter(search=search).update(decline_text="")
    InformationRequest.objects.filter(home_request__search=search).update(question="", answer="")
    paths += key_information_erase(search=search)
    SearchUpdate.objects.filter(search=search).update(what_changed="", placement_and_risks="", for_homes="")
    for notification in OfstedNotification.objects.filter(search=search):
        paths.append(ofsted_notification_key(notification))
        OfstedNotification.objects.filter(pk=notification.pk).update(sha256="")
    return paths


def _identifiable_records(now: datetime, held: set[int]) -> Due:
    cutoff = _cutoff("identifiable_records", now)
    submitted = Referral.objects.filter(status=Referral.Status.SUBMITTED, anonymised_at__isnull=True).exclude(
        pk__in=held
    )
    due = Due("identifiable_records")
    for referral in submitted.order_by("pk"):
        until = identifiable_until(referral)
        if until is not None and until < cutoff:
            due.items.append((referral.reference or f"referral {referral.pk}", partial(_anonymise, referral)))
    return due


def _audit_events(now: datetime, held: set[int]) -> Due:
    held_references = set(
        Referral.objects.filter(pk__in=held).exclude(reference=None).values_list("reference", flat=True)
    )
    old = AuditEvent.objects.filter(occurred_at__lt=_cutoff("audit_events", now)).exclude(
        subject_reference__in=held_references
    )
    ids = list(old.values_list("pk", flat=True))
    return Due("audit_events", [(f"{len(ids)} events", partial(_audit_delete, ids))] if ids else [])


def _audit_delete(ids: list[int]) -> list[str]:
    """The one sanctioned deletion of audit rows: past their own retention, through the trigger's ignore."""
    with pgtrigger.ignore("accounts.AuditEvent:audit_rows_append_only"):
        queryset = AuditEvent.objects.filter(pk__in=ids)
        queryset._raw_delete(queryset.db)
    return []


def _bulk(rule: str, queryset: QuerySet, what: str) -> Due:
    """A rule whose records go together in one delete (rows with no files and no child's details of their own)."""
    count = queryset.count()

    def remove() -> list[str]:
        queryset.delete()
        return []

    return Due(rule, [(f"{count} {what}", remove)] if count else [])


def _task_results(now: datetime, held: set[int]) -> Due:
    return _bulk("task_results", Task.objects.filter(stopped__lt=_cutoff("task_results", now)), "task results")


def _reminder_log(now: datetime, held: set[int]) -> Due:
    old = UpkeepReminder.objects.filter(sent_at__lt=_cutoff("reminder_log", now)).exclude(search__referral__in=held)
    return _bulk("reminder_log", old, "reminders")


def _sessions_and_invitations(now: datetime, held: set[int]) -> Due:
    """Used or expired invitations, and session records older than the longest session (10 hours) by the period."""
    cutoff = _cutoff("sessions_and_invitations", now)
    invitations = _bulk(
        "sessions_and_invitations",
        Invitation.objects.filter(Q(used_at__lt=cutoff) | Q(expires_at__lt=cutoff)),
        "invitations",
    )
    sessions = _bulk(
        "sessions_and_invitations", UserSession.objects.filter(signed_in_at__lt=cutoff - timedelta(days=1)), "sessions"
    )
    return Due("sessions_and_invitations", invitations.items + sessions.items)


def _notification_outbox(now: datetime, held: set[int]) -> Due:
    cutoff = _cutoff("notification_outbox", now)
    done = OutboxMessage.objects.filter(Q(sent_at__lt=cutoff) | Q(failed_at__lt=cutoff))
    return _bulk("notification_outbox", done, "messages")


SELECTORS: dict[str, Callable[[datetime, set[int]], Due]] = {
    "abandoned_drafts": _abandoned_drafts,
    "declined_recalled_packs": _declined_recalled_packs,
    "closed_search_packs": _closed_search_packs,
    "identifiable_records": _identifiable_records,
    "audit_events": _audit_events,
    "task_results": _task_results,
    "reminder_log": _reminder_log,
    "notification_outbox": _notification_outbox,
    "sessions_and_invitations": _sessions_and_invitations,
}
assert set(SELECTORS) == set(RULES), "every rule of the schedule has a selector"


def due_now(now: datetime | None = None) -> Iterator[Due]:
    """What each rule would remove now, in the schedule's order."""
    now = now or timezone.now()
    held = held_referral_ids(now)
    for rule in SCHEDULE:
        yield SELECTORS[rule.key](now, held)


def retention_run(*, dry_run: bool, actor: Actor = None, now: datetime | None = None) -> RetentionRun:
    """Run the schedule once. Each removal is its own transaction; the run's counts are recorded and audited."""
    run = RetentionRun.objects.create(dry_run=dry_run)
    counts: dict[str, int] = {}
    for due in due_now(now):
        done = 0
        for _label, remove in due.items:
            if not dry_run:
                try:
                    with transaction.atomic():
                        paths = remove()
                except ProtectedError:
                    continue  # still linked from a record that stays (a copy of it); kept, and not counted
                erasure.files_remove(paths)
            done += 1
        counts[due.rule] = done
    if not dry_run:
        counts["orphan_files"] = erasure.orphan_files_sweep()
    run.counts, run.finished_at = counts, timezone.now()
    run.save(update_fields=["counts", "finished_at"])
    action = "privacy.retention_dry_run" if dry_run else "privacy.retention_run"
    audit_record(actor=actor, action=action, outcome=AuditEvent.Outcome.SUCCEEDED, obj=run)
    return run
