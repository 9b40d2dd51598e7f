"""Use cases for liberty orders: record, plan, end, review, notify the regulator, and remind before the end."""

from datetime import date, datetime, time, timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.utils import timezone

from accounts.models import AuditEvent, Membership, Organisation, Role
from accounts.services import audit_record
from accounts.types import Actor
from forms_engine.models import Referral
from ops.notifications import notification_send
from vocabulary.codelists import CODE_LISTS

from . import events, rules
from .models import ExitPlan, LibertyOrder, OrderReview, RegulatorNotification

Kind, Setting = LibertyOrder.Kind, LibertyOrder.Setting
TEXT_FIELDS = ("kind", "court", "conditions", "setting", "setting_nation", "exit_plan")
DATE_FIELDS = ("hearing_on", "next_hearing_on", "expires_on", "left_care_on")


def local_time(day: date, at: time | None = None) -> datetime:
    """A day and time in the service's time zone."""
    return timezone.make_aware(datetime.combine(day, at or time(0)))


def no_order_intervals(*, referral: Referral, exclude: int | None = None) -> list[rules.Interval]:
    """The child's placements without an order, as (start, end-or-now) intervals."""
    now = timezone.now()
    held = referral.liberty_orders.filter(kind=Kind.NO_ORDER)
    if exclude is not None:
        held = held.exclude(pk=exclude)
    return [(o.starts_at, o.held_until(now)) for o in held]


def _check_no_order(*, referral: Referral, starts_at: datetime, ended_at: datetime | None, pk: int | None) -> None:
    earlier = no_order_intervals(referral=referral, exclude=pk)
    latest = rules.latest_end(earlier, starts_at)
    end = ended_at or timezone.now()
    if end > latest:
        used = rules.most_used([*earlier, (starts_at, end)])
        raise ValidationError(
            {
                "ended_at": f"A child may be kept without a court order for at most 72 hours in any 28 days: this "
                f"would make {used.total_seconds() / 3600:.1f} hours. The placement must end by "
                f"{timezone.localtime(latest):%-d %B %Y %H:%M}, or a court order is needed"
            }
        )


def _check_dates(order: LibertyOrder) -> None:
    if order.is_court_order and order.expires_on is None:
        raise ValidationError({"expires_on": "Enter the date the order ends"})
    if order.expires_on and order.expires_on < timezone.localdate(order.starts_at):
        raise ValidationError({"expires_on": "The date the order ends must be the same as or after its start"})
    if order.ended_at and order.ended_at < order.starts_at:
        raise ValidationError({"ended_at": "The end of the restriction must be after its start"})


@transaction.atomic
def order_record(
    *, referral: Referral, data: dict[str, Any], starts_at: datetime, ended_at: datetime | None, user: Actor
) -> LibertyOrder:
    """Record an order or a placement without one; an unregistered setting gets its regulator notice drafted."""
    if referral.status != Referral.Status.SUBMITTED:
        raise ValidationError({"kind": "Orders can be recorded only for a submitted referral"})
    order = LibertyOrder(
        referral=referral,
        created_by=user,
        starts_at=starts_at,
        ended_at=ended_at,
        **{k: data.get(k) or "" for k in TEXT_FIELDS},
        **{k: data.get(k) for k in DATE_FIELDS},
    )
    if order.kind == Kind.NO_ORDER:
        order.expires_on = None
        _check_no_order(referral=referral, starts_at=starts_at, ended_at=ended_at, pk=None)
    if order.needs_exit_plan and ended_at is not None:
        raise ValidationError({"ended_at": f"{EXIT_PLAN_FIRST}: record the order without its end, then its plan"})
    _check_dates(order)
    order.full_clean()
    order.save()
    audit_record(actor=user, action="liberty.order_record", outcome=AuditEvent.Outcome.SUCCEEDED, obj=order)
    if order.setting == Setting.UNREGISTERED:
        notification_draft(order=order)
    events.order_recorded.send(sender=LibertyOrder, order=order, user=user)
    return order


@transaction.atomic
def order_plan_update(
    *, order: LibertyOrder, next_hearing_on: date | None, exit_plan: str, user: Actor
) -> LibertyOrder:
    """The next hearing and the plan for the order's end, which take the order off the coordinator's list."""
    order.next_hearing_on, order.exit_plan = next_hearing_on, exit_plan
    order.full_clean()
    order.save(update_fields=["next_hearing_on", "exit_plan"])
    audit_record(actor=user, action="liberty.order_plan", outcome=AuditEvent.Outcome.SUCCEEDED, obj=order)
    return order


