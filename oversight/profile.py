"""The child profile the reports group by, read from a referral's answers (v4 to v6), and its labels."""

import datetime
from collections.abc import Mapping
from typing import Any

from forms_engine.definitions.v6 import LEGAL_ROUTES, STAFFING_INTENSITIES
from vocabulary.dates import age_on, iso_date

AGE_BANDS: tuple[tuple[str, int, int], ...] = (("10 to 13", 0, 13), ("14 to 15", 14, 15), ("16 to 17", 16, 99))
SEXES = {"female": "Girls", "male": "Boys"}
NOT_RECORDED = "Not recorded"

# SearchFact field, label, how a referral's answers say it (a v6 risk indicator, and v4/v5's yes/no risk question).
RISKS: tuple[tuple[str, str, str], ...] = (
    ("risk_offending", "Offending", ""),
    ("risk_gangs", "Gang association", "gangs"),
    ("risk_cse", "Child sexual exploitation", "cse"),
    ("risk_cce", "Child criminal exploitation", "cce"),
    ("risk_sexually_harmful", "Sexually harmful behaviour", "sexually_harmful_behaviour"),
    ("risk_self_harm", "Self-harm", "self_harm"),
    ("risk_mental_health", "Mental health crisis", "mental_health"),
    ("risk_violence", "Violence and aggression", "violence"),
)


# The coded profile a search fact holds, copied onto each of its decline reasons so the reason tables read one table.
PROFILE_FIELDS: tuple[str, ...] = (
    "region", "age_band", "sex", "legal_route", "staffing_intensity", *(field for field, _, _ in RISKS)
)  # fmt: skip


def profile_of(fact: Any) -> dict[str, Any]:
    """A search fact's profile fields, for its decline facts."""
    return {field: getattr(fact, field) for field in PROFILE_FIELDS}


def _labels(options: Any) -> dict[str, str]:
    return {option["value"]: option["label"].split(" – ")[0] for option in options}


LEGAL_ROUTE_LABELS = {
    "s25_secure_accommodation": "Section 25 secure accommodation",
    "s119_wales": "Section 119 (Wales)",
    "s25_1a_relevant_accommodation": "Section 25(1A) relevant accommodation",
    "dol_inherent_jurisdiction": "Deprivation of liberty order (inherent jurisdiction)",
}
if set(LEGAL_ROUTE_LABELS) != {option["value"] for option in LEGAL_ROUTES}:  # a new route needs a label
    raise RuntimeError("oversight.profile: a legal route has no label")
STAFFING_LABELS = _labels(STAFFING_INTENSITIES)


def age_band(age: int | None) -> str:
    if age is None:
        return ""
    return next(label for label, low, high in AGE_BANDS if low <= age <= high)


def _offending(answers: Mapping[str, Any]) -> bool:
    return (
        answers.get("yjs_involved") == "yes"
        or answers.get("outstanding_charges") == "yes"
        or bool(str(answers.get("offending_history") or "").strip())
    )


def profile_from_answers(answers: Mapping[str, Any], on: datetime.date) -> dict[str, Any]:
    """The coded profile of a referral's child on a day: nothing that names or dates the child."""
    born = iso_date(answers.get("child_date_of_birth"))
    indicators = set(answers.get("risk_indicators") or ())
    profile: dict[str, Any] = {
        "age_band": age_band(age_on(born, on)) if born else "",
        "sex": answers.get("child_sex") if answers.get("child_sex") in SEXES else "",
        "legal_route": answers.get("legal_route") if answers.get("legal_route") in LEGAL_ROUTE_LABELS else "",
        "staffing_intensity": answers.get("staffing_intensity")
        if answers.get("staffing_intensity") in STAFFING_LABELS
        else "",
    }
    for field, _, slug in RISKS:
        if not slug:
            profile[field] = _offending(answers)
        else:
            profile[field] = slug in indicators or answers.get(f"risk_{slug}") == "yes"
    return profile
