"""Forms of the data-protection pages, in GOV.UK style."""

from typing import Any

from django import forms

from forms_engine.models import Referral
from ui.fields import GovukDateField
from ui.forms import GovukForm
from ui.widgets import Radios, TextInput

from .models import LegalHold


class LegalHoldForm(GovukForm):
    reference = forms.CharField(
        label="Referral reference",
        max_length=16,
        widget=TextInput(attrs={"spellcheck": "false", "class": "govuk-input--width-10"}),
        error_messages={"required": "Enter the referral reference"},
    )
    scope = forms.ChoiceField(
        label="What to hold",
        choices=LegalHold.Scope.choices,
        initial=LegalHold.Scope.REFERRAL,
        widget=Radios(
            hints={
                LegalHold.Scope.CHILD: (
                    "Every referral of the child of this referral, found as a subject access export finds them, "
                    "including referrals made for the child after today."
                )
            }
        ),
        required=False,  # a form posted without it (an older page) holds the referral only
        error_messages={"invalid_choice": "Select what to hold"},
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

    def clean_scope(self) -> str:
        return self.cleaned_data.get("scope") or LegalHold.Scope.REFERRAL

    def clean(self) -> dict[str, Any]:
        return super().clean() or {}
