"""GOV.UK forms for circulating, deciding, answering, confirming and closing."""

from typing import Any

from django import forms

from accounts.models import Organisation
from ui import widgets
from ui.fields import GovukDateField
from ui.forms import GovukForm
from vocabulary.codelists import CODE_LISTS

from .models import Search
from .reasons import OTHER, reasons_current

_YES_NO = [("yes", "Yes"), ("no", "No")]


def _codes(list_key: str) -> list[tuple[str, str]]:
    items = CODE_LISTS[list_key]["items"]
    return [("", "Select an option"), *((i["code"], f"{i['label']} ({i['code']})") for i in items)]


class CirculateForm(GovukForm):
    """Which secure homes to ask (those not yet asked)."""

    homes = forms.ModelMultipleChoiceField(
        queryset=Organisation.objects.none(),
        widget=widgets.Checkboxes,
        label="Secure homes to ask",
        error_messages={"required": "Select at least one secure home"},
    )

    without_beds = forms.BooleanField(
        required=False,
        widget=widgets.Checkbox,
        label="Send to the selected homes that have no bookable welfare bed today",
        help_text="A home may still be able to take the child soon; it answers with its own decision.",
    )

    def __init__(self, *args: Any, homes: Any, unbookable: dict[int, str], **kwargs: Any) -> None:
        """`unbookable`: each candidate home without a bookable welfare bed today, and why (by its pk)."""
        super().__init__(*args, **kwargs)
        self.fields["homes"].queryset = homes  # type: ignore[attr-defined]
        self.unbookable = unbookable
        if not unbookable:
            del self.fields["without_beds"]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        chosen = [home for home in cleaned.get("homes", []) if home.pk in self.unbookable]
        if chosen and not cleaned.get("without_beds"):
            named = "; ".join(f"{home} {self.unbookable[home.pk]}" for home in chosen)
            self.add_error(
                "without_beds",
                f"Confirm you want to ask homes with no bookable welfare bed today, or unselect them ({named})",
            )
        return cleaned


class AcceptForm(GovukForm):
    """The home offers a place from a proposed date."""

    admission_date = GovukDateField(
        future=True,
        label="Proposed admission date",
        help_text="For example, 27 3 2026. It must be today or later.",
        error_messages={"required": "Enter the proposed admission date"},
    )


class DeclineForm(GovukForm):
    """The home declines with one or more coded reasons."""

    reasons = forms.MultipleChoiceField(
        choices=[(r.code, r.label) for r in reasons_current()],
        widget=widgets.Checkboxes,
        label="Why is your home declining this referral?",
        help_text="Select all that apply.",
        error_messages={"required": "Select at least one reason for declining"},
    )
    text = forms.CharField(
        required=False,
        max_length=2000,
        widget=widgets.Textarea(attrs={"rows": 4}),
        label="More about your decision (optional)",
        help_text="Required if you selected 'Other'. Do not include the child's name.",
    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if OTHER in cleaned.get("reasons", []) and not cleaned.get("text", "").strip():
            self.add_error("text", "Say what the other reason is")
        return cleaned


class QuestionForm(GovukForm):
    """The home asks the local authority for information."""

    question = forms.CharField(
        max_length=2000,
        widget=widgets.Textarea(attrs={"rows": 5}),
        label="What do you need to know?",
        help_text="The local authority's social worker answers. Your home decides once it has the answer.",
        error_messages={"required": "Enter your question for the local authority"},
    )


class AnswerForm(GovukForm):
    """The local authority answers a home's question."""

    answer = forms.CharField(
        max_length=5000,
        widget=widgets.Textarea(attrs={"rows": 6}),
        label="Your answer",
        help_text="It is added to the referral's addendum for this home. The submitted referral is not changed.",
        error_messages={"required": "Enter your answer"},
    )


class ConfirmForm(GovukForm):
    """The local authority or coordinator confirms one offer."""

    admitted_on = GovukDateField(
        future=True,
        label="Admission date",
        help_text="The date the child is admitted to the home. It must be today or later.",
        error_messages={"required": "Enter the admission date"},
    )


class CloseForm(GovukForm):
    """Why a search ended without a placement and, for alternative accommodation, where the child went."""

    outcome = forms.ChoiceField(
        choices=[(v, label) for v, label in Search.Outcome.choices if v != Search.Outcome.PLACED],
        widget=widgets.Radios,
        label="Why did the search end?",
        error_messages={"required": "Select why the search ended"},
    )
    closed_on = GovukDateField(
        past=True,
        label="Date the search ended",
        help_text="For example, 27 3 2026.",
        error_messages={"required": "Enter the date the search ended"},
    )
    place_code = forms.ChoiceField(
        required=False,
        choices=_codes("ssda903_place"),
        widget=widgets.Select,
        label="Alternative accommodation: placement type (SSDA903 PLACE)",
    )
    registered = forms.ChoiceField(
        required=False,
        choices=_YES_NO,
        widget=widgets.Radios(inline=True),
        label="Alternative accommodation: is it registered with Ofsted?",
    )
    dol_order = forms.ChoiceField(
        required=False,
        choices=_YES_NO,
        widget=widgets.Radios(inline=True),
        label="Alternative accommodation: is the child under a deprivation of liberty order?",
    )
    provider_type = forms.ChoiceField(
        required=False,
        choices=_codes("ssda903_place_provider"),
        widget=widgets.Select,
        label="Alternative accommodation: provider (SSDA903 PLACE_PROVIDER)",
    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("outcome") == Search.Outcome.ALTERNATIVE:
            for name, message in (
                ("place_code", "Select the type of accommodation"),
                ("registered", "Select whether the accommodation is registered"),
                ("dol_order", "Select whether there is a deprivation of liberty order"),
                ("provider_type", "Select the provider"),
            ):
                if not cleaned.get(name):
                    self.add_error(name, message)
        return cleaned

    def service_kwargs(self) -> dict[str, Any]:
        """The cleaned answers as keyword arguments for search_close."""
        data = self.cleaned_data
        flag = {"yes": True, "no": False}
        return {
            "outcome": data["outcome"],
            "closed_on": data["closed_on"],
            "place_code": data.get("place_code", ""),
            "registered": flag.get(data.get("registered", "")),
            "dol_order": flag.get(data.get("dol_order", "")),
            "provider_type": data.get("provider_type", ""),
        }
