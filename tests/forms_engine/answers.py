"""Valid answers for any form version, walking the schema in order so conditions see earlier answers."""

import io
from typing import Any

from reportlab.pdfgen import canvas

from forms_engine.journey import visible
from forms_engine.schema import iter_questions

SPECIAL = {"child_date_of_birth": "2011-05-14", "referring_local_authority": "E10000014"}


def answer_for(question: dict[str, Any], code_lists: dict[str, Any]) -> Any:
    """A valid answer for one question: first options, 'no' for yes/no, dates in the past."""
    kind, rules = question["type"], question.get("validation", {})
    if question["key"] in SPECIAL:
        return SPECIAL[question["key"]]
    simple = {
        "text": "Example answer",
        "long_text": "A short, factual description written for the test.",
        "email": "someone@example.org",
        "phone": "01632 960001",
        "date": "2024-01-15",
        "yes_no": "no",
    }
    if kind in simple:
        return simple[kind]
    if kind == "number":
        return max(rules.get("min", 1), 1)
    if kind == "radios":
        return question["options"][0]["value"]
    if kind == "checkboxes":
        return [question["options"][0]["value"]]
    if kind == "select":
        return code_lists[question["code_list"]]["items"][0]["code"]
    if kind == "repeating_group":
        item = {sub["key"]: answer_for(sub, code_lists) for sub in question["fields"]}
        return [item] * max(question.get("min_items", 0), 1)
    return None  # attachments are uploaded, not answered


def complete_answers(schema: dict[str, Any], code_lists: dict[str, Any], **overrides: Any) -> dict[str, Any]:
    """Answers to every visible question (overrides win, and steer conditions)."""
    answers: dict[str, Any] = dict(overrides)
    for _, _, question in iter_questions(schema):
        if question["key"] in answers or not visible(question, answers):
            continue
        value = answer_for(question, code_lists)
        if value is not None:
            answers[question["key"]] = value
    return answers


def pdf_bytes(pages: int = 2, text: str = "Court order") -> bytes:
    """A small, honest PDF made by reportlab."""
    buffer = io.BytesIO()
    document = canvas.Canvas(buffer)
    for number in range(pages):
        document.drawString(72, 720, f"{text}, page {number + 1}")
        document.showPage()
    document.save()
    return buffer.getvalue()
