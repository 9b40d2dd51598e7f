"""A home's decision on a request: accept with a date, decline with coded reasons, or ask a question."""

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from accounts.models import AuditEvent
from accounts.services import audit_record
from accounts.types import Actor

from ..models import HomeRequest, InformationRequest, Search
from ..reasons import CURRENT_VERSION, OTHER, reasons_current
from ..states import request_transition_check
from .common import coordinators_emails, home_managers_emails, local_authority_emails, notify, response_window


def _locked(home_request: HomeRequest, to: str) -> HomeRequest:
    locked = HomeRequest.objects.select_for_update().select_related("home", "search__referral").get(pk=home_request.pk)
    request_transition_check(locked, to)
    return locked


@dataclass(frozen=True)
class _Notice:
    """What the local authority (and, unless told otherwise, the coordinators) are told about a decision."""

    subject: str
    line: str
    coordinators: bool = True


def _notify_decision(home_request_id: int, notice: _Notice) -> None:
    home_request = HomeRequest.objects.select_related("search__referral__local_authority").get(pk=home_request_id)
    referral = home_request.search.referral
    to = local_authority_emails(referral.local_authority) + (coordinators_emails() if notice.coordinators else [])
    notify(
        to=to,
        subject=notice.subject,
        reference=str(referral.reference),
        lines=[notice.line],
        url_name="circulation:search",
        args=[referral.pk],
    )


def _decided(home_request: HomeRequest, status: str, user: Actor) -> datetime:
    """Stamp the home's decision on the locked request (not saved); the time of the decision."""
    now = timezone.now()
    home_request.status, home_request.decided_at, home_request.decided_by = status, now, user
    return now


def _announce(*, home_request: HomeRequest, obj: Any, action: str, notice: _Notice, user: Actor) -> None:
    """Audit the home's step and tell the local authority once it is committed."""
    audit_record(actor=user, action=action, outcome=AuditEvent.Outcome.SUCCEEDED, obj=obj)
    _notify_decision(home_request.pk, notice)


def decline_reasons_check(*, reasons: list[str], text: str) -> None:
    """At least one known code; 'other' needs a few words."""
    known = {reason.code for reason in reasons_current()}
    if not reasons:
        raise ValidationError({"reasons": "Select at least one reason for declining"})
    if set(reasons) - known:
        raise ValidationError({"reasons": "Select reasons from the list"})
    if OTHER in reasons and not text.strip():
        raise ValidationError({"text": "Say what the other reason is"})


@transaction.atomic
def request_accept(*, home_request: HomeRequest, admission_date: date, user: Actor) -> HomeRequest:
    """The home offers a place from a proposed admission date (today or later)."""
    if admission_date < timezone.localdate():
        raise ValidationError({"admission_date": "The proposed admission date must be today or in the future"})
    home_request = _locked(home_request, HomeRequest.Status.ACCEPTED)
    now = _decided(home_request, HomeRequest.Status.ACCEPTED, user)
    home_request.proposed_admission_date = admission_date
    home_request.save(update_fields=["status", "proposed_admission_date", "decided_at", "decided_by"])
    Search.objects.filter(pk=home_request.search_id, first_offer_at__isnull=True).update(first_offer_at=now)
    _announce(
        home_request=home_request,
        obj=home_request,
        action="circulation.request_accept",
        notice=_Notice(
            "A secure home has offered a place", "A secure home has offered a place. Confirm the placement to go ahead."
        ),
        user=user,
    )
    return home_request


@transaction.atomic
def request_decline(*, home_request: HomeRequest, reasons: list[str], text: str = "", user: Actor) -> HomeRequest:
    """The home declines, giving coded reasons from the current list (and words for 'other')."""
    decline_reasons_check(reasons=reasons, text=text)
    home_request = _locked(home_request, HomeRequest.Status.DECLINED)
    _decided(home_request, HomeRequest.Status.DECLINED, user)
    order = [reason.code for reason in reasons_current()]
    home_request.decline_reasons = sorted(set(reasons), key=order.index)
    home_request.reasons_version, home_request.decline_text = CURRENT_VERSION, text.strip()
    home_request.full_clean()
    home_request.save()
    _announce(
        home_request=home_request,
        obj=home_request,
        action="circulation.request_decline",
        notice=_Notice("A secure home has responded", "A secure home has declined the referral."),
        user=user,
    )
    return home_request


@transaction.atomic
def information_request(*, home_request: HomeRequest, question: str, user: Actor) -> InformationRequest:
    """The home asks the local authority a question; the clock waits for the answer."""
    if not question.strip():
        raise ValidationError({"question": "Enter your question for the local authority"})
    home_request = _locked(home_request, HomeRequest.Status.INFO_REQUESTED)
    home_request.status = HomeRequest.Status.INFO_REQUESTED
    home_request.save(update_fields=["status"])
    asked = InformationRequest(home_request=home_request, question=question.strip(), asked_by=user)
    asked.full_clean()
    asked.save()
    _announce(
        home_request=home_request,
        obj=asked,
        action="circulation.information_request",
        notice=_Notice(
            "A secure home has asked a question",
            "A secure home needs more information before deciding. Answer its question.",
            coordinators=False,
        ),
        user=user,
    )
    return asked


def _notify_answer(home_request_id: int) -> None:
    home_request = HomeRequest.objects.select_related("home", "search__referral").get(pk=home_request_id)
    notify(
        to=home_managers_emails(home_request.home),
        subject="Your question about a referral has been answered",
        reference=str(home_request.search.referral.reference),
        lines=["The local authority has answered. The answer is in the referral's addendum."],
        url_name="circulation:request",
        args=[home_request.pk],
    )


@transaction.atomic
def information_answer(*, information: InformationRequest, answer: str, user: Actor) -> InformationRequest:
    """The local authority answers; the answer joins the referral's addendum and the home's clock starts again."""
    if not answer.strip():
        raise ValidationError({"answer": "Enter your answer"})
    information = InformationRequest.objects.select_for_update().get(pk=information.pk)
    if information.is_answered:
        raise ValidationError({"answer": "This question has already been answered"})
    home_request = _locked(information.home_request, HomeRequest.Status.AWAITING)
    now = timezone.now()
    information.answer, information.answered_by, information.answered_at = answer.strip(), user, now
    information.full_clean()
    information.save()
    home_request.status, home_request.respond_by = HomeRequest.Status.AWAITING, now + response_window()
    home_request.reminded_at = home_request.escalated_at = None
    home_request.save(update_fields=["status", "respond_by", "reminded_at", "escalated_at"])
    audit_record(
        actor=user, action="circulation.information_answer", outcome=AuditEvent.Outcome.SUCCEEDED, obj=information
    )
    _notify_answer(home_request.pk)
    return information
