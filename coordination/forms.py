"""Forms for coordination pages: the two-weekly update, marking a letter as sent, and the dashboard filters."""

from typing import Any

from django import forms

from accounts.models import Organisation
from ui import widgets
from ui.fields import GovukDateField
from ui.forms import GovukForm

from .models import SearchUpdate
from .selectors import Stage


class UpdateForm(GovukForm):
    """The two-weekly update: short, and only what the unit and the homes need to know now."""

    what_changed = forms.CharField(
        label="What has changed since the last update?",
        help_text="For example, new incidents, a change of placement, or progress with the court application.",
        max_length=5000,
        widget=widgets.Textarea(attrs={"rows": 5}),
        error_messages={"required": "Enter what has changed since the last update"},
    )
    placement_and_risks = forms.CharField(
        label="Where is the child living now, and what are the current risks?",
        max_length=5000,
        widget=widgets.Textarea(attrs={"rows": 5}),
        error_messages={"required": "Enter where the child is living now and the current risks"},
    )
    order_status = forms.ChoiceField(
        label="What is the status of the secure accommodation order?",
        choices=SearchUpdate.OrderStatus.choices,
        widget=widgets.Radios,
        error_messages={"required": "Select the status of the secure accommodation order"},
    )
    order_expires_on = GovukDateField(
        label="When does the order end?",
        help_text="Leave this blank if no order has been made. For example, 27 3 2026",
        required=False,
        missing="Enter the date the order ends",
    )
    for_homes = forms.CharField(
        label="Is there anything secure homes must know? (optional)",
        help_text="Secure homes considering this referral can read this, with the court order's status and end date. "
        "They do not see the rest of this update.",
        max_length=3000,
        required=False,
        widget=widgets.Textarea(attrs={"rows": 3}),
    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        made = cleaned.get("order_status") in (
            SearchUpdate.OrderStatus.INTERIM_ORDER,
            SearchUpdate.OrderStatus.FULL_ORDER,
        )
        if made and not cleaned.get("order_expires_on") and "order_expires_on" not in self.errors:
            self.add_error("order_expires_on", "Enter the date the order ends")
        return cleaned


class SentForm(GovukForm):
    """When the local authority sent the letter to Ofsted."""

    sent_on = GovukDateField(
        label="When did you send the letter to Ofsted?",
        help_text="For example, 27 3 2026",
        missing="Enter the date you sent the letter",
    )


class DashboardFilters(GovukForm):
    """The dashboard's filters: a GET form, so filtered views can be bookmarked and work without JavaScript."""

    local_authority = forms.ModelChoiceField(
        label="Local authority",
        queryset=Organisation.objects.filter(kind=Organisation.Kind.LOCAL_AUTHORITY).order_by("name"),
        required=False,
        empty_label="All local authorities",
        widget=widgets.Select,
        error_messages={"invalid_choice": "Select a local authority from the list"},
    )
    stage = forms.ChoiceField(
        label="Status",
        choices=(("", "Any status"), *Stage.CHOICES),
        required=False,
        widget=widgets.Select,
        error_messages={"invalid_choice": "Select a status from the list"},
    )
    overdue = forms.BooleanField(
        label="Only searches that will cease (update or review overdue)",
        required=False,
        widget=widgets.Checkbox(small=True),
    )
