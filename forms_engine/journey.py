"""Walking a version's schema with a referral's answers: what is shown, what comes next, what is complete."""

from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext_lazy as _

Schema = dict[str, Any]
Answers = dict[str, Any]


def condition_met(condition: dict[str, Any], answers: Answers) -> bool:
    """Evaluate a show_if condition against the answers."""
    if "all" in condition:
        return all(condition_met(c, answers) for c in condition["all"])
    if "any" in condition:
        return any(condition_met(c, answers) for c in condition["any"])
    value = answers.get(condition["question"])
    if "age_under" in condition:  # the age today, from a date-of-birth answer: asked only of younger children
        from django.utils import timezone

        from vocabulary.dates import age_on, iso_date

        born = iso_date(value)
        return born is not None and age_on(born, timezone.localdate()) < condition["age_under"]
    if "equals" in condition:
        return value == condition["equals"] or (isinstance(value, list) and condition["equals"] in value)
    if "in" in condition:
        return value in condition["in"] or (isinstance(value, list) and bool(set(value) & set(condition["in"])))
    return answered(value)


def answered(value: Any) -> bool:
    """Whether a stored answer counts as given."""
    return value not in (None, "", [], {})


def visible(question: dict[str, Any], answers: Answers) -> bool:
    """A question is asked only when its condition holds."""
    return "show_if" not in question or condition_met(question["show_if"], answers)


def visible_questions(page: dict[str, Any], answers: Answers) -> list[dict[str, Any]]:
    return [q for q in page["questions"] if visible(q, answers)]


REVEALING_TYPES = frozenset({"yes_no", "radios", "checkboxes"})


def option_values(question: dict[str, Any]) -> list[str]:
    """The values a yes/no, radios or checkboxes question can be answered with."""
    if question["type"] == "yes_no":
        return ["yes", "no"]
    return [str(option["value"]) for option in question.get("options", [])]


def page_reveals(page: dict[str, Any]) -> dict[str, tuple[str, tuple[str, ...]]]:
    """The follow-ups a page shows under an option of one of its own choice questions (GOV.UK conditional reveals):
    each follow-up's key, the choice question's key and the option values that reveal it.

    Only a follow-up whose condition is that one choice question's answer is revealed in place; a follow-up of a
    follow-up, or one whose condition combines other answers, is asked once the page is saved, as before.
    """
    by_key = {question["key"]: question for question in page["questions"]}
    found: dict[str, tuple[str, tuple[str, ...]]] = {}
    for question in page["questions"]:
        condition = question.get("show_if")
        if not isinstance(condition, dict) or "question" not in condition:
            continue
        parent = by_key.get(condition["question"])
        if parent is None or parent is question or parent["type"] not in REVEALING_TYPES:
            continue
        values = option_values(parent)
        if "equals" in condition:
            revealing = tuple(v for v in values if v == condition["equals"])
        elif "in" in condition:
            revealing = tuple(v for v in values if v in condition["in"])
        else:
            revealing = tuple(values)
        if revealing:
            found[question["key"]] = (parent["key"], revealing)
    return {key: reveal for key, reveal in found.items() if reveal[0] not in found}


def asked_questions(page: dict[str, Any], answers: Answers) -> list[dict[str, Any]]:
    """The questions a page's form asks: the visible ones, and every follow-up it can reveal in place under a
    visible choice question (whether the answers so far reveal it or not)."""
    reveals = page_reveals(page)
    shown = {question["key"] for question in visible_questions(page, answers)}
    return [
        question
        for question in page["questions"]
        if (question["key"] in shown and question["key"] not in reveals)
        or (question["key"] in reveals and reveals[question["key"]][0] in shown)
    ]


def visible_pages(section: dict[str, Any], answers: Answers) -> list[dict[str, Any]]:
    """Pages with at least one question to ask, in order."""
    return [page for page in section["pages"] if visible_questions(page, answers)]


def find_section(schema: Schema, key: str) -> dict[str, Any] | None:
    return next((s for s in schema["sections"] if s["key"] == key), None)


