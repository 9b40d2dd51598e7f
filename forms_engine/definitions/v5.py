"""Version 5 of the SAN referral form (from 1 April 2021) is version 4 with five targeted changes.

1. Reviews: "Is this a reviewed referral form?" and the original referral's reference, so the 3-monthly reviewed
   form sent while a search is open is linked to the first referral instead of being counted as a new one.
2. National data: where the child is at the point of referral (including unregistered settings, hospital, police
   custody and missing) and missing episodes in the last 3 and 12 months, as counted for the SSDA903 return.
3. Deprivation of liberty: whether an order under the High Court's inherent jurisdiction is sought or in place.
4. Identifiers: optional UPN and NHS number, so records can be matched with education and health data.
5. The statement of responsibility adds the 3-monthly reviewed form. Drafts moved from v4 are marked "not a review".
"""

import copy
from typing import Any

from . import v4
from .v4 import date, options, page, question, section, shown_if, single

_ABOUT_REFERRAL = section(
    "about_referral",
    "About this referral",
    single(
        question(
            "is_review",
            "yes_no",
            "Is this a reviewed referral form for a child you have already referred?",
            "While a search is open, the Secure Welfare Coordination Unit asks for a reviewed referral form every "
            "3 months. If it is not sent, the search may be stopped.",
        )
    ),
    single(
        question(
            "review_of_reference",
            "text",
            "What is the reference of the original referral?",
            "You can find it in the unit's acknowledgement email.",
            show_if=shown_if("is_review", "yes"),
        )
    ),
    single(
        question(
            "review_changes",
            "long_text",
            "What has changed since the last referral form was sent?",
            "Include changes to risk, placement, legal status and plans.",
            show_if=shown_if("is_review", "yes"),
        )
    ),
)

_DOL_ORDER = page(
    "dol_order",
    question(
        "dol_order",
        "radios",
        "Is there an application or order to deprive the child of their liberty under the High Court's inherent "
        "jurisdiction?",
        "This is sometimes called a DoL order. Answer even if you are also applying for a secure accommodation order.",
        options=options(
            ("none", "No"),
            ("application_made", "Yes – an application has been made"),
            ("order_made", "Yes – an order has been made"),
        ),
    ),
    date(
        "dol_order_end_date",
        "When does the deprivation of liberty order end?",
        past=False,
        show_if=shown_if("dol_order", "order_made"),
    ),
    title="Deprivation of liberty order",
)

_IDENTIFIERS = page(
    "child_identifiers",
    question(
        "child_upn",
        "text",
        "Unique pupil number (UPN)",
        "13 characters, for example A123456789012. Leave this blank if you do not know it.",
        required=False,
        validation={"pattern": r"^[A-Z][0-9]{11}[0-9A-Z]$"},
    ),
    question(
        "child_nhs_number",
        "text",
        "NHS number",
        "10 digits, for example 485 777 3456. Leave this blank if you do not know it.",
        required=False,
        validation={"pattern": r"^[0-9]{3} ?[0-9]{3} ?[0-9]{4}$"},
    ),
    title="UPN and NHS number",
)

_MISSING_EPISODES = page(
    "missing_episodes",
    question(
        "missing_episodes_3_months",
        "number",
        "Number of missing episodes in the last 3 months",
        "Count every episode recorded for the children looked after return: missing (whereabouts unknown) and away "
        "from placement without authorisation. Enter 0 if there were none.",
        validation={"min": 0, "whole": True},
    ),
    question(
        "missing_episodes_12_months",
        "number",
        "Number of missing episodes in the last 12 months",
        "Include the episodes in the last 3 months.",
        validation={"min": 0, "whole": True},
    ),
    title="Missing episodes",
)

_PLACEMENT_AT_REFERRAL = single(
    question(
        "placement_at_referral",
        "radios",
        "Where is the child living at the time of this referral?",
        "This is used for national data on where children are when a secure placement is sought.",
        options=options(
            ("family_or_friends", "With parents, relatives or friends"),
            ("foster_care", "Foster care"),
            ("childrens_home", "Registered children's home"),
            ("supported_accommodation", "Supported or semi-independent accommodation"),
            ("unregistered", "Unregistered children's home or other unregistered setting"),
            ("hospital_ward", "Hospital – paediatric or general ward"),
            ("mental_health_hospital", "Hospital – mental health inpatient unit"),
            ("police_custody", "Police custody"),
            ("secure_childrens_home", "Secure children's home"),
            ("youth_custody", "Young offender institution or secure training centre"),
            ("missing", "Missing – whereabouts unknown"),
            ("other", "Somewhere else"),
        ),
    )
)

_UPDATES_STATEMENT = (
    "The local authority will send the Secure Welfare Coordination Unit an update every 2 weeks, and a reviewed "
    "referral form every 3 months, while the search for a placement is open."
)


def _pages(schema: dict[str, Any], section_key: str) -> list[dict[str, Any]]:
    return next(s["pages"] for s in schema["sections"] if s["key"] == section_key)


def _insert_after(schema: dict[str, Any], section_key: str, page_key: str | None, new_page: dict[str, Any]) -> None:
    """Insert a page after page_key in a section, or at the start of the section when page_key is None."""
    pages = _pages(schema, section_key)
    position = 0 if page_key is None else [p["key"] for p in pages].index(page_key) + 1
    pages.insert(position, new_page)


SCHEMA: dict[str, Any] = copy.deepcopy(v4.SCHEMA)
SCHEMA["sections"].insert(0, _ABOUT_REFERRAL)
_insert_after(SCHEMA, "order", "order_is_first", _DOL_ORDER)
_insert_after(SCHEMA, "child", "social_care_id", _IDENTIFIERS)
_insert_after(SCHEMA, "risk_profile", "risk_absconding", _MISSING_EPISODES)
_insert_after(SCHEMA, "current_placement", None, _PLACEMENT_AT_REFERRAL)
_statements = SCHEMA["declaration"]["statements"]
_statements[_statements.index(v4.UPDATES_STATEMENT)] = _UPDATES_STATEMENT

# Applied to answers given on version 4 when they move to version 5. New required questions are asked afresh;
# a v4 draft predates reviewed forms, so it cannot be one.
MIGRATION_RULES: list[dict[str, Any]] = [
    {"op": "default", "key": "is_review", "value": "no"},
]
