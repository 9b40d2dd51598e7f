"""What changed between two published versions of a form, worded for the public 'what changed' page."""

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext_lazy as _

from forms_engine.diff import Change, schema_diff
from forms_engine.models import FormVersion
from forms_engine.schema import iter_questions

_WHAT_CHANGED = {
    "relabelled": _("Question wording"),
    "hint changed": _("Hint text"),
    "options changed": _("Answer options"),
    "code list changed": _("List of answers"),
    "conditions changed": _("When it is asked"),
    "required changed": _("Whether an answer is needed"),
    "type changed": _("Type of answer"),
    "validation changed": _("Checks on the answer"),
    "renamed": _("Question reference"),
    "moved": _("Section"),
    "collected into an option": _("Now an answer to another question"),
}
_YES_NO = (("yes", "Yes"), ("no", "No"))


@dataclass(frozen=True)
class Question:
    """A question's wording and the section of the form it is asked in."""

    label: str
    section: str
    options: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class ChangedQuestion:
    """One change to a question kept from the older version, with both sides as lines of text."""

    question: Question
    what: str
    before: list[str]
    after: list[str]


@dataclass
class VersionChanges:
    """The questions added, removed and changed from the older published version to the newer one."""

    older: FormVersion
    newer: FormVersion
    added: list[Question] = field(default_factory=list)
    removed: list[Question] = field(default_factory=list)
    changed: list[ChangedQuestion] = field(default_factory=list)

    @property
    def changed_question_count(self) -> int:
        return len({row.question for row in self.changed})


def published_versions(*, form_key: str):
    """A form's versions that have been published (live, scheduled or replaced); drafts are never public."""
    return FormVersion.objects.filter(form__key=form_key).exclude(state=FormVersion.State.DRAFT)


def version_changes(*, form_key: str, from_number: int, to_number: int) -> VersionChanges | None:
    """The changes from one published version to a later one; None for drafts, unknown numbers or the wrong order."""
    versions = {v.number: v for v in published_versions(form_key=form_key).filter(number__in=[from_number, to_number])}
    if from_number >= to_number or len(versions) != 2:
        return None
    older, newer = versions[from_number], versions[to_number]
    before, after = _questions(older.schema), _questions(newer.schema)
    result = VersionChanges(older=older, newer=newer)
    # The newer version's migration rules describe renames and collected questions when it follows the older one.
    rules = newer.migration_rules if newer.number == older.number + 1 else []
    for change in schema_diff(older.schema, newer.schema, rules):
        if change.kind == "added":
            result.added.append(after[change.key])
        elif change.kind == "removed":
            result.removed.append(before[change.key])
        elif change.kind == "collected into an option":
            result.changed.append(_changed(change, before[change.key], after))
        else:
            result.changed.append(_changed(change, after[change.key], after))
    return result


def _questions(schema: dict[str, Any]) -> dict[str, Question]:
    """Every question by key, repeating-group fields as group.field (the keys schema_diff reports)."""
    index: dict[str, Question] = {}
    for section, _page, question in iter_questions(schema):
        options = tuple((o["value"], o.get("label", o["value"])) for o in question.get("options", []))
        options = _YES_NO if question.get("type") == "yes_no" else options
        index[question["key"]] = Question(question.get("label", ""), section.get("title", ""), options)
        for sub in question.get("fields", []):
            label = f"{question.get('label', '')}: {sub.get('label', '')}"
            index[f"{question['key']}.{sub['key']}"] = Question(label, section.get("title", ""))
    return index


def _changed(change: Change, question: Question, questions: dict[str, Question]) -> ChangedQuestion:
    what = str(_WHAT_CHANGED.get(change.kind, change.kind.capitalize()))
    return ChangedQuestion(
        question, what, _lines(change.kind, change.before, questions), _lines(change.kind, change.after, questions)
    )


def _lines(kind: str, value: Any, questions: dict[str, Question]) -> list[str]:
    """A side of a change as readable lines: option labels, a condition in words, yes/no for 'required'."""
    if kind == "conditions changed":
        return [_condition(value, questions) if value else str(_("Always asked"))]
    if kind == "required changed":
        return [str(_("Required") if value else _("Optional"))]
    if value in (None, "", [], {}):
        return [str(_("No hint") if kind == "hint changed" else _("None"))]
    if isinstance(value, list):
        return [
            str(item.get("label", item.get("value", ""))) if isinstance(item, dict) else str(item) for item in value
        ]
    if isinstance(value, dict):
        return [f"{name.replace('_', ' ')}: {setting}" for name, setting in value.items()]
    return [str(value)]


def _condition(condition: dict[str, Any], questions: dict[str, Question]) -> str:
    """A show_if condition in words, naming the question it depends on by its wording."""
    for combinator, joiner in (("all", " and "), ("any", " or ")):
        if combinator in condition:
            return joiner.join(_condition(part, questions) for part in condition[combinator])
    asked = questions.get(condition.get("question", ""))
    subject = f"“{asked.label}”" if asked else str(condition.get("question", ""))
    answers = dict(asked.options) if asked else {}
    if "equals" in condition:
        return f"Asked when the answer to {subject} is “{answers.get(condition['equals'], condition['equals'])}”"
    if "in" in condition:
        named = ", ".join(f"“{answers.get(value, value)}”" for value in condition["in"])
        return f"Asked when the answer to {subject} is one of {named}"
    if "age_under" in condition:
        return f"Asked when the child is under {condition['age_under']} (from {subject})"
    return f"Asked when {subject} is answered"


def version_history(*, form_key: str) -> Iterator[tuple[FormVersion, FormVersion | None]]:
    """Published versions newest first, each with the published version before it (None for the first)."""
    versions = list(published_versions(form_key=form_key).order_by("-number"))
    yield from zip(versions, [*versions[1:], None], strict=True)
