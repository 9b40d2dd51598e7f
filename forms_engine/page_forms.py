"""Build the GOV.UK form for one page of a form version, and turn its cleaned data back into answers."""

import datetime
from typing import Any

from django import forms
from django.core.validators import RegexValidator

from ui import widgets
from ui.fields import GovukDateField
from ui.forms import GovukForm

from .journey import visible_questions

_PHONE = RegexValidator(
    r"^[0-9 +()\-]{6,25}$", "Enter a telephone number, like 01632 960 001, 07700 900 982 or +44 808 157 0192"
)
_CHOICE_TYPES = {"yes_no", "radios", "checkboxes", "select"}


def _required_message(question: dict[str, Any]) -> str:
    if question.get("error_required"):
        return str(question["error_required"])
    if question["type"] in _CHOICE_TYPES:
        return "Select an answer"
    if question["type"] == "date":
        return "Enter a date"
    return "Enter an answer"


def _choices(question: dict[str, Any], code_lists: dict[str, Any]) -> list[tuple[str, str]]:
    if question["type"] == "yes_no":
        return [("yes", "Yes"), ("no", "No")]
    if question["type"] == "select":
        items = code_lists.get(question["code_list"], {}).get("items", [])
        return [("", "Select an option"), *((i["code"], f"{i['label']} ({i['code']})") for i in items)]
    return [(o["value"], o["label"]) for o in question.get("options", [])]


def _field(question: dict[str, Any], code_lists: dict[str, Any]) -> forms.Field:
    kind, rules = question["type"], question.get("validation", {})
    common: dict[str, Any] = {"label": question["label"], "help_text": question.get("hint", "")}
    hints = {o["value"]: o["hint"] for o in question.get("options", []) if o.get("hint")}
    if kind == "text":
        return forms.CharField(max_length=rules.get("max_length", 500), widget=widgets.TextInput, **common)
    if kind == "email":
        return forms.EmailField(widget=widgets.EmailInput(attrs={"spellcheck": "false"}), **common)
    if kind == "phone":
        return forms.CharField(validators=[_PHONE], widget=widgets.TextInput(attrs={"type": "tel"}), **common)
    if kind == "long_text":
        return forms.CharField(max_length=rules.get("max_length", 10000), widget=widgets.Textarea, **common)
    if kind == "number":
        return forms.IntegerField(
            min_value=rules.get("min"),
            max_value=rules.get("max"),
            widget=widgets.TextInput({"inputmode": "numeric"}),
            **common,
        )
    if kind == "date":
        return GovukDateField(past=rules.get("past", False), future=rules.get("future", False), **common)
    if kind == "checkboxes":
        return forms.MultipleChoiceField(choices=_choices(question, code_lists), widget=widgets.Checkboxes, **common)
    if kind == "select":
        return forms.ChoiceField(choices=_choices(question, code_lists), widget=widgets.Select, **common)
    if kind in {"yes_no", "radios"}:
        widget = widgets.Radios(inline=kind == "yes_no", hints=hints)
        return forms.ChoiceField(choices=_choices(question, code_lists), widget=widget, **common)
    raise ValueError(f"{kind} questions have their own pages")


def page_form(page: dict[str, Any], answers: dict[str, Any], code_lists: dict[str, Any], data: Any = None) -> GovukForm:
    """A form with one field per visible question; a page with a single question makes it the page heading."""
    questions = visible_questions(page, answers)
    fields: dict[str, forms.Field] = {}
    for question in questions:
        field = _field(question, code_lists)
        field.required = bool(question.get("required"))
        field.error_messages["required"] = _required_message(question)
        field.page_heading = len(questions) == 1  # type: ignore[attr-defined]
        fields[question["key"]] = field
    form_class = type("PageForm", (AnswersForm,), fields)
    return form_class(data=data, initial=answers)


class AnswersForm(GovukForm):
    """A page of questions: answers are stored as JSON, so a date is kept as its ISO string."""

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        return {key: v.isoformat() if isinstance(v, datetime.date) else v for key, v in cleaned.items()}


REASON_FIELD = "amendment_reason"


def amendment_form(
    question: dict[str, Any], answers: dict[str, Any], code_lists: dict[str, Any], data: Any = None
) -> GovukForm:
    """The question's own page form (its field, its validation, its messages) and the reason for the correction."""
    asked = {key: value for key, value in question.items() if key != "show_if"}  # asked whatever the other answers
    form = page_form({"key": question["key"], "questions": [asked]}, answers, code_lists, data)
    form.fields[question["key"]].page_heading = False  # type: ignore[attr-defined]
    form.fields[REASON_FIELD] = forms.CharField(
        label="Why is this answer being corrected?",
        help_text="Homes that hold the referral read this with the correction.",
        max_length=1000,
        widget=widgets.Textarea(attrs={"rows": 3}),
        error_messages={
            "required": "Enter why the answer is being corrected",
            "max_length": "Why the answer is being corrected must be 1000 characters or fewer",
        },
    )
    return form
