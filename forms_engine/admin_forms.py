"""Forms for the editors' version screens in the Wagtail admin."""

import json
from typing import Any

from django import forms
from django.utils import timezone

from .schema_edit import EDITABLE_TYPES


class JSONTextField(forms.CharField):
    """A textarea holding JSON; the cleaned value is the parsed object."""

    widget = forms.Textarea(attrs={"rows": 30, "spellcheck": "false", "style": "font-family: monospace"})

    def __init__(self, *, expected: type, **kwargs: Any) -> None:
        self.expected = expected
        super().__init__(**kwargs)

    def prepare_value(self, value: Any) -> str:
        return value if isinstance(value, str) else json.dumps(value, indent=2, ensure_ascii=False)

    def clean(self, value: Any) -> Any:
        text = super().clean(value)
        try:
            parsed = json.loads(text)
        except json.JSONDecodeError as exc:
            raise forms.ValidationError(f"This is not valid JSON: {exc.msg} at line {exc.lineno}") from exc
        if not isinstance(parsed, self.expected):
            raise forms.ValidationError(f"This must be a JSON {self.expected.__name__}")
        return parsed


class DraftEditForm(forms.Form):
    """A draft's label, schema and migration rules."""

    label = forms.CharField(max_length=120)
    schema = JSONTextField(expected=dict, help_text="Sections, pages and questions: see forms_engine/schema.py.")
    migration_rules = JSONTextField(
        expected=list, required=False, help_text="Rules that move drafts from the previous version."
    )


class PublishForm(forms.Form):
    """When the version takes effect: today makes it live at once; a later date schedules it."""

    effective_from = forms.DateField(
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text="Social workers start new referrals on this version from this date.",
    )

    def clean_effective_from(self) -> Any:
        value = self.cleaned_data["effective_from"]
        if value < timezone.localdate():
            raise forms.ValidationError("The effective date cannot be in the past")
        return value


class QuestionForm(forms.Form):
    """The wording, requiredness and options of one question."""

    label = forms.CharField(max_length=300, help_text="The question as social workers read it.")
    hint = forms.CharField(max_length=600, required=False, widget=forms.Textarea(attrs={"rows": 3}))
    required = forms.BooleanField(required=False)
    options = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="Radios and checkboxes only: one option per line, written as value | label.",
    )


class NewQuestionForm(QuestionForm):
    """A new question: its key and type are fixed once the version is published."""

    key = forms.SlugField(
        max_length=100, help_text="Lower-case letters, digits and underscores. Answers are stored under this key."
    )
    type = forms.ChoiceField(choices=[(t, t.replace("_", " ")) for t in EDITABLE_TYPES])
    code_list = forms.CharField(required=False, help_text="Select questions only: the code list's key.")

    field_order = ["key", "type", "label", "hint", "required", "options", "code_list"]


class PackTemplateUploadForm(forms.Form):
    """One .docx pack template for a form version."""

    template = forms.FileField(
        label="Upload a pack template",
        help_text="A Word document (.docx) up to 10 MB, without macros, linked content or embedded objects.",
        error_messages={"required": "Select a Word document (.docx) to upload"},
        widget=forms.ClearableFileInput(attrs={"accept": ".docx,application/vnd.openxmlformats-officedocument"}),
    )
