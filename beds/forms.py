"""The registered manager's daily declaration form, with GOV.UK error messages."""

from typing import Any

from django import forms

from ui import widgets
from ui.forms import GovukForm

from .models import MAX_AGE, MIN_AGE, BedDeclaration

_NUMBER = {"inputmode": "numeric", "class": "govuk-input--width-2", "spellcheck": "false"}


def _count(label: str, hint: str, what: str, *, maximum: int = 99) -> forms.IntegerField:
    return forms.IntegerField(
        label=label,
        help_text=hint,
        min_value=0,
        max_value=maximum,
        widget=widgets.TextInput(attrs=_NUMBER),
        error_messages={
            "required": f"Enter the number of {what}",
            "invalid": f"The number of {what} must be a whole number, like 2",
            "min_value": f"The number of {what} must be 0 or more",
            "max_value": f"The number of {what} must be {maximum} or fewer",
        },
    )


def _age(label: str, what: str) -> forms.IntegerField:
    return forms.IntegerField(
        label=label,
        min_value=MIN_AGE,
        max_value=MAX_AGE,
        widget=widgets.TextInput(attrs=_NUMBER),
        error_messages={
            "required": f"Enter the {what}",
            "invalid": f"The {what} must be a whole number, like 14",
            "min_value": f"The {what} must be between {MIN_AGE} and {MAX_AGE}",
            "max_value": f"The {what} must be between {MIN_AGE} and {MAX_AGE}",
        },
    )


class BedDeclarationForm(GovukForm):
    """Today's beds: approved, available by route, staffed capacity and who the home can take."""

    approved_places = _count(
        "Approved places", "The places the home is registered for, whether or not they are free.", "approved places"
    )
    available_welfare = _count(
        "Available welfare beds",
        "Empty beds the home could offer to a local authority today.",
        "available welfare beds",
    )
    available_justice = _count(
        "Available justice beds",
        "Empty beds for children placed by the Youth Custody Service.",
        "available justice beds",
    )
    staffed_capacity = _count(
        "Staffed capacity",
        "How many more children the home can safely admit today with the staff on duty. This can be lower than "
        "the number of available beds, but not higher.",
        "children the home can safely admit",
    )
    max_staffing_ratio = forms.ChoiceField(
        label="Most intensive staffing the home can provide today",
        choices=BedDeclaration.StaffingRatio.choices,
        widget=widgets.Radios,
        error_messages={"required": "Select the most intensive staffing the home can provide"},
    )
    sexes = forms.ChoiceField(
        label="Who can the home admit today?",
        choices=BedDeclaration.Sexes.choices,
        widget=widgets.Radios(inline=True),
        error_messages={"required": "Select who the home can admit today"},
    )
    min_age = _age("Youngest age accepted", "youngest age accepted")
    max_age = _age("Oldest age accepted", "oldest age accepted")
    notes = forms.CharField(
        label="Notes (optional)",
        help_text="For example, a bed free from Thursday or a room out of use. Do not include any child's details.",
        required=False,
        max_length=1000,
        widget=widgets.Textarea(attrs={"rows": 3}),
        error_messages={"max_length": "Notes must be 1000 characters or fewer"},
    )

    def __init__(self, *args: Any, takes_welfare: bool = True, takes_justice: bool = True, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.takes_welfare, self.takes_justice = takes_welfare, takes_justice

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        welfare, justice, places = (data.get(k) for k in ("available_welfare", "available_justice", "approved_places"))
        if not self.takes_welfare and welfare:
            self.add_error("available_welfare", "This home does not take welfare placements, so enter 0")
        if not self.takes_justice and justice:
            self.add_error("available_justice", "This home does not take justice placements, so enter 0")
        if welfare is not None and justice is not None and places is not None and welfare + justice > places:
            self.add_error(
                "available_welfare",
                f"Available welfare and justice beds together must be no more than the {places} approved places",
            )
        staffed = data.get("staffed_capacity")
        if welfare is not None and justice is not None and staffed is not None and staffed > welfare + justice:
            self.add_error(
                "staffed_capacity",
                f"Staffed capacity must be no more than the {welfare + justice} available welfare and justice beds",
            )
        youngest, oldest = data.get("min_age"), data.get("max_age")
        if youngest is not None and oldest is not None and youngest > oldest:
            self.add_error("max_age", "Oldest age accepted must be the same as or older than the youngest age")
        return data
