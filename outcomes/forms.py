"""Forms for exits and checkpoints: the checkpoint questions come from the live question set."""

from typing import Any

from django import forms

from forms_engine.page_forms import page_form
from ui import widgets
from ui.fields import GovukDateField
from ui.forms import GovukForm

from .answers import questions_for
from .codes import code_choices
from .models import Exit, OutcomeQuestionSet

YES_NO = [("yes", "Yes"), ("no", "No")]
YES_NO_UNKNOWN = [("yes", "Yes"), ("no", "No"), ("not_known", "Not known")]


def checkpoint_sections(question_set: OutcomeQuestionSet, *, age: int | None) -> list[dict[str, Any]]:
    """The question set's sections with the questions asked at this age, every field optional in the form."""
    asked = {q["key"] for q in questions_for(question_set.schema, age=age)}
    sections = []
    for section in question_set.schema["sections"]:
        questions = [
            {k: v for k, v in q.items() if k not in ("required", "show_if")}
            for page in section["pages"]
            for q in page["questions"]
            if q["key"] in asked
        ]
        if questions:
            sections.append({"key": section["key"], "title": section["title"], "questions": questions})
    return sections


def checkpoint_form(sections: list[dict[str, Any]], code_lists: dict[str, Any], data: Any = None) -> GovukForm:
    """One form holding every section's questions; the service decides what is required."""
    page = {"key": "checkpoint", "questions": [q for section in sections for q in section["questions"]]}
    form = page_form(page, {}, code_lists, data)
    for field in form.fields.values():
        field.page_heading = False  # type: ignore[attr-defined]
    return form


class EpisodeForm(GovukForm):
    """One placement episode since the start: SSDA903 DECOM, PLACE, RNE and REASON_PLACE_CHANGE."""

    start_date = GovukDateField(label="Date the episode started", help_text="For example, 27 3 2026", past=True)
    place_code = forms.ChoiceField(
        label="Placement type (PLACE)",
        choices=code_choices("ssda903_place", blank="Select a placement type"),
        widget=widgets.Select,
    )
    rne = forms.ChoiceField(
        label="Reason for new episode (RNE)",
        help_text="Choose 'change of legal status only' when the young person did not move.",
        choices=code_choices("ssda903_rne", blank="Select a reason"),
        widget=widgets.Select,
    )
    reason_place_change = forms.ChoiceField(
        label="Reason for the placement change (optional)",
        choices=code_choices("ssda903_reason_place_change", blank="No placement change"),
        widget=widgets.Select,
        required=False,
    )

    def cleaned_episode(self) -> dict[str, Any]:
        """The episode as the service takes it."""
        data = self.cleaned_data
        return {
            "start_date": data["start_date"],
            "place_code": data["place_code"],
            "rne": data["rne"],
            "reason_place_change": data.get("reason_place_change", ""),
        }


EpisodeFormSet = forms.formset_factory(EpisodeForm, extra=1, can_delete=True, max_num=30, validate_max=True)


class ExitForm(GovukForm):
    """The exit from a secure children's home."""

    exit_date = GovukDateField(label="Date the young person left", help_text="For example, 27 3 2026", past=True)
    reason = forms.ChoiceField(label="Why did they leave?", choices=Exit.Reason.choices, widget=widgets.Radios)
    place_code = forms.ChoiceField(
        label="Placement on exit (PLACE)",
        choices=code_choices("ssda903_place", blank="Select a placement type"),
        widget=widgets.Select,
    )
    placement_la = forms.ChoiceField(
        label="Local authority area of the placement",
        choices=code_choices("placement_la", blank="Select a local authority"),
        widget=widgets.Select,
    )
    registered = forms.ChoiceField(
        label="Is the placement registered with Ofsted (or the Care Inspectorate Wales)?",
        choices=YES_NO_UNKNOWN,
        widget=widgets.Radios(inline=True),
    )
    legal_status = forms.ChoiceField(
        label="Legal status at exit (LS)",
        choices=code_choices("ssda903_legal_status", blank="Select a legal status"),
        widget=widgets.Select,
    )
    step_down_used = forms.ChoiceField(
        label="Did the young person move through a step-down or transition service?",
        choices=YES_NO,
        widget=widgets.Radios(inline=True),
    )

    REQUIRED = {
        "exit_date": "Enter the date the young person left",
        "reason": "Select why the young person left",
        "place_code": "Select the placement on exit",
        "placement_la": "Select the local authority area of the placement",
        "registered": "Select whether the placement is registered",
        "legal_status": "Select the legal status at exit",
        "step_down_used": "Select yes if the young person moved through a step-down or transition service",
    }

    def error_messages_set(self) -> None:
        """GOV.UK-style messages for missing answers, one per question."""
        for name, field in self.fields.items():
            field.error_messages["required"] = self.REQUIRED[name]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.error_messages_set()

    @staticmethod
    def initial_from_plan(plan: Any) -> dict[str, Any]:
        """The exit as the child's exit plan (liberty) planned it: the destination, the step-down, the move date."""
        if plan is None:
            return {}
        initial = {
            "place_code": plan.place_code,
            "placement_la": plan.placement_la,
            "registered": {True: "yes", False: "no"}.get(plan.registered, "not_known"),
            "step_down_used": "yes" if plan.step_down else "no",
        }
        return initial | ({"exit_date": plan.moves_on} if plan.moves_on else {})

    def exit_fields(self) -> dict[str, Any]:
        """The cleaned answers as the exit service takes them."""
        data = self.cleaned_data
        registered = {"yes": True, "no": False}.get(data["registered"])
        return {
            "exit_date": data["exit_date"],
            "reason": data["reason"],
            "place_code": data["place_code"],
            "placement_la": data["placement_la"],
            "registered": registered,
            "legal_status": data["legal_status"],
            "step_down_used": data["step_down_used"] == "yes",
        }
