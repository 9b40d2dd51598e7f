"""Build the GOV.UK form for one page of a form version, and turn its cleaned data back into answers."""

import datetime
from collections.abc import Callable
from typing import Any

from django import forms
from django.core.validators import RegexValidator

from ui import widgets
from ui.fields import GovukDateField
from ui.forms import GovukForm
from ui.messages import FieldName, date_name, field_name
from vocabulary.identifiers import NHS_NUMBER_EXAMPLE, is_valid_nhs_number, nhs_number_digits

from .journey import asked_questions, page_reveals

_PHONE = r"^[0-9 +()\-]{6,25}$"
_PHONE_EXAMPLE = "01632 960 001, 07700 900 982 or +44 808 157 0192"
_CHOICE_TYPES = {"yes_no", "radios", "checkboxes", "select"}
_LENGTHS = {"text": 500, "email": 320, "phone": 25, "long_text": 10000}


def question_name(question: dict[str, Any]) -> FieldName:
    """How error messages name the question: its `error_name` (a noun phrase) if it has one, else from its label."""
    name = field_name(question["label"], question.get("error_name", ""))
    return date_name(name) if question["type"] == "date" else name


def _required_message(question: dict[str, Any], name: FieldName) -> str:
    if question.get("error_required"):
        return str(question["error_required"])
    return name.required(
        "Select" if question["type"] in _CHOICE_TYPES else "Enter", yes_no=question["type"] == "yes_no"
    )


def _number_messages(rules: dict[str, Any], name: FieldName) -> dict[str, str]:
    low, high = rules.get("min"), rules.get("max")
    if low is not None and high is not None:
        out_of_range = f"{name.subject} must be between {low:,} and {high:,}"
        return {"min_value": out_of_range, "max_value": out_of_range}
    messages = {}
    if low is not None:
        messages["min_value"] = f"{name.subject} must be {low:,} or more"
    if high is not None:
        messages["max_value"] = f"{name.subject} must be {high:,} or less"
    return messages


def error_messages(question: dict[str, Any], name: FieldName | None = None) -> dict[str, str]:
    """Django's message for each way the question's answer can be wrong, in GOV.UK words naming the question."""
    name = name or question_name(question)
    kind, rules = question["type"], question.get("validation", {})
    limit = rules.get("max_length", _LENGTHS.get(kind, 500))
    messages = {
        "required": _required_message(question, name),
        "max_length": f"{name.subject} must be {limit:,} characters or fewer",
        "null_characters_not_allowed": f"{name.subject} must not include null characters (remove them and try again)",
        "invalid_choice": _required_message(question, name),
        "invalid_list": _required_message(question, name),
    }
    if kind == "number":
        messages["invalid"] = f"{name.subject} must be a whole number, like 15"
        messages.update(_number_messages(rules, name))
    elif kind == "email":
        messages["invalid"] = f"Enter {name.thing} in the correct format, like name@example.com"
    elif kind == "phone":
        messages["invalid"] = f"Enter {name.thing} in the correct format, like {_PHONE_EXAMPLE}"
    elif rules.get("pattern"):
        messages["invalid"] = str(rules.get("error_pattern") or f"Enter {name.thing} in the correct format")
    return messages


def _nhs_number(name: FieldName) -> Callable[[str], None]:
    def check(value: str) -> None:
        digits = nhs_number_digits(value)
        if not (digits.isascii() and digits.isdigit() and len(digits) == 10):
            raise forms.ValidationError(f"{name.subject} must be 10 numbers, like {NHS_NUMBER_EXAMPLE}")
        if not is_valid_nhs_number(value):
            where = "" if "nhs number" in name.thing.lower() else f" for {name.thing}"
            raise forms.ValidationError(f"Enter a valid NHS number{where}, like {NHS_NUMBER_EXAMPLE}")

    return check


def _choices(question: dict[str, Any], code_lists: dict[str, Any]) -> list[tuple[str, str]]:
    if question["type"] == "yes_no":
        return [("yes", "Yes"), ("no", "No")]
    if question["type"] == "select":
        items = code_lists.get(question["code_list"], {}).get("items", [])
        return [("", "Select an option"), *((i["code"], f"{i['label']} ({i['code']})") for i in items)]
    return [(o["value"], o["label"]) for o in question.get("options", [])]


def _text_field(question: dict[str, Any], name: FieldName, messages: dict[str, str]) -> forms.Field:
    kind, rules = question["type"], question.get("validation", {})
    validators: list[Any] = []
    if rules.get("pattern"):
        validators.append(RegexValidator(rules["pattern"], messages["invalid"]))
    if rules.get("nhs_number"):
        validators.append(_nhs_number(name))
    if kind == "email":
        return forms.EmailField(
            max_length=rules.get("max_length", 320), widget=widgets.EmailInput(attrs={"spellcheck": "false"})
        )
    if kind == "phone":
        validators.append(RegexValidator(_PHONE, messages["invalid"]))
        return forms.CharField(max_length=25, validators=validators, widget=widgets.TextInput(attrs={"type": "tel"}))
    widget = widgets.Textarea if kind == "long_text" else widgets.TextInput
    return forms.CharField(max_length=rules.get("max_length", _LENGTHS[kind]), validators=validators, widget=widget)


