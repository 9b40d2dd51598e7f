"""What changed between a referral and its reviewed copy, question by question, in the words of each pinned version.

When the review is on a newer form version, the earlier answers are first carried forward with that version's
migration rules (as the copy was), so a renamed question is compared with itself rather than shown as removed and
added. Answers the newer version no longer asks are listed as no longer asked, with the earlier version's label.
"""

from dataclasses import dataclass
from typing import Any

from forms_engine.journey import answered, display_value
from forms_engine.models import FormVersion, Referral
from forms_engine.schema import iter_questions, question_index
from forms_engine.services import migrate_answers
from forms_engine.services.amendments import effective_answers


@dataclass(frozen=True)
class AnswerChange:
    """One question whose answer differs: its section, label (then and now) and both answers as people read them."""

    key: str
    section: str
    label: str
    kind: str  # "changed", "added" (answered only now) or "removed" (answered only before)
    before: str
    after: str
    before_label: str = ""


def _carried_forward(before: Referral, after: Referral) -> tuple[dict[str, Any], set[str]]:
    """The earlier answers under the later version's keys, and the keys that were renamed on the way."""
    if before.version.number >= after.version.number or before.version.form_id != after.version.form_id:
        return effective_answers(before), set()
    steps = list(
        FormVersion.objects.filter(
            form=after.version.form, number__gt=before.version.number, number__lte=after.version.number
        ).order_by("number")
    )
    answers, _ = migrate_answers(effective_answers(before), steps)
    renamed = {rule["from"] for step in steps for rule in step.migration_rules if rule["op"] == "rename"}
    return answers, renamed


def _shown(referral: Referral, question: dict[str, Any], value: Any) -> str:
    """An answer as text: documents by name, group items one per line, everything else as the journey shows it."""
    if question["type"] == "attachment":
        names = referral.attachments.filter(question_key=question["key"]).values_list("display_name", flat=True)
        return ", ".join(names)
    if question["type"] == "repeating_group":
        code_lists = referral.version.code_lists
        return "\n".join(
            "; ".join(
                f"{sub['label']}: {display_value(sub, item.get(sub['key']), code_lists)}"
                for sub in question["fields"]
                if answered(item.get(sub["key"]))
            )
            for item in value or []
        )
    return display_value(question, value, referral.version.code_lists)


def _kind(before: str, after: str) -> str:
    return "added" if not before else "removed" if not after else "changed"


def answer_changes(before: Referral, after: Referral) -> list[AnswerChange]:
    """Every question of the reviewed referral's version whose answer differs, in form order; then those dropped."""
    earlier, renamed = _carried_forward(before, after)
    before_answers = effective_answers(before)  # as corrected: a correction is not a change made by the review
    before_index = question_index(before.version.schema)
    changes = []
    for section, _, question in iter_questions(after.version.schema):
        key = question["key"]
        old_question = before_index.get(key, question)
        old = _shown(before, old_question, before_answers.get(key)) if key in before_answers else ""
        if key not in before_answers and key in earlier:
            old = _shown(after, question, earlier[key])
        new = _shown(after, question, after.answers.get(key))
        if old != new:
            old_label = old_question["label"] if old_question["label"] != question["label"] else ""
            changes.append(AnswerChange(key, section["title"], question["label"], _kind(old, new), old, new, old_label))
    after_keys = {question["key"] for _, _, question in iter_questions(after.version.schema)}
    for section, _, question in iter_questions(before.version.schema):
        key = question["key"]
        if key not in after_keys | renamed and answered(before_answers.get(key)):
            shown = _shown(before, question, before_answers[key])
            changes.append(AnswerChange(key, section["title"], question["label"], "removed", shown, "", ""))
    return changes