@transaction.atomic
def order_end(*, order: LibertyOrder, ended_at: datetime, user: Actor) -> LibertyOrder:
    """End the restriction (early, or when a placement without an order ends), keeping the 72-hour rule."""
    if order.ended_at is not None:
        raise ValidationError({"ended_at": "This restriction has already ended"})
    if order.needs_exit_plan and not hasattr(order, "destination") and not _taken_over(order, ended_at):
        raise ValidationError({"ended_at": EXIT_PLAN_FIRST})
    if order.kind == Kind.NO_ORDER:
        _check_no_order(referral=order.referral, starts_at=order.starts_at, ended_at=ended_at, pk=order.pk)
    order.ended_at = ended_at
    _check_dates(order)
    order.save(update_fields=["ended_at"])
    audit_record(actor=user, action="liberty.order_end", outcome=AuditEvent.Outcome.SUCCEEDED, obj=order)
    return order


def _taken_over(order: LibertyOrder, ended_at: datetime) -> bool:
    """Another secure placement's order for the child is in force when this one ends (an interim order followed by
    the full order): the child stays, so no exit plan is needed yet."""
    others = LibertyOrder.objects.filter(referral=order.referral, setting=Setting.SECURE_HOME, starts_at__lte=ended_at)
    others = others.exclude(pk=order.pk).filter(Q(ended_at__isnull=True) | Q(ended_at__gt=ended_at))
    return any(other.needs_exit_plan for other in others)


EXIT_PLAN_FIRST = (
    "Record the exit plan, where the child will go, before the end of a secure placement's order is recorded"
)
PLACE_CODES = frozenset(item["code"] for item in CODE_LISTS["ssda903_place"]["items"])
AUTHORITY_CODES = frozenset(item["code"] for item in CODE_LISTS["local_authorities"]["items"])
PLAN_FIELDS = ("place_code", "placement_la", "registered", "step_down", "moves_on", "support")


@transaction.atomic
def exit_plan_record(*, order: LibertyOrder, data: dict[str, Any], user: Actor) -> ExitPlan:
    """Record or change the exit plan: the destination in the exit record's codes, the step-down, the move date."""
    if user is None:
        raise ValueError("An exit plan is recorded by a person, never by a scheduled job")
    if order.ended_at is not None:
        raise ValidationError({"place_code": "This restriction has ended: its exit is recorded with the follow-up"})
    problems = {}
    if data.get("place_code") not in PLACE_CODES:
        problems["place_code"] = "Select where the child will live when the order ends"
    if data.get("placement_la") and data["placement_la"] not in AUTHORITY_CODES:
        problems["placement_la"] = "Select the local authority area of the placement"
    if data.get("moves_on") and data["moves_on"] < timezone.localdate(order.starts_at):
        problems["moves_on"] = "The planned move date must be the same as or after the order's start"
    if problems:
        raise ValidationError(problems)
    fields = {key: data.get(key) for key in PLAN_FIELDS} | {
        "placement_la": data.get("placement_la") or "",
        "support": data.get("support") or "",
        "step_down": bool(data.get("step_down")),
    }
    plan = ExitPlan.objects.filter(order=order).first() or ExitPlan(order=order)
    for name, value in fields.items():
        setattr(plan, name, value)
    plan.recorded_by, plan.recorded_at = user, timezone.now()
    plan.full_clean()
    plan.save()
    audit_record(actor=user, action="liberty.exit_plan", outcome=AuditEvent.Outcome.SUCCEEDED, obj=order)
    return plan


def secure_order_without_plan(*, referral: Referral, on: date) -> LibertyOrder | None:
    """The child's secure placement order in force on the day (the latest started), if it has no exit plan: the
    exit from secure may not be recorded until it has one."""
    started = referral.liberty_orders.filter(
        setting=Setting.SECURE_HOME, starts_at__date__lte=on, ended_at__isnull=True
    ).exclude(kind=Kind.NO_ORDER)
    order = started.select_related("destination").order_by("-starts_at", "-pk").first()
    return order if order is not None and not hasattr(order, "destination") else None


def review_next_due(order: LibertyOrder) -> date:
    return rules.review_due_on(
        started_on=timezone.localdate(order.starts_at), reviews=[r.held_on for r in order.reviews.all()]
    )