def _field(question: dict[str, Any], code_lists: dict[str, Any], revealing: bool = False) -> forms.Field:
    kind, rules = question["type"], question.get("validation", {})
    name = question_name(question)
    messages = error_messages(question, name)
    field: forms.Field
    if kind in {"text", "email", "phone", "long_text"}:
        field = _text_field(question, name, messages)
    elif kind == "number":
        field = forms.IntegerField(
            min_value=rules.get("min"), max_value=rules.get("max"), widget=widgets.TextInput({"inputmode": "numeric"})
        )
    elif kind == "date":
        field = GovukDateField(past=rules.get("past", False), future=rules.get("future", False), name=name.thing)
    elif kind == "checkboxes":
        field = forms.MultipleChoiceField(choices=_choices(question, code_lists), widget=widgets.Checkboxes)
    elif kind == "select":
        field = forms.ChoiceField(choices=_choices(question, code_lists), widget=widgets.Select)
    elif kind in {"yes_no", "radios"}:
        hints = {o["value"]: o["hint"] for o in question.get("options", []) if o.get("hint")}
        # GOV.UK: inline radios cannot reveal questions under an option, so yes/no stacks when it reveals any.
        widget = widgets.Radios(inline=kind == "yes_no" and not revealing, hints=hints)
        field = forms.ChoiceField(choices=_choices(question, code_lists), widget=widget)
    else:
        raise ValueError(f"{kind} questions have their own pages")
    field.label, field.help_text = question["label"], question.get("hint", "")
    field.error_messages.update(messages)
    return field


class _NotRevealed(forms.Field):
    """A follow-up the posted answer does not reveal: drawn again as typed, neither checked nor saved."""

    def clean(self, value: Any) -> None:
        return None


def page_form(page: dict[str, Any], answers: dict[str, Any], code_lists: dict[str, Any], data: Any = None) -> GovukForm:
    """A form with one field per question asked; a page with a single question (besides the follow-ups it reveals
    under its options) makes it the page heading. Follow-ups revealed in place are validated only when the posted
    answer reveals them."""
    questions = asked_questions(page, answers)
    reveals = page_reveals(page)
    asked = {question["key"] for question in questions}
    top = [question for question in questions if question["key"] not in reveals]
    fields: dict[str, forms.Field] = {}
    for question in questions:
        under: dict[tuple[str, ...], list[str]] = {}
        for key, (parent, values) in reveals.items():
            if parent == question["key"] and key in asked:
                under.setdefault(values, []).append(key)
        field = _field(question, code_lists, revealing=bool(under))
        field.required = bool(question.get("required"))
        field.page_heading = len(top) == 1 and question in top  # type: ignore[attr-defined]
        field.reveals = list(under.items())  # type: ignore[attr-defined]
        field.revealed_by = reveals[question["key"]][0] if question["key"] in reveals else ""  # type: ignore[attr-defined]
        field.reveal_values = reveals[question["key"]][1] if question["key"] in reveals else ()  # type: ignore[attr-defined]
        fields[question["key"]] = field
    form_class = type("PageForm", (AnswersForm,), fields)
    return form_class(data=data, initial=answers)


class AnswersForm(GovukForm):
    """A page of questions: answers are stored as JSON, so a date is kept as its ISO string.

    A follow-up revealed under an option applies only when the posted answer has that option; otherwise it is not
    required, what was typed in it is not checked, and its answer is cleared (it no longer applies).
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.not_revealed: set[str] = set()
        if not self.is_bound:
            return
        for key, field in list(self.fields.items()):
            parent = getattr(field, "revealed_by", "")
            if not parent:
                continue
            posted = self[parent].data
            chosen = {str(v) for v in posted} if isinstance(posted, list | tuple) else {str(posted or "")}
            if not chosen & set(field.reveal_values):  # type: ignore[attr-defined]
                stand_in = _NotRevealed(
                    required=False, label=field.label, help_text=field.help_text, widget=field.widget
                )
                for attribute in ("page_heading", "reveals", "revealed_by", "reveal_values"):
                    setattr(stand_in, attribute, getattr(field, attribute, None))
                self.fields[key] = stand_in
                self.not_revealed.add(key)

    @property
    def top_level_count(self) -> int:
        """How many questions the page asks, not counting the follow-ups drawn under their options."""
        return sum(1 for field in self.visible_fields() if not getattr(field.field, "revealed_by", ""))

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        cleaned.update(dict.fromkeys(self.not_revealed))
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
