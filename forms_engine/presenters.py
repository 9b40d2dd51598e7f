"""Answers shaped for reading: summary-list rows per section, and repeating-group items."""

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.urls import reverse
from django.utils import timezone

from vocabulary.dates import age_on, iso_date

from .journey import display_value, visible_pages, visible_questions
from .models import Referral
from .schema import iter_questions
from .services.amendments import AmendmentShown, amendable_question, amendments_of, amendments_shown, effective_answers


@dataclass(frozen=True)
class Row:
    """One summary-list row."""

    key: str
    label: str
    value: str
    change_url: str = ""
    items: list[list["Row"]] = field(default_factory=list)
    needs_checking: bool = False
    amendments: list[AmendmentShown] = field(default_factory=list)  # corrections of this answer, oldest first
    correct_url: str = ""


def group_item_rows(question: dict[str, Any], item: dict[str, Any], code_lists: dict[str, Any]) -> list[Row]:
    return [
        Row(sub["key"], sub["label"], display_value(sub, item.get(sub["key"]), code_lists))
        for sub in question["fields"]
        if sub["key"] in item
    ]


def _value(referral: Referral, answers: dict[str, Any], question: dict[str, Any]) -> str:
    value = answers.get(question["key"])
    if question["type"] == "attachment":
        names = referral.attachments.filter(question_key=question["key"]).values_list("display_name", flat=True)
        return ", ".join(names)
    return display_value(question, value, referral.version.code_lists)


def sections(referral: Referral, *, correcting: bool = False) -> list[tuple[dict[str, Any], list[Row]]]:
    """Every section with a row per visible question of the effective answers (services/amendments.py), each
    with its corrections; change links while the referral is a draft, "Correct" links when `correcting`."""
    amendments = amendments_of(referral)
    code_lists, answers = referral.version.code_lists, effective_answers(referral, amendments)
    shown = amendments_shown(referral, amendments)
    result = []
    for section in referral.version.journey_schema["sections"]:
        rows = []
        for page in visible_pages(section, answers):
            url = ""
            if referral.is_editable:
                url = reverse("referrals:page", args=[referral.pk, section["key"], page["key"]])
            for question in visible_questions(page, answers):
                key, items = question["key"], []
                if question["type"] == "repeating_group":
                    items = [group_item_rows(question, item, code_lists) for item in answers.get(key, [])]
                correct = correcting and amendable_question(referral, key) is not None
                rows.append(
                    Row(
                        key,
                        question["label"],
                        _value(referral, answers, question) if not items else "",
                        url,
                        items,
                        key in referral.needs_checking,
                        [a for a in shown if a.question_key == key],
                        reverse("referrals:amend", args=[referral.pk, key]) if correct else "",
                    )
                )
        result.append((section, rows))
    return result


@dataclass(frozen=True)
class ChildBrief:
    """What a list of referrals shows of the child: age in years and sex, as the answers (corrected) give them."""

    age: int | None
    sex: str


def child_brief(referral: Referral, amendments: list[Any] | None = None, *, on: date | None = None) -> ChildBrief:
    """The child's age today (or on `on`) and sex, from the effective answers; `amendments` when prefetched."""
    answers = effective_answers(referral, amendments)
    born = iso_date(answers.get("child_date_of_birth"))
    sex = ""
    if answers.get("child_sex"):
        question = next((q for _, _, q in iter_questions(referral.version.schema) if q["key"] == "child_sex"), None)
        value = answers["child_sex"]
        sex = display_value(question, value, referral.version.code_lists) if question else str(value)
    return ChildBrief(age_on(born, on or timezone.localdate()) if born else None, sex)