@transaction.atomic
def review_record(*, order: LibertyOrder, data: dict[str, Any], user: Actor) -> OrderReview:
    """Record a review's three answers; "criteria no longer met" tells the authority to end the restriction."""
    if data["held_on"] < timezone.localdate(order.starts_at):
        raise ValidationError({"held_on": "The review date must be the same as or after the order's start"})
    review = OrderReview(order=order, recorded_by=user, **data)
    review.full_clean()
    review.save()
    audit_record(actor=user, action="liberty.review_record", outcome=AuditEvent.Outcome.SUCCEEDED, obj=order)
    if not review.criteria_met:
        _tell_authority(
            order,
            subject="Criteria no longer met: end the restriction",
            line="A review found that the criteria for restricting this child's liberty are no longer met. "
            "Liberty must not be restricted once the criteria stop applying, even while the order runs: end the "
            "restriction and tell the court.",
        )
    return review


def regulator_of(*, authority_nation: str, setting_nation: str) -> RegulatorNotification.Regulator:
    """The regulator to notify (rules.regulator_for): Ofsted, or Care Inspectorate Wales where Wales is concerned.
    Also routes coordination's notice of a child who could not be placed."""
    nation = rules.regulator_for(authority_nation=authority_nation, setting_nation=setting_nation)
    return RegulatorNotification.Regulator.OFSTED if nation == "england" else RegulatorNotification.Regulator.CIW


def _regulator(order: LibertyOrder) -> str:
    return regulator_of(authority_nation=order.referral.local_authority.nation, setting_nation=order.setting_nation)


def notification_draft(*, order: LibertyOrder) -> RegulatorNotification:
    """Draft the regulator's notice of a placement in an unregistered setting, due 7 days from the start."""
    regulator = _regulator(order)
    due = timezone.localdate(order.starts_at) + timedelta(days=rules.NOTIFICATION_DAYS)
    body = render_to_string(
        "liberty/notification_letter.txt",
        {"order": order, "regulator": RegulatorNotification.Regulator(regulator).label, "due": due},
    )
    return RegulatorNotification.objects.create(order=order, regulator=regulator, due_on=due, body=body)


@transaction.atomic
def notification_mark_sent(*, notification: RegulatorNotification, sent_on: date, user: Actor) -> None:
    if sent_on < timezone.localdate(notification.order.starts_at):
        raise ValidationError({"sent_on": "The date sent must be the same as or after the order's start"})
    if sent_on > timezone.localdate():
        raise ValidationError({"sent_on": "The date sent must be today or in the past"})
    notification.sent_on, notification.sent_by = sent_on, user
    notification.save(update_fields=["sent_on", "sent_by"])
    audit_record(
        actor=user, action="liberty.notification_sent", outcome=AuditEvent.Outcome.SUCCEEDED, obj=notification.order
    )


def _authority_emails(authority: Organisation) -> list[str]:
    members = Membership.objects.filter(
        organisation=authority,
        role__in=[Role.SOCIAL_WORKER, Role.SANCTIONING_OFFICER],
        is_active=True,
        user__is_active=True,
    ).exclude(user__email="")
    return sorted(set(members.values_list("user__email", flat=True)))


def _tell_authority(order: LibertyOrder, *, subject: str, line: str) -> int:
    """A short message with the referral's reference and a link, never the child's details."""
    base = (getattr(settings, "WAGTAILADMIN_BASE_URL", "") or "").rstrip("/")
    reference = order.referral.reference or ""
    body = "\n\n".join(
        [line, f"Referral reference: {reference}", f"Sign in to see it: {base}{order.get_absolute_url()}"]
    )
    return notification_send(
        to=_authority_emails(order.referral.local_authority), subject=f"{subject} ({reference})", body=body
    )


def order_reminders_send(*, on: date | None = None) -> int:
    """Remind each authority 28, 14 and 7 days before an order in force ends; returns the messages queued."""
    on = on or timezone.localdate()
    sent = 0
    window_end = on + timedelta(days=max(rules.REMINDER_DAYS))
    due = LibertyOrder.objects.filter(ended_at__isnull=True, expires_on__gte=on, expires_on__lte=window_end)
    for order in due.select_related("referral__local_authority"):
        days_left = (order.expires_on - on).days if order.expires_on else -1
        threshold = rules.reminder_due(days_left=days_left, sent=order.reminders_sent)
        if threshold is None:
            continue
        with transaction.atomic():
            order.reminders_sent = sorted({*order.reminders_sent, *(d for d in rules.REMINDER_DAYS if d >= days_left)})
            order.save(update_fields=["reminders_sent"])
            sent += _tell_authority(
                order,
                subject=f"Order ends in {days_left} day{'s' if days_left != 1 else ''}",
                line=f"An order restricting a child's liberty ends on {order.expires_on:%-d %B %Y}. Record the next "
                "hearing or the plan for when it ends.",
            )
    return sent
