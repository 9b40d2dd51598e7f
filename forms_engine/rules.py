"""Legal cross-field rules for secure welfare referrals (Children Act 1989 s25 and s25(1A), SI 1991/1505, SSWB Act
s119, the High Court's inherent jurisdiction).

Rules read answers by the stable keys that v4 and later share; v6's legal route (legal_route) stands in for v4's
and v5's "which law" (jurisdiction) where both say the same thing. Errors block sending for signature; warnings are
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


# v4 and v5's "which law" answers as v6 legal routes ("either" names no single route).
_JURISDICTION_ROUTES = {"england_s25": "s25_secure_accommodation", "wales_s119": "s119_wales"}
_DOL_ROUTE = "dol_inherent_jurisdiction"
_DOL_SOUGHT_OR_IN_PLACE = {"application_made", "order_made"}


def _route(answers: dict[str, Any]) -> tuple[str, str | None]:
    """The question that holds the legal route and the route, from v6's legal_route or v4/v5's jurisdiction."""
    if "legal_route" in answers:
        return "legal_route", answers.get("legal_route")
    return "jurisdiction", _JURISDICTION_ROUTES.get(str(answers.get("jurisdiction")))


def _authority_country(answers: dict[str, Any]) -> str | None:
    """'E' or 'W' from the referring authority's ONS code (E06... England, W06... Wales)."""
    code = str(answers.get("referring_local_authority") or "")
    return code[:1] if code[:1] in {"E", "W"} else None


def _legal_route(answers: dict[str, Any], today: datetime.date) -> list[RuleResult]:
    key, route = _route(answers)
    country = _authority_country(answers)
    results = []
    if route == "s119_wales" and country == "E":
        results.append(
            RuleResult(
                key,
                "Choose section 25 of the Children Act 1989: section 119 of the Social Services and Well-being "
                "(Wales) Act 2014 is only for a local authority in Wales",
            )
        )
    if route == "s25_secure_accommodation" and country == "W":
        results.append(
            RuleResult(
                key,
                "Choose section 119 of the Social Services and Well-being (Wales) Act 2014: a local authority in "
                "Wales applies for secure accommodation under section 119, not section 25",
            )
        )
    if route == "s25_1a_relevant_accommodation" and country == "W":
        results.append(
            RuleResult(
                key,
                "Section 25(1A) covers only relevant accommodation in England: check the child will be placed in "
                "England, or choose section 119 for secure accommodation",
                WARNING,
            )
        )
    return [*results, *_dol_order(answers, route, today)]


def _dol_order(answers: dict[str, Any], route: str | None, today: datetime.date) -> list[RuleResult]:
    status, end = answers.get("dol_order"), parse_date(answers.get("dol_order_end_date"))
    if route == _DOL_ROUTE and status not in _DOL_SOUGHT_OR_IN_PLACE:
        return [
            RuleResult(
                "dol_order",
                "Select whether the deprivation of liberty order has been applied for or made: the legal route is "
                "a deprivation of liberty order",
            )
        ]
    if status == "order_made" and end is None:
        return [RuleResult("dol_order_end_date", "Enter the date the deprivation of liberty order ends")]
    if status == "order_made" and end is not None and end < today:
        return [
            RuleResult(
                "dol_order_end_date",
                "The deprivation of liberty order has ended: check the date, or say an application has been made",
                WARNING,
            )
        ]
    return []


def referral_rule_results(answers: dict[str, Any], *, today: datetime.date) -> list[RuleResult]:
    """Every legal-rule finding for a referral's answers."""
    dob = parse_date(answers.get("child_date_of_birth"))
    age = age_on(dob, today) if dob else None
    return [
        *_under_13(answers, age),
        *_section_20(answers, age),
        *_order_dates(answers),
        *_legal_route(answers, today),
    ]


def referral_flags(answers: dict[str, Any], *, today: datetime.date) -> list[str]:
    """Special processes the coordination unit must follow: emergency 72-hour placement, child under 13."""
    dob = parse_date(answers.get("child_date_of_birth"))
    flags = []
    if answers.get("placement_72_hour") == "yes":
        flags.append("Emergency 72-hour placement")
    if dob and age_on(dob, today) < 13:
        flags.append("Child under 13")
    return flags
