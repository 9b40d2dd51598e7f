"""Forms of the data-protection pages, in GOV.UK style."""

from typing import Any

from django import forms

from forms_engine.models import Referral
from ui.fields import GovukDateField
from ui.forms import GovukForm
from ui.widgets import TextInput


class LegalHoldForm(GovukForm):
    reference = forms.CharField(
        label="Referral reference",
        max_length=16,
        widget=TextInput(attrs={"spellcheck": "false", "class": "govuk-input--width-10"}),
        error_messages={"required": "Enter the referral reference"},
    )
    reason = forms.CharField(
        label="Why the records must be kept",
        max_length=200,
        help_text="For example: a complaint under investigation, court proceedings, a subject access request.",
        widget=TextInput(),
        error_messages={"required": "Enter why the records must be kept"},
    )
    until = GovukDateField(
        label="Until (optional)",
        required=False,
        future=True,
        help_text="Leave blank to keep the hold until you release it.",
    )

    def clean_reference(self) -> Referral:
        reference = self.cleaned_data["reference"].strip().upper()
        referral = Referral.objects.filter(reference=reference).first()
        if referral is None:
            raise forms.ValidationError("No referral has this reference")
        return referral

    def clean(self) -> dict[str, Any]:
        return super().clean() or {}
