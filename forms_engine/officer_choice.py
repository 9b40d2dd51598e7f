"""Choosing the sanctioning officer who signs a referral, on its check answers page."""

from typing import Any

from django import forms

from accounts.models import Membership
from ui import widgets
from ui.forms import GovukForm

from .models import Referral
from .services.referrals import sanctioning_officers

FIELD = "sanctioning_officer"
# v4 and v5 ask for the officer's name as free text; v6 drops the question (the officer is chosen instead).
NAME_ANSWER = "sanctioning_officer_name"


class OfficerChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return obj.user.get_full_name() or obj.user.email


class OfficerChoiceForm(GovukForm):
    """Which of the authority's sanctioning officers signs: the social worker chooses one before sending."""

    sanctioning_officer = OfficerChoiceField(
        label="Which sanctioning officer should sign this referral?",
        queryset=Membership.objects.none(),
        empty_label=None,
        widget=widgets.Radios,
        error_messages={
            "required": "Select the sanctioning officer who should sign this referral",
            "invalid_choice": "Select a sanctioning officer from the list",
        },
    )

    def __init__(self, data: Any = None, *, referral: Referral) -> None:
        officers = sanctioning_officers(referral.local_authority_id)
        members = list(officers)
        super().__init__(data, initial={FIELD: _initial(referral, members)})
        field = self.fields[FIELD]
        field.queryset = officers  # type: ignore[attr-defined]
        field.widget.hints = {str(m.pk): m.job_title for m in members}
        field.help_text = _hint(referral, members)
        self.has_officers = bool(members)

    def chosen_user(self) -> Any:
        return self.cleaned_data[FIELD].user


def _named(referral: Referral) -> str:
    return str(referral.answers.get(NAME_ANSWER) or "").strip()


def _matching(name: str, officers: list[Membership]) -> Membership | None:
    return next((m for m in officers if m.user.get_full_name().casefold() == name.casefold()), None) if name else None


def _initial(referral: Referral, officers: list[Membership]) -> int | None:
    """The officer chosen last time (a returned referral), else the one the referral's answers name."""
    chosen = next((m for m in officers if m.user_id == referral.sanctioning_officer_id), None)
    chosen = chosen or _matching(_named(referral), officers)
    return chosen.pk if chosen else None


def _hint(referral: Referral, officers: list[Membership]) -> str:
    """They sign and the pack names them; where the referral's typed answer names no one of them, say so."""
    base = "Only the officer you choose can sign the referral, and its pack names who signed."
    name = _named(referral)
    if name and _matching(name, officers) is None:
        return (
            f"The referral’s answers name {name} as the sanctioning officer, who does not use this service. {base} "
            "If someone else signs, correct that answer before you send it."
        )
    return base
