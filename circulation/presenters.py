"""What a home needs to see on screen about a referral: no name, a few facts; the rest is in its own pack."""

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.utils import timezone

from forms_engine.models import Referral
from forms_engine.schema import iter_questions
from forms_engine.services.amendments import effective_answers, person_name
from vocabulary.dates import age_on, iso_date

from .models import HomeRequest, KeyInformationSheet, Search


def child_age(answers: dict[str, Any], on: date | None = None) -> int | None:
    """Whole years from the child's date of birth (None when unknown or not a date)."""
    born = iso_date(answers.get("child_date_of_birth"))
    return age_on(born, on or timezone.localdate()) if born else None


def child_sex(answers: dict[str, Any]) -> str | None:
    sex = answers.get("child_sex")
    return sex if sex in ("female", "male") else None


# Beside the child at a glance (forms_engine/glance.py), which has the age, sex, route, order, risks and stay.
SUMMARY_KEYS = ("placement_72_hour", "legal_status")


def _shown(question: dict[str, Any], value: Any, code_lists: dict[str, Any]) -> str:
    if question["type"] == "yes_no":
        return {"yes": "Yes", "no": "No"}.get(value, str(value))
    if question["type"] == "select":
        items = code_lists.get(question.get("code_list", ""), {}).get("items", [])
        return next((f"{i['label']} ({i['code']})" for i in items if i["code"] == value), str(value))
    return next((o["label"] for o in question.get("options", []) if o["value"] == value), str(value))


def referral_facts(referral: Referral) -> list[tuple[str, str]]:
    """(label, value) rows: the few answers a home needs before it opens the pack, beside the glance."""
    questions = {q["key"]: q for _, _, q in iter_questions(referral.version.schema)}
    answers = effective_answers(referral)  # as corrected after submission, if they were
    rows: list[tuple[str, str]] = []
    for key in SUMMARY_KEYS:
        if key in questions and answers.get(key) not in (None, ""):
            rows.append((questions[key]["label"], _shown(questions[key], answers[key], referral.version.code_lists)))
    return rows


def key_information_status(sheet: KeyInformationSheet) -> str:
    """Who acknowledged the placed home's first-72-hours sheet and when, or that nobody has yet."""
    if sheet.acknowledged_at is None or sheet.acknowledged_by is None:
        return f"Issued {timezone.localtime(sheet.issued_at):%-d %B %Y %H:%M}; not acknowledged yet"
    when = timezone.localtime(sheet.acknowledged_at)
    return f"Acknowledged by {person_name(sheet.acknowledged_by)} on {when:%-d %B %Y} at {when:%H:%M}"


@dataclass(frozen=True)
class HistoryRow:
    """One referral in a home's history: what the home did and how it ended for the home, with dates."""

    home_request: HomeRequest
    response: str
    responded_on: datetime | None
    outcome: str
    outcome_on: datetime | None
    linked: bool  # the home can still open it (offered or placed)


def _recall_outcome(home_request: HomeRequest) -> str:
    search = home_request.search
    if search.status == Search.Status.PLACED:
        return "Recalled: the child was placed with another home"
    if search.status == Search.Status.CLOSED:
        return f"Recalled: the search ended ({search.get_outcome_display().lower()})"
    return "Recalled by the coordination unit"


def history_row(home_request: HomeRequest) -> HistoryRow:
    """The row for one request that the home offered on, declined, was recalled from or was placed with."""
    status, decided = home_request.status, home_request.decided_at
    offered = home_request.proposed_admission_date is not None and decided is not None
    response = "Offered a place" if offered else ("Declined" if status == HomeRequest.Status.DECLINED else "None")
    outcome, outcome_on = {
        HomeRequest.Status.ACCEPTED: ("Waiting for the local authority to confirm", None),
        HomeRequest.Status.DECLINED: ("Declined by your home", decided),
        HomeRequest.Status.PLACED: ("Placed with your home", home_request.search.placed_at),
        HomeRequest.Status.RECALLED: (_recall_outcome(home_request), home_request.recalled_at),
    }[HomeRequest.Status(status)]
    linked = status in (HomeRequest.Status.ACCEPTED, HomeRequest.Status.PLACED)
    return HistoryRow(home_request, response, decided if response != "None" else None, outcome, outcome_on, linked)
