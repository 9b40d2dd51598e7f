"""Reads for liberty safeguards: orders ending without a plan, reviews due, notices overdue, a child's counter."""

from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Q, QuerySet
from django.utils import timezone

from forms_engine.models import Referral

from . import rules
from .models import ExitPlan, LibertyOrder, RegulatorNotification
from .services import no_order_intervals, review_next_due

ENDING_WITHIN_DAYS = 28


def in_force(orders: QuerySet[LibertyOrder], *, on: date | None = None) -> QuerySet[LibertyOrder]:
    on = on or timezone.localdate()
    return orders.filter(ended_at__isnull=True, starts_at__date__lte=on).filter(
        Q(expires_on__isnull=True) | Q(expires_on__gte=on)
    )


def ending_without_plan(orders: QuerySet[LibertyOrder], *, on: date | None = None) -> QuerySet[LibertyOrder]:
    """Court orders in force ending within 28 days with neither a plan for the end nor a hearing still to come."""
    on = on or timezone.localdate()
    ending = in_force(orders, on=on).filter(expires_on__lte=on + timedelta(days=ENDING_WITHIN_DAYS))
    no_hearing = Q(next_hearing_on__isnull=True) | Q(next_hearing_on__lt=on)
    return ending.filter(no_hearing, exit_plan="").select_related("referral__local_authority").order_by("expires_on")


def ending_without_destination(orders: QuerySet[LibertyOrder], *, on: date | None = None) -> QuerySet[LibertyOrder]:
    """Court orders in force ending within 28 days whose exit plan names no destination yet (none recorded)."""
    on = on or timezone.localdate()
    ending = in_force(orders, on=on).exclude(kind=LibertyOrder.Kind.NO_ORDER)
    ending = ending.filter(expires_on__lte=on + timedelta(days=ENDING_WITHIN_DAYS), destination__isnull=True)
    return ending.select_related("referral__local_authority").order_by("expires_on", "pk")


def exit_destination(referral: Referral) -> ExitPlan | None:
    """The exit plan of the child's latest secure placement order: where the exit record starts from."""
    plans = ExitPlan.objects.filter(order__referral=referral, order__setting=LibertyOrder.Setting.SECURE_HOME).exclude(
        order__kind=LibertyOrder.Kind.NO_ORDER
    )
    return plans.select_related("order").order_by("-order__starts_at", "-order__pk").first()


@dataclass(frozen=True)
class ReviewDue:
    order: LibertyOrder
    due_on: date

    @property
    def overdue(self) -> bool:
        return self.due_on < timezone.localdate()


def reviews_due(orders: QuerySet[LibertyOrder], *, within_days: int = 14) -> list[ReviewDue]:
    """Court orders in force whose next review falls within `within_days` (or has passed), soonest first."""
    horizon = timezone.localdate() + timedelta(days=within_days)
    court = in_force(orders).exclude(kind=LibertyOrder.Kind.NO_ORDER).prefetch_related("reviews")
    due = [ReviewDue(order=o, due_on=review_next_due(o)) for o in court.select_related("referral")]
    return sorted((d for d in due if d.due_on <= horizon), key=lambda d: d.due_on)


def notifications_overdue(orders: QuerySet[LibertyOrder]) -> QuerySet[RegulatorNotification]:
    return RegulatorNotification.objects.filter(
        order__in=orders, sent_on__isnull=True, due_on__lt=timezone.localdate()
    ).select_related("order__referral")


def notifications_open(orders: QuerySet[LibertyOrder]) -> QuerySet[RegulatorNotification]:
    return RegulatorNotification.objects.filter(order__in=orders, sent_on__isnull=True).select_related(
        "order__referral"
    )


def criteria_not_met(orders: QuerySet[LibertyOrder]) -> list[LibertyOrder]:
    """Orders in force whose latest review found the criteria no longer met: the restriction should end."""
    found = []
    for order in in_force(orders).prefetch_related("reviews").select_related("referral"):
        latest = next(iter(order.reviews.all()), None)  # reviews are ordered newest first
        if latest is not None and not latest.criteria_met:
            found.append(order)
    return found


def notice_figures_for_month(*, year: int, month: int) -> dict[str, int]:
    """The monthly summary's count of unregistered-setting notices: placements in an unregistered setting that began
    in the month (each drafts one notice), and notices overdue at the month's end (due before its last day, not sent
    by then). From dates only, so a past month gives the same figures whenever it is asked for."""
    first = date(year, month, 1)
    last = date(year + month // 12, month % 12 + 1, 1) - timedelta(days=1)
    notices = RegulatorNotification.objects.all()
    begun = notices.filter(order__starts_at__date__gte=first, order__starts_at__date__lte=last)
    overdue = notices.filter(due_on__lt=last, order__starts_at__date__lte=last).filter(
        Q(sent_on__isnull=True) | Q(sent_on__gt=last)
    )
    return {"unregistered_notices": begun.count(), "unregistered_notices_overdue": overdue.count()}


def child_counter(referral: Referral) -> rules.Counter:
    """The 72-hours-in-28-days counter for the child, as of now."""
    return rules.counter(no_order_intervals(referral=referral), now=timezone.now())
