"""What a home needs to see on screen about a referral: no name, a few facts; the rest is in its own pack."""

from datetime import date
from typing import Any

from django.utils import timezone

from forms_engine.models import Referral
from forms_engine.schema import iter_questions
from forms_engine.services.amendments import effective_answers
from vocabulary.dates import age_on, iso_date


def child_age(answers: dict[str, Any], on: date | None = None) -> int | None:
    """Whole years from the child's date of birth (None when unknown or not a date)."""
    born = iso_date(answers.get("child_date_of_birth"))
    return age_on(born, on or timezone.localdate()) if born else None


def child_sex(answers: dict[str, Any]) -> str | None:
    sex = answers.get("child_sex")
    return sex if sex in ("female", "male") else None


SUMMARY_KEYS = ("child_sex", "order_status", "placement_72_hour", "legal_status")


def _shown(question: dict[str, Any], value: Any, code_lists: dict[str, Any]) -> str:
    if question["type"] == "yes_no":
        return {"yes": "Yes", "no": "No"}.get(value, str(value))
    if question["type"] == "select":
        items = code_lists.get(question.get("code_list", ""), {}).get("items", [])
        return next((f"{i['label']} ({i['code']})" for i in items if i["code"] == value), str(value))
    return next((o["label"] for o in question.get("options", []) if o["value"] == value), str(value))


def referral_facts(referral: Referral) -> list[tuple[str, str]]:
    """(label, value) rows: the child's age and the few answers a home needs before it opens the pack."""
    questions = {q["key"]: q for _, _, q in iter_questions(referral.version.schema)}
    answers = effective_answers(referral)  # as corrected after submission, if they were
    age = child_age(answers)
    rows = [("Age today", f"{age} years" if age is not None else "Not known")]
    for key in SUMMARY_KEYS:
        if key in questions and answers.get(key) not in (None, ""):
            rows.append((questions[key]["label"], _shown(questions[key], answers[key], referral.version.code_lists)))
    return rows
