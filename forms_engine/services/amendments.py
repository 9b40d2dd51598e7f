"""Rectification: corrections to a submitted referral, recorded as amendments beside the submitted answers.

The submitted answers and their hash never change. Everything that shows or prints a submitted referral reads
its *effective* answers, `effective_answers(referral)`: the submitted answers with the amendments applied in the
order they were made. A pack is pinned to `effective_answers_hash(referral)`, so asking for a pack after a
correction builds a new one (docs/forms_engine.md, "Amendments").
"""

import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.contrib.auth.models import User
from django.db import transaction

from accounts.models import AuditEvent
from accounts.services import audit_record

from ..events import referral_amended
from ..journey import answered, display_value
from ..models import Referral, ReferralAmendment
from ..schema import question_index

# Questions answered on a page form (forms_engine/page_forms.py); groups and documents have pages of their own.
AMENDABLE_TYPES = frozenset(
    {"text", "email", "phone", "long_text", "number", "date", "checkboxes", "select", "yes_no", "radios"}
)
SAME_ANSWER = "The new answer is the same as the current answer"
NOT_SHOWN = object()  # amendment_record without the answer the person saw: no check that it is still current


class AmendmentRefused(Exception):
    """The correction was not recorded; the message is for the person making it."""


@dataclass(frozen=True)
class AmendmentShown:
    """One amendment as people read it: the question's label and the answers as displayed."""

    pk: int
    question_key: str
    label: str
    old: str
    new: str
    reason: str
    made_by: str
    made_at: datetime


def amendments_of(referral: Referral) -> list[ReferralAmendment]:
    """The referral's amendments, oldest first."""
    return list(ReferralAmendment.objects.filter(referral_id=referral.pk).select_related("made_by"))


def effective_answers(referral: Referral, amendments: Sequence[ReferralAmendment] | None = None) -> dict[str, Any]:
    """The submitted answers with every amendment applied in order (the answers of a draft as they are)."""
    answers = dict(referral.answers)
    for amendment in amendments_of(referral) if amendments is None else amendments:
        answers[amendment.question_key] = amendment.new_value
    return answers


def effective_answers_hash(referral: Referral, amendments: Sequence[ReferralAmendment] | None = None) -> str:
    """The submitted answers hash while nothing was corrected; else a hash over it and every amendment."""
    amendments = amendments_of(referral) if amendments is None else amendments
    if not amendments:
        return referral.answers_hash
    changes = [[a.pk, a.question_key, a.new_value] for a in amendments]
    canonical = json.dumps(["amended/1", referral.answers_hash, changes], sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()


def person_name(user: User) -> str:
    return user.get_full_name() or user.get_username()


def amendments_shown(referral: Referral, amendments: Sequence[ReferralAmendment] | None = None) -> list[AmendmentShown]:
    """Every amendment with the question's label and the old and new answers as people read them."""
    questions, code_lists = question_index(referral.version.schema), referral.version.code_lists
    shown = []
    for amendment in amendments_of(referral) if amendments is None else amendments:
        question = questions.get(amendment.question_key, {"key": amendment.question_key, "type": "text"})
        shown.append(
            AmendmentShown(
                pk=amendment.pk,
                question_key=amendment.question_key,
                label=str(question.get("label", amendment.question_key)),
                old=display_value(question, amendment.old_value, code_lists),
                new=display_value(question, amendment.new_value, code_lists),
                reason=amendment.reason,
                made_by=person_name(amendment.made_by),
                made_at=amendment.made_at,
            )
        )
    return shown


def amendable_question(referral: Referral, question_key: str) -> dict[str, Any] | None:
    """The question of this key if a submitted referral's answer to it may be corrected here, else None."""
    question = None if "." in question_key else question_index(referral.version.schema).get(question_key)
    if question is None or question["type"] not in AMENDABLE_TYPES:
        return None
    return question


def same_answer(old: Any, new: Any) -> bool:
    """Whether two stored answers say the same (an empty answer is empty however it is stored)."""
    return old == new or (not answered(old) and not answered(new))


@transaction.atomic
def amendment_record(
    *, referral: Referral, question_key: str, new_value: Any, reason: str, user: User, shown_value: Any = NOT_SHOWN
) -> ReferralAmendment:
    """Record a correction of one answer (validated by the caller with the question's page form), audited.

    `shown_value` is the answer the person saw when they made the correction: if it has been corrected by someone
    else since, nothing is recorded. Homes that still hold the referral are told (`referral_amended`).
    """
    referral = Referral.objects.select_for_update().select_related("version", "local_authority").get(pk=referral.pk)
    if referral.status != Referral.Status.SUBMITTED or referral.anonymised_at is not None:
        raise AmendmentRefused("Only a submitted referral's answers can be corrected")
    if amendable_question(referral, question_key) is None:
        raise AmendmentRefused("This answer cannot be corrected here. Contact the coordination unit")
    if not reason.strip():
        raise AmendmentRefused("Enter why the answer is being corrected")
    current = effective_answers(referral).get(question_key)
    if shown_value is not NOT_SHOWN and not same_answer(shown_value, current):
        raise AmendmentRefused("Someone else corrected this answer while you were correcting it. Check it again")
    if same_answer(current, new_value):
        raise AmendmentRefused(SAME_ANSWER)
    amendment = ReferralAmendment(
        referral=referral, question_key=question_key, old_value=current, new_value=new_value, reason=reason.strip()
    )
    amendment.made_by = user
    amendment.full_clean()
    amendment.save()
    audit_record(actor=user, action="referral.amended", outcome=AuditEvent.Outcome.SUCCEEDED, obj=amendment)
    referral_amended.send(sender=ReferralAmendment, amendment=amendment, user=user)
    return amendment
