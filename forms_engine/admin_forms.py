"""Forms for the editors' version screens in the Wagtail admin."""

import json
from typing import Any

from django import forms
from django.utils import timezone


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
