"""Checking checkpoint answers against their question set, and reading the columns indicators count."""

import datetime
from typing import Any

from forms_engine.schema import iter_questions

from .codes import CODE_LISTS


def questions_for(schema: dict[str, Any], *, age: int | None) -> list[dict[str, Any]]:
    """The questions asked of a young person of this age (questions with min_age are skipped for younger ones)."""
    return [
        question
        for _, _, question in iter_questions(schema)
        if not question.get("min_age") or (age is not None and age >= question["min_age"])
    ]


def _is_required(question: dict[str, Any], answers: dict[str, Any]) -> bool:
    condition = question.get("required_if")
    if condition:
        return answers.get(condition["question"]) == condition["equals"]
    return bool(question.get("required")) and answers.get("contact_lost") != "yes"


def _value_problem(question: dict[str, Any], value: Any) -> str:
    kind = question["type"]
    if kind == "yes_no" and value not in ("yes", "no"):
        return "Select yes or no"
    if kind == "radios" and value not in {o["value"] for o in question["options"]}:
        return "Select an answer"
    if kind == "select" and value not in {i["code"] for i in CODE_LISTS[question["code_list"]]["items"]}:
        return "Select an answer"
    if kind == "number":
        rules = question.get("validation", {})
        if not isinstance(value, int) or not rules.get("min", 0) <= value <= rules.get("max", 10_000):
            return f"Enter a whole number between {rules.get('min', 0)} and {rules.get('max', 10_000)}"
    if kind == "date":
        try:
            datetime.date.fromisoformat(str(value))
        except ValueError:
            return "Enter a real date"
    return ""


def answer_problems(schema: dict[str, Any], answers: dict[str, Any], *, age: int | None) -> dict[str, str]:
    """Every problem with the answers, by question key: missing required answers and values out of range."""
    problems = {}
    for question in questions_for(schema, age=age):
        value = answers.get(question["key"])
        if value in (None, "", []):
            if _is_required(question, answers):
                problems[question["key"]] = question.get("error_required") or "Answer this question"
            continue
        problem = _value_problem(question, value)
        if problem:
            problems[question["key"]] = problem
    return problems


def _yes(value: Any) -> bool | None:
    return None if value in (None, "") else value == "yes"


def answer_columns(answers: dict[str, Any]) -> dict[str, Any]:
    """The checkpoint's indicator columns, read from the answers under their stable keys."""
    custody_on = answers.get("custody_on") if answers.get("custody") == "yes" else None
    return {
        "contact_lost": answers.get("contact_lost") == "yes",
        "contact_lost_reason": answers.get("contact_lost_reason") or "" if answers.get("contact_lost") == "yes" else "",
        "missing_episodes": answers.get("missing_episodes"),
        "away_episodes": answers.get("away_episodes"),
        "custody": _yes(answers.get("custody")),
        "custody_on": datetime.date.fromisoformat(custody_on) if custody_on else None,
        "returned_to_secure": _yes(answers.get("returned_to_secure")),
        "dol_order": _yes(answers.get("dol_order")),
        "activity": answers.get("activity") or "",
        "accommodation": answers.get("accommodation") or "",
        "health_engagement": answers.get("health_engagement") or "",
    }


def _display(question: dict[str, Any], value: Any, code_lists: dict[str, Any]) -> str:
    if question["type"] == "yes_no":
        return {"yes": "Yes", "no": "No"}.get(value, str(value))
    if question["type"] == "radios":
        return next((o["label"] for o in question["options"] if o["value"] == value), str(value))
    if question["type"] == "select":
        items = code_lists.get(question["code_list"], {}).get("items", [])
        label = next((i["label"] for i in items if i["code"] == value), "")
        return f"{label} ({value})" if label else str(value)
    if question["type"] == "date":
        try:
            day = datetime.date.fromisoformat(str(value))
        except ValueError:
            return str(value)
        return f"{day.day} {day:%B %Y}"
    return str(value)


def answers_summary(checkpoint: Any) -> list[tuple[str, str]]:
    """A recorded checkpoint's answers as (question, answer) pairs, worded as in the version it was recorded on."""
    question_set = checkpoint.question_set
    if question_set is None:
        return []
    return [
        (question["label"], _display(question, checkpoint.answers[question["key"]], question_set.code_lists))
        for _, _, question in iter_questions(question_set.schema)
        if checkpoint.answers.get(question["key"]) not in (None, "")
    ]
