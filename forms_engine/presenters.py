"""Answers shaped for reading: summary-list rows per section, and repeating-group items."""

from dataclasses import dataclass, field
from typing import Any

from django.urls import reverse

from .journey import display_value, visible_pages, visible_questions
from .models import Referral


@dataclass(frozen=True)
class Row:
    """One summary-list row."""

    key: str
    label: str
    value: str
    change_url: str = ""
    items: list[list["Row"]] = field(default_factory=list)
    needs_checking: bool = False


def group_item_rows(question: dict[str, Any], item: dict[str, Any], code_lists: dict[str, Any]) -> list[Row]:
    return [
        Row(sub["key"], sub["label"], display_value(sub, item.get(sub["key"]), code_lists))
        for sub in question["fields"]
        if sub["key"] in item
    ]


def _value(referral: Referral, question: dict[str, Any]) -> str:
    value = referral.answers.get(question["key"])
    if question["type"] == "attachment":
        names = referral.attachments.filter(question_key=question["key"]).values_list("display_name", flat=True)
        return ", ".join(names)
    return display_value(question, value, referral.version.code_lists)


def sections(referral: Referral) -> list[tuple[dict[str, Any], list[Row]]]:
    """Every section with a row per visible question; change links while the referral is a draft."""
    code_lists, answers = referral.version.code_lists, referral.answers
    result = []
    for section in referral.version.schema["sections"]:
        rows = []
        for page in visible_pages(section, answers):
            url = ""
            if referral.is_editable:
                url = reverse("referrals:page", args=[referral.pk, section["key"], page["key"]])
            for question in visible_questions(page, answers):
                items = []
                if question["type"] == "repeating_group":
                    items = [group_item_rows(question, item, code_lists) for item in answers.get(question["key"], [])]
                rows.append(
                    Row(
                        question["key"],
                        question["label"],
                        _value(referral, question) if not items else "",
                        url,
                        items,
                        question["key"] in referral.needs_checking,
                    )
                )
        result.append((section, rows))
    return result
