"""Coded reasons a home gives when it declines a referral. Versioned: each decision stores the version it used."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Reason:
    code: str
    label: str


CURRENT_VERSION = "2026-1"
OTHER = "other"

DECLINE_REASONS: dict[str, tuple[Reason, ...]] = {
    "2026-1": (
        Reason("no_vacancy", "No vacancy"),
        Reason("mix_of_young_people", "The mix of young people currently in the home"),
        Reason("staffing", "Staffing"),
        Reason("beyond_statement_of_purpose", "Needs beyond the home's statement of purpose"),
        Reason("risk_to_others", "Risk to others"),
        Reason("location", "Location"),
        Reason("age_or_sex", "Age or sex"),
        Reason("insufficient_information", "Insufficient information"),
        Reason(OTHER, "Other"),
    ),
}


def reasons_current() -> tuple[Reason, ...]:
    """The reasons a home chooses from today."""
    return DECLINE_REASONS[CURRENT_VERSION]


def reason_label(code: str, version: str = CURRENT_VERSION) -> str:
    """The words for a code in the version it was chosen from (the code itself if unknown)."""
    return next((reason.label for reason in DECLINE_REASONS.get(version, ()) if reason.code == code), code)
