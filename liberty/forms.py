"""The local authority's forms for orders, plans, ends, reviews and regulator notices, with GOV.UK messages."""

import re
from datetime import datetime, time
from typing import Any

from django import forms

from ui import widgets
from ui.fields import GovukDateField
from ui.forms import GovukForm
from vocabulary.codelists import CODE_LISTS

from .models import LibertyOrder
from .services import local_time

_TIME = re.compile(r"^([01]?\d|2[0-3])[:.]([0-5]\d)$")
_YES_NO = [("yes", "Yes"), ("no", "No")]
_YES_NO_UNKNOWN = [("yes", "Yes"), ("no", "No"), ("not_known", "Not known")]


def _code_choices(list_key: str, blank: str) -> list[tuple[str, str]]:
    """A select's options from a shared code list, as the exit record shows them: "label (code)"."""
    return [("", blank), *((i["code"], f"{i['label']} ({i['code']})") for i in CODE_LISTS[list_key]["items"])]


def _date(label: str, *, required: bool = False, hint: str = "For example, 27 3 2026.", **kwargs: Any) -> Any:
    what = label[:1].lower() + label[1:]
    return GovukDateField(
        label=label,
        help_text=hint,
        required=required,
        error_messages={"required": f"Enter the {what}"},
        **kwargs,
    )


def _time(label: str, what: str) -> forms.CharField:
    return forms.CharField(
        label=label,
        help_text="Use the 24-hour clock, for example 14:30. Leave it blank for midnight.",
        required=False,
        max_length=5,
        widget=widgets.TextInput(attrs={"class": "govuk-input--width-5", "inputmode": "numeric"}),
        error_messages={"max_length": f"Enter the {what} as hours and minutes, like 14:30"},
    )


def _clean_time(value: str, what: str) -> time | None:
    value = (value or "").strip()
    if not value:
        return None
    match = _TIME.match(value)
    if not match:
        raise forms.ValidationError(f"Enter the {what} as hours and minutes on the 24-hour clock, like 14:30")
    return time(int(match.group(1)), int(match.group(2)))


def _text(label: str, hint: str, what: str, *, long: bool = False, limit: int = 2000) -> forms.CharField:
    return forms.CharField(
        label=label,
        help_text=hint,
        required=False,
        max_length=limit,
        widget=widgets.Textarea(attrs={"rows": 3}) if long else widgets.TextInput(),
        error_messages={"max_length": f"{what} must be {limit} characters or fewer"},
    )


class EndTimeMixin:
    """An optional end: a date and a time."""

    cleaned_data: dict[str, Any]

    def ended_at(self) -> datetime | None:
        day = self.cleaned_data.get("ended_date")
        return local_time(day, self.cleaned_data.get("ended_time")) if day else None

    def clean_ended_time(self) -> time | None:
        return _clean_time(self.cleaned_data.get("ended_time", ""), "time the restriction ended")


class OrderForm(EndTimeMixin, GovukForm):
    """An order or authorisation restricting the child's liberty, or the placement without one."""

    kind = forms.ChoiceField(
        label="What authorises the restriction?",
        choices=LibertyOrder.Kind.choices,
        widget=widgets.Radios,
        error_messages={"required": "Select what authorises the restriction"},
    )
    court = _text(
        "Court (optional for a placement without an order)",
        "For example, the High Court, Family Division.",
        "The court",
        limit=200,
    )
    hearing_on = _date("Hearing date", hint="The hearing that made the order. For example, 27 3 2026.", past=True)
    start_date = _date("Start date", required=True, hint="The day the restriction began. For example, 27 3 2026.")
    start_time = _time("Start time", "start time")
    expires_on = _date("Order end date", hint="Required for a court order. For example, 27 9 2026.")
    setting = forms.ChoiceField(
        label="Which setting does it authorise?",
        choices=LibertyOrder.Setting.choices,
        widget=widgets.Radios,
        error_messages={"required": "Select the setting the order authorises"},
    )
    setting_nation = forms.ChoiceField(
        label="Where is the setting?",
        choices=LibertyOrder.Nation.choices,
        widget=widgets.Radios(inline=True),
        error_messages={"required": "Select whether the setting is in England or Wales"},
    )
    conditions = _text(
        "Conditions of the order (optional)",
        "Restrictions the court allows, and any it forbids.",
        "Conditions",
        long=True,
    )
    next_hearing_on = _date("Next hearing date (optional)")
    exit_plan = _text(
        "Plan for when the order ends (optional)",
        "Where the child will go, or whether the authority will apply to renew.",
        "The plan",
        long=True,
    )
    ended_date = _date(
        "Date the placement without an order ended (optional)", hint="Leave blank while the child is still held."
    )
    ended_time = _time("Time it ended", "time it ended")
    left_care_on = _date(
        "Date the child stopped being looked after (optional)",
        hint="Only if the child has left care. For example, 27 3 2026.",
        past=True,
    )

    def clean_start_time(self) -> time | None:
        return _clean_time(self.cleaned_data.get("start_time", ""), "start time")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        court_order = data.get("kind") and data["kind"] != LibertyOrder.Kind.NO_ORDER
        if court_order and not data.get("expires_on"):
            self.add_error("expires_on", "Enter the order end date")
        if court_order and not (data.get("court") or "").strip():
            self.add_error("court", "Enter the court that made the order")
        if data.get("kind") == LibertyOrder.Kind.NO_ORDER and "start_time" not in self.errors:
            # The 72 hours are counted in hours: a placement without an order needs its times.
            if data.get("start_time") is None:
                self.add_error("start_time", "Enter the time the placement without an order began, like 14:30")
            if data.get("ended_date") and data.get("ended_time") is None and "ended_time" not in self.errors:
                self.add_error("ended_time", "Enter the time the placement without an order ended, like 14:30")
        return data

    def starts_at(self) -> datetime:
        return local_time(self.cleaned_data["start_date"], self.cleaned_data.get("start_time"))


