"""Move a draft to a newer form version with the declarative rules each version ships with.

Rules (in FormVersion.migration_rules, from the previous version): rename a key, map option values, default a
new question, collect an old answer into a ticked option of a checkboxes question, drop a question (its answer is
archived). Afterwards any answer the new version cannot hold is
archived too. Answers that a rule touched, or that must be given again, are listed as needing checking.
Submitted referrals are never rewritten.
"""

import copy
from typing import Any

from django.db import transaction

from accounts.models import AuditEvent
from accounts.services import audit_record
from accounts.types import Actor

from ..journey import answered
from ..models import FormVersion, Referral
from ..schema import question_index
from .referrals import ReferralNotReady

Answers = dict[str, Any]


def _rename(answers: Answers, rule: dict[str, Any], touched: set[str]) -> None:
    if rule["from"] in answers and not answered(answers.get(rule["to"])):
        answers[rule["to"]] = answers.pop(rule["from"])
        touched.add(rule["to"])


def _map_options(answers: Answers, rule: dict[str, Any], touched: set[str]) -> None:
    value, mapping = answers.get(rule["key"]), rule["mapping"]
    if isinstance(value, list):
        answers[rule["key"]] = [mapping.get(v, v) for v in value]
    elif value is not None:
        answers[rule["key"]] = mapping.get(value, value)
    if value is not None and answers[rule["key"]] != value:
        touched.add(rule["key"])


def _default(answers: Answers, rule: dict[str, Any], touched: set[str]) -> None:
    if not answered(answers.get(rule["key"])):
        answers[rule["key"]] = copy.deepcopy(rule["value"])
        touched.add(rule["key"])


def _drop(answers: Answers, rule: dict[str, Any], touched: set[str]) -> None:
    group, _, field = rule["key"].partition(".")
    if field:
        for item in answers.get(group, []):
            item.pop(field, None)
    else:
        answers.pop(rule["key"], None)


def _collect(answers: Answers, rule: dict[str, Any], touched: set[str]) -> None:
    """Tick one option of a checkboxes question when an old question's answer is one of `when`."""
    if answers.get(rule["from"]) in rule["when"]:
        ticked = answers.get(rule["to"])
        ticked = list(ticked) if isinstance(ticked, list) else []
        if rule["value"] not in ticked:
            answers[rule["to"]] = [*ticked, rule["value"]]
            touched.add(rule["to"])


_OPERATIONS = {
    "rename": _rename,
    "map_options": _map_options,
    "default": _default,
    "drop": _drop,
    "collect": _collect,
}


def _valid(question: dict[str, Any], value: Any, code_lists: dict[str, Any]) -> bool:
    """Whether a stored value is one the question can hold (options and codes only; types never change)."""
    allowed: set[str] | None = None
    if question["type"] in {"radios", "checkboxes"}:
        allowed = {o["value"] for o in question.get("options", [])}
    elif question["type"] == "yes_no":
        allowed = {"yes", "no"}
    elif question["type"] == "select":
        allowed = {i["code"] for i in code_lists.get(question["code_list"], {}).get("items", [])}
    if allowed is None:
        return True
    return all(v in allowed for v in value) if isinstance(value, list) else value in allowed


def migrate_answers(answers: Answers, versions: list[FormVersion]) -> tuple[Answers, set[str]]:
    """Apply each newer version's rules in turn; drop what the last version cannot hold. Returns (answers, check)."""
    result, touched = copy.deepcopy(answers), set[str]()
    for version in versions:
        for rule in version.migration_rules:
            _OPERATIONS[rule["op"]](result, rule, touched)
    target = versions[-1]
    index = question_index(target.schema)
    for key in list(result):
        question = index.get(key)
        if question is None or not _valid(question, result[key], target.code_lists):
            del result[key]
            if question is not None:
                touched.add(key)
    return result, touched


@transaction.atomic
def referral_migrate(*, referral: Referral, target: FormVersion, user: Actor) -> Referral:
    """Move a draft to a newer live version; the answers from before are kept with the referral."""
    referral = Referral.objects.select_for_update().get(pk=referral.pk)
    if not referral.is_editable:
        raise ReferralNotReady(["Only a draft can move to a new version of the form"])
    if target.state != FormVersion.State.LIVE:
        raise ReferralNotReady(["A draft can only move to the live version of the form"])
    if target.form_id != referral.version.form_id or target.number <= referral.version.number:
        raise ReferralNotReady(["A draft can only move to a newer version of the same form"])
    steps = list(
        FormVersion.objects.filter(
            form=target.form, number__gt=referral.version.number, number__lte=target.number
        ).order_by("number")
    )
    answers, touched = migrate_answers(referral.answers, steps)
    referral.archived_answers = {**referral.archived_answers, referral.version.label: referral.answers}
    referral.migrated_from, referral.version, referral.answers = referral.version, target, answers
    referral.needs_checking = sorted(set(referral.needs_checking) | touched)
    referral.save()
    audit_record(actor=user, action="referral.migrate", outcome=AuditEvent.Outcome.SUCCEEDED, obj=referral)
    return referral
