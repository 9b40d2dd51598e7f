"""Legal cross-field rules for secure welfare referrals (Children Act 1989 s25, SI 1991/1505, SSWB Act s119).

Rules read answers by the stable keys that v4 and later share. Errors block sending for signature; warnings are
shown on check-your-answers and in the pack but do not block, because a court may decide otherwise.
"""

import datetime
from dataclasses import dataclass
from typing import Any

from vocabulary.dates import add_months, age_on
from vocabulary.dates import iso_date as parse_date

ERROR, WARNING = "error", "warning"
_ORDER_MADE = {"interim_order", "full_order"}


@dataclass(frozen=True)
class RuleResult:
    """One finding, tied to the question the user should change."""

    key: str
    message: str
    severity: str = ERROR


def _under_13(answers: dict[str, Any], age: int | None) -> list[RuleResult]:
    if age is not None and age < 13 and not str(answers.get("secretary_of_state_approval_reference") or "").strip():
        return [
            RuleResult(
                "secretary_of_state_approval_reference",
                "Enter the Secretary of State approval reference: a child under 13 cannot be placed in secure "
                "accommodation without it",
            )
        ]
    return []


def _section_20(answers: dict[str, Any], age: int | None) -> list[RuleResult]:
    if answers.get("legal_status") != "V2" or age is None:
        return []
    if age < 16 and answers.get("parental_consent_s20") != "yes":
        return [
            RuleResult(
                "parental_consent_s20",
                "Record that a parent has consented: a child under 16 accommodated under section 20 can only be "
                "placed with the consent of a parent with parental responsibility",
            )
        ]
    if age >= 16:
        return [
            RuleResult(
                "legal_status",
                "A 16 or 17 year old accommodated under section 20 needs an interim care order before a secure "
                "placement: check the legal status",
                WARNING,
            )
        ]
    return []


def _order_dates(answers: dict[str, Any]) -> list[RuleResult]:
    if answers.get("placement_72_hour") == "yes":
        return []
    start, end = parse_date(answers.get("order_start_date")), parse_date(answers.get("order_end_date"))
    results = []
    if answers.get("order_status") in _ORDER_MADE:
        if start is None:
            results.append(RuleResult("order_start_date", "Enter the date the order started"))
        if end is None:
            results.append(RuleResult("order_end_date", "Enter the date the order ends"))
    if start and end and end <= start:
        return [*results, RuleResult("order_end_date", "The date the order ends must be after the date it started")]
    if start and end:
        months = 3 if answers.get("order_is_first") == "yes" else 6
        if end > add_months(start, months):
            results.append(
                RuleResult(
                    "order_end_date",
                    f"A {'first' if months == 3 else 'later'} secure accommodation order lasts at most {months} "
                    "months: check the dates",
                    WARNING,
                )
            )
    return results


def referral_rule_results(answers: dict[str, Any], *, today: datetime.date) -> list[RuleResult]:
    """Every legal-rule finding for a referral's answers."""
    dob = parse_date(answers.get("child_date_of_birth"))
    age = age_on(dob, today) if dob else None
    return [*_under_13(answers, age), *_section_20(answers, age), *_order_dates(answers)]


def referral_flags(answers: dict[str, Any], *, today: datetime.date) -> list[str]:
    """Special processes the coordination unit must follow: emergency 72-hour placement, child under 13."""
    dob = parse_date(answers.get("child_date_of_birth"))
    flags = []
    if answers.get("placement_72_hour") == "yes":
        flags.append("Emergency 72-hour placement")
    if dob and age_on(dob, today) < 13:
        flags.append("Child under 13")
    return flags