class PlanForm(GovukForm):
    next_hearing_on = _date("Next hearing date (optional)")
    exit_plan = _text(
        "Plan for when the order ends",
        "Where the child will go, or whether the authority will apply to renew.",
        "The plan",
        long=True,
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("next_hearing_on") and not (data.get("exit_plan") or "").strip() and not self.errors:
            self.add_error("exit_plan", "Enter the plan for when the order ends, or the next hearing date")
        return data


class EndForm(EndTimeMixin, GovukForm):
    ended_date = _date("Date the restriction ended", required=True, past=True)
    ended_time = _time("Time it ended", "time it ended")


class ReviewForm(GovukForm):
    held_on = _date("Date of the review", required=True, past=True)
    criteria_met = forms.ChoiceField(
        label="Are the criteria for restricting the child's liberty still met?",
        choices=_YES_NO,
        widget=widgets.Radios(inline=True),
        error_messages={"required": "Select whether the criteria are still met"},
    )
    still_necessary = forms.ChoiceField(
        label="Is the placement still necessary?",
        choices=_YES_NO,
        widget=widgets.Radios(inline=True),
        error_messages={"required": "Select whether the placement is still necessary"},
    )
    other_accommodation = forms.ChoiceField(
        label="Would another kind of accommodation be appropriate?",
        choices=_YES_NO,
        widget=widgets.Radios(inline=True),
        error_messages={"required": "Select whether another kind of accommodation would be appropriate"},
    )
    notes = _text("Notes (optional)", "Who took part and what they said, the child included.", "Notes", long=True)

    def review_data(self) -> dict[str, Any]:
        data = self.cleaned_data
        answers = {k: data[k] == "yes" for k in ("criteria_met", "still_necessary", "other_accommodation")}
        return {"held_on": data["held_on"], "notes": data.get("notes", ""), **answers}


class SentForm(GovukForm):
    sent_on = _date("Date the notice was sent", required=True, past=True)


class ExitPlanForm(GovukForm):
    """Where the child goes when the order ends, in the codes the exit record and the follow-up use."""

    place_code = forms.ChoiceField(
        label="Where will the child live when the order ends? (PLACE)",
        help_text="The placement type in the SSDA903 return. The exit from secure starts from it.",
        choices=_code_choices("ssda903_place", "Select a placement type"),
        widget=widgets.Select,
        error_messages={"required": "Select where the child will live when the order ends"},
    )
    placement_la = forms.ChoiceField(
        label="Local authority area of the placement (optional)",
        choices=_code_choices("local_authorities", "Select a local authority"),
        required=False,
        widget=widgets.Select,
    )
    registered = forms.ChoiceField(
        label="Is the placement registered with Ofsted (or Care Inspectorate Wales)?",
        choices=_YES_NO_UNKNOWN,
        widget=widgets.Radios(inline=True),
        error_messages={"required": "Select whether the placement is registered"},
    )
    step_down = forms.ChoiceField(
        label="Will the child move through a step-down or transition service?",
        choices=_YES_NO,
        widget=widgets.Radios(inline=True),
        error_messages={"required": "Select yes if the child will move through a step-down or transition service"},
    )
    moves_on = _date("Planned move date (optional)", hint="For example, 27 9 2026.")
    support = _text(
        "Support and transition (optional)",
        "Visits before the move, who goes with the child, education and health on arrival.",
        "Support and transition",
        long=True,
    )

    def plan_data(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "place_code": data["place_code"],
            "placement_la": data.get("placement_la") or "",
            "registered": {"yes": True, "no": False}.get(data["registered"]),
            "step_down": data["step_down"] == "yes",
            "moves_on": data.get("moves_on"),
            "support": data.get("support") or "",
        }

    @staticmethod
    def initial_for(plan: Any) -> dict[str, Any]:
        if plan is None:
            return {}
        registered = {True: "yes", False: "no"}.get(plan.registered, "not_known")
        return {
            "place_code": plan.place_code,
            "placement_la": plan.placement_la,
            "registered": registered,
            "step_down": "yes" if plan.step_down else "no",
            "moves_on": plan.moves_on,
            "support": plan.support,
        }
