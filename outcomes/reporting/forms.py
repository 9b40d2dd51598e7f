"""The report filters (a GET form) and the coordinator's 'generate the monthly summary now' form."""

from datetime import date
from typing import Any

from django import forms
from django.utils import timezone

from accounts.models import Organisation
from ui.forms import GovukForm
from ui.widgets import Select, TextInput

from .tables import GROUPINGS, RATES

ALL = ""


def _regions() -> list[tuple[str, str]]:
    regions = (
        Organisation.objects.filter(kind=Organisation.Kind.LOCAL_AUTHORITY)
        .exclude(region="")
        .values_list("region", flat=True)
        .distinct()
        .order_by("region")
    )
    return [(ALL, "All regions"), *((r, r) for r in regions)]


class ReportFilterForm(GovukForm):
    """What to group by, which indicator to chart, and which children to count."""

    group_by = forms.ChoiceField(label="Group by", choices=list(GROUPINGS.items()), initial="cohort", widget=Select)
    indicator = forms.ChoiceField(
        label="Indicator to chart",
        choices=[(key, label) for key, label, _, _ in RATES],
        initial="stable_12",
        widget=Select,
    )
    cohort = forms.ChoiceField(
        label="Children",
        choices=[(ALL, "Placed and not placed"), ("placed", "Placed in a secure home"), ("not_placed", "Not placed")],
        required=False,
        widget=Select,
    )
    pathway = forms.ChoiceField(
        label="Pathway",
        choices=[(ALL, "Welfare and justice"), ("welfare", "Welfare"), ("justice", "Justice")],
        required=False,
        widget=Select,
    )
    region = forms.ChoiceField(label="Region of the local authority", required=False, widget=Select)
    year = forms.IntegerField(
        label="Year the follow-up started",
        required=False,
        min_value=2016,
        widget=TextInput(attrs={"inputmode": "numeric"}),
        help_text="For example, 2025. Leave blank for every year.",
        error_messages={"invalid": "Enter the year as a number, like 2025", "min_value": "Enter a year from 2016"},
    )
    records = forms.ChoiceField(
        label="Records",
        choices=[("real", "Referred children"), ("synthetic", "Synthetic test data (national scale)")],
        initial="real",
        required=False,
        widget=Select,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["region"].choices = _regions()  # type: ignore[attr-defined]

    def clean_year(self) -> int | None:
        year = self.cleaned_data.get("year")
        if year is not None and year > timezone.localdate().year:
            raise forms.ValidationError("The year cannot be in the future")
        return year

    def indicator_filters(self) -> dict[str, Any]:
        """The filters for indicator_counts, from valid data."""
        data = self.cleaned_data
        filters: dict[str, Any] = {"synthetic": data.get("records") == "synthetic"}
        for key in ("cohort", "pathway", "region"):
            if data.get(key):
                filters[key] = data[key]
        if data.get("year"):
            filters["year"] = data["year"]
        return filters


class SummaryMonthForm(GovukForm):
    """Which month's coordination summary to generate and publish now."""

    month = forms.CharField(
        label="Month",
        max_length=7,
        widget=TextInput(attrs={"class": "govuk-input--width-5"}),
        help_text="As year and month, for example 2025-03.",
        error_messages={"required": "Enter the month, like 2025-03"},
    )

    def clean_month(self) -> tuple[int, int]:
        try:
            first = date.fromisoformat(f"{self.cleaned_data['month'].strip()}-01")
        except ValueError:
            raise forms.ValidationError("Enter the month as year and month, like 2025-03") from None
        if first > timezone.localdate():
            raise forms.ValidationError("The month cannot be in the future")
        return first.year, first.month
