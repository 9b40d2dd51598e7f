"""The child at a glance: the few facts a home decides on first, from the answers of any version of the form.

One presenter for the home's request page and the pack cover. v6 asks for these facts directly (legal_route,
staffing_intensity, risk_indicators, expected_length_of_stay); for v3 to v5 the nearest answers stand in, and a fact
a version never asks is "Not given". Never the child's name.
"""

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.utils import timezone

from vocabulary.dates import age_on, iso_date

from .definitions.v4 import RISKS
from .journey import display_value
from .models import Referral
from .schema import question_index
from .services.amendments import effective_answers

NOT_GIVEN = "Not given"
NONE_RECORDED = "None recorded"
RISK_TITLES = {slug: title for slug, title, _about, _hint in RISKS} | {"mental_health": "Mental health"}
RISK_CHECKBOXES = ("risk_indicators", "current_risks")  # v6, v3
RISK_PRESENT = {"current": "current", "yes": "current", "historic": "historic"}  # v4/v5 levels (and yes_no)
DOL_SOUGHT = ("application_made", "order_made")


@dataclass(frozen=True)
class GlanceRow:
    """One fact as printed: its label and its value."""

    label: str
    value: str


@dataclass(frozen=True)
class ChildAtAGlance:
    """The facts a home reads before the pack; every value is plain text, NOT_GIVEN when the answers lack it."""

    age: str
    sex: str
    legal_route: str
    order_ends: str
    staffing: str
    risks: tuple[str, ...]
    length_of_stay: str

    @property
    def risks_text(self) -> str:
        return "; ".join(self.risks) or NONE_RECORDED

    def rows(self) -> list[GlanceRow]:
        """The facts in the order the panel and the cover print them."""
        return [
            GlanceRow("Age", self.age),
            GlanceRow("Sex", self.sex),
            GlanceRow("Legal route", self.legal_route),
            GlanceRow("Order ends", self.order_ends),
            GlanceRow("Staffing the child needs", self.staffing),
            GlanceRow("Main risks", self.risks_text),
            GlanceRow("Expected length of stay", self.length_of_stay),
        ]


class _Answers:
    """The answers with the version's questions, read as people read them."""

    def __init__(self, schema: dict[str, Any], code_lists: dict[str, Any], answers: dict[str, Any]) -> None:
        self.questions, self.code_lists, self.answers = question_index(schema), code_lists, answers

    def raw(self, key: str) -> Any:
        return self.answers.get(key) if key in self.questions else None

    def shown(self, key: str) -> str:
        """The answer's label ("" when the version does not ask it or it is unanswered)."""
        if key not in self.questions:
            return ""
        return display_value(self.questions[key], self.answers.get(key), self.code_lists)

    def first(self, *keys: str) -> str:
        return next((value for value in map(self.shown, keys) if value), "")


def _age(read: _Answers, on: date) -> str:
    born = iso_date(read.raw("child_date_of_birth"))
    return f"{age_on(born, on)} years" if born else NOT_GIVEN


def _legal_route(read: _Answers) -> str:
    route = read.first("legal_route", "jurisdiction")
    parts = [part for part in (route, read.shown("order_status")) if part]
    if read.raw("dol_order") in DOL_SOUGHT and read.raw("legal_route") != "dol_inherent_jurisdiction":
        parts.append(f"deprivation of liberty order: {read.shown('dol_order')}")
    return "; ".join(parts) or NOT_GIVEN


def _order_ends(read: _Answers) -> str:
    ends = [
        f"{when} ({what})"
        for when, what in (
            (read.shown("order_end_date"), "secure accommodation order"),
            (read.shown("dol_order_end_date"), "deprivation of liberty order"),
        )
        if when
    ]
    return "; ".join(ends) or NOT_GIVEN


def _risks(read: _Answers) -> tuple[str, ...]:
    """Ticked indicators (v6, v3), else the v4/v5 risks answered current, then those answered historic."""
    for key in RISK_CHECKBOXES:
        ticked = read.raw(key)
        if key in read.questions and isinstance(ticked, list):
            labels = {o["value"]: o["label"] for o in read.questions[key].get("options", [])}
            return tuple(labels.get(value, RISK_TITLES.get(value, str(value))) for value in ticked)
    present = [(RISK_PRESENT.get(read.raw(f"risk_{slug}")), title) for slug, title in RISK_TITLES.items()]
    return tuple(
        f"{title} ({level})" for wanted in ("current", "historic") for level, title in present if level == wanted
    )


def child_at_a_glance(
    *, schema: dict[str, Any], code_lists: dict[str, Any], answers: dict[str, Any], on: date
) -> ChildAtAGlance:
    """The glance from one version's answers, the age as on `on` (plain data in: the pack's confined child uses it)."""
    read = _Answers(schema, code_lists, answers)
    return ChildAtAGlance(
        age=_age(read, on),
        sex=read.shown("child_sex") or NOT_GIVEN,
        legal_route=_legal_route(read),
        order_ends=_order_ends(read),
        staffing=read.shown("staffing_intensity") or NOT_GIVEN,
        risks=_risks(read),
        length_of_stay=read.first("expected_length_of_stay", "intended_duration") or NOT_GIVEN,
    )


def referral_glance(referral: Referral, on: date | None = None) -> ChildAtAGlance:
    """A submitted referral at a glance, from its answers as corrected, the age as on `on` (today)."""
    version = referral.version
    return child_at_a_glance(
        schema=version.schema,
        code_lists=version.code_lists,
        answers=effective_answers(referral),
        on=on or timezone.localdate(),
    )