def find_page(section: dict[str, Any], key: str) -> dict[str, Any] | None:
    return next((p for p in section["pages"] if p["key"] == key), None)


def next_page(section: dict[str, Any], page_key: str, answers: Answers) -> dict[str, Any] | None:
    """The next page in the section to show, given the answers so far (None at the end of the section)."""
    keys = [p["key"] for p in section["pages"]]
    for page in section["pages"][keys.index(page_key) + 1 :]:
        if visible_questions(page, answers):
            return page
    return None


def _shown(section: dict[str, Any], answers: Answers) -> list[list[dict[str, Any]]]:
    """The visible questions of each page that has any, in order."""
    return [questions for page in section["pages"] if (questions := visible_questions(page, answers))]


def missing_required(section: dict[str, Any], answers: Answers) -> list[str]:
    """Keys of visible required questions without an answer (groups count their minimum items)."""
    return _missing(_shown(section, answers), answers)


def _missing(shown: list[list[dict[str, Any]]], answers: Answers) -> list[str]:
    missing = []
    for questions in shown:
        for question in questions:
            value = answers.get(question["key"])
            if question["type"] == "repeating_group":
                if len(value or []) < max(question.get("min_items", 0), 1 if question.get("required") else 0):
                    missing.append(question["key"])
            elif question.get("required") and not answered(value):
                missing.append(question["key"])
    return missing


class Status:
    NOT_STARTED = _("Not yet started")
    IN_PROGRESS = _("In progress")
    COMPLETED = _("Completed")
    CANNOT_START = _("Cannot start yet")
    CHECK = _("Check answers")
    CONFIRM = _("Confirm answers")


@dataclass(frozen=True)
class SectionState:
    """A section's place on the task list."""

    section: dict[str, Any]
    status: str
    first_page: str | None
    needs_checking: int = 0


def section_state(
    section: dict[str, Any], answers: Answers, needs_checking: set[str], to_confirm: frozenset[str] = frozenset()
) -> SectionState:
    """Status for the task list: answers to check, pre-filled sections to confirm, then completeness."""
    shown = [(page, questions) for page in section["pages"] if (questions := visible_questions(page, answers))]
    keys = {q["key"] for page in section["pages"] for q in page["questions"]}
    flagged = len(keys & needs_checking)
    first = shown[0][0]["key"] if shown else None
    if flagged:
        return SectionState(section, str(Status.CHECK), first, flagged)
    if section["key"] in to_confirm:
        return SectionState(section, str(Status.CONFIRM), first)
    if not any(answered(answers.get(key)) for key in keys):
        return SectionState(section, str(Status.NOT_STARTED), first)
    if _missing([questions for _, questions in shown], answers):  # the visible questions, worked out once
        return SectionState(section, str(Status.IN_PROGRESS), first)
    return SectionState(section, str(Status.COMPLETED), first)


def task_list(
    schema: Schema, answers: Answers, needs_checking: set[str], to_confirm: frozenset[str] = frozenset()
) -> list[SectionState]:
    return [section_state(section, answers, needs_checking, to_confirm) for section in schema["sections"]]


def all_complete(states: list[SectionState]) -> bool:
    return all(state.status == Status.COMPLETED for state in states)


def display_value(question: dict[str, Any], value: Any, code_lists: dict[str, Any]) -> str:
    """An answer as people read it: option labels, code labels, dates as 1 April 2019."""
    from .rules import parse_date

    if not answered(value):
        return ""
    kind = question["type"]
    if kind == "yes_no":
        return {"yes": "Yes", "no": "No"}.get(value, str(value))
    if kind in {"radios", "checkboxes"}:
        labels = {o["value"]: o["label"] for o in question.get("options", [])}
        values = value if isinstance(value, list) else [value]
        return ", ".join(labels.get(v, str(v)) for v in values)
    if kind == "select":
        items = {i["code"]: i["label"] for i in code_lists.get(question["code_list"], {}).get("items", [])}
        return f"{items.get(value, value)} ({value})" if value in items else str(value)
    if kind == "date":
        parsed = parse_date(value)
        return f"{parsed:%-d %B %Y}" if parsed else str(value)
    return str(value)
