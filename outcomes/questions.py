"""The checkpoint questions, versioned like the referral form: version 1 and the columns indicators read.

The schema has the referral form's shape (sections -> pages -> questions; forms_engine.schema validates it). Every
version must ask the CORE_KEYS, because indicators read them from columns; wording, hints and options may change.
Two extra keys: "required_if" ({"question", "equals"}) and "min_age" (ask only children of at least this age).
Placement episodes are not in the schema: they follow the SSDA903 episode layout, versioned by DfE.
"""

from typing import Any

SINCE = "Since the last checkpoint, or since the start of the follow-up for the first one."

CORE_KEYS = frozenset(
    {
        "contact_lost",
        "contact_lost_reason",
        "missing_episodes",
        "away_episodes",
        "custody",
        "custody_on",
        "returned_to_secure",
        "dol_order",
        "activity",
        "accommodation",
        "health_engagement",
    }
)


def _page(key: str, title: str, *questions: dict[str, Any]) -> dict[str, Any]:
    return {"key": key, "title": title, "pages": [{"key": key, "title": title, "questions": list(questions)}]}


QUESTION_SET_V1: dict[str, Any] = {
    "sections": [
        _page(
            "contact",
            "Contact",
            {
                "key": "contact_lost",
                "error_required": "Select yes if the young person's situation is not known or you have lost contact",
                "type": "yes_no",
                "label": "Is the young person's situation not known, or have you lost contact?",
                "hint": "Answer yes if you cannot answer the other questions. You will be asked why.",
                "required": True,
            },
            {
                "key": "contact_lost_reason",
                "error_required": "Select why the young person's situation is not known",
                "type": "radios",
                "label": "Why is it not known?",
                "required_if": {"question": "contact_lost", "equals": "yes"},
                "options": [
                    {"value": "cannot_trace", "label": "Cannot trace the young person"},
                    {"value": "refused", "label": "Young person refuses contact"},
                    {"value": "moved_away", "label": "Moved to another authority's care or abroad"},
                    {"value": "no_longer_supported", "label": "No longer receives a service"},
                    {"value": "other", "label": "Other reason"},
                ],
            },
        ),
        _page(
            "missing",
            "Missing and away from placement",
            {
                "key": "missing_episodes",
                "error_required": "Enter how many times the young person has been missing, or 0",
                "type": "number",
                "label": "How many times has the young person been missing (whereabouts not known)?",
                "hint": SINCE,
                "required": True,
                "validation": {"min": 0, "max": 365, "whole": True},
            },
            {
                "key": "away_episodes",
                "error_required": "Enter how many times the young person has been away from placement, or 0",
                "type": "number",
                "label": "How many times has the young person been away from placement without authorisation?",
                "hint": "Whereabouts known. " + SINCE,
                "required": True,
                "validation": {"min": 0, "max": 365, "whole": True},
            },
        ),
        _page(
            "custody",
            "Custody and secure care",
            {
                "key": "custody",
                "error_required": "Select yes if the young person has been remanded or sentenced to custody",
                "type": "yes_no",
                "label": "Has the young person been remanded or sentenced to custody?",
                "hint": SINCE,
                "required": True,
            },
            {
                "key": "custody_on",
                "error_required": "Enter the date the custody started",
                "type": "date",
                "label": "When did the custody start?",
                "hint": "For example, 27 3 2026",
                "required_if": {"question": "custody", "equals": "yes"},
                "validation": {"past": True},
            },
            {
                "key": "returned_to_secure",
                "error_required": "Select yes if the young person has returned to a secure children's home",
                "type": "yes_no",
                "label": "Has the young person returned to a secure children's home?",
                "hint": SINCE,
                "required": True,
            },
            {
                "key": "dol_order",
                "error_required": "Select yes if a court has made a deprivation-of-liberty order",
                "type": "yes_no",
                "label": "Has a court made a deprivation-of-liberty order for the young person?",
                "hint": "Under the High Court's inherent jurisdiction. " + SINCE,
                "required": True,
            },
        ),
        _page(
            "living",
            "Education, accommodation and health",
            {
                "key": "activity",
                "error_required": "Select the young person's education, employment or training",
                "type": "select",
                "label": "Education, employment or training now",
                "code_list": "ssda903_activ",
                "required": True,
            },
            {
                "key": "accommodation",
                "error_required": "Select the young person's accommodation",
                "type": "select",
                "label": "Accommodation now",
                "hint": "Asked for young people aged 16 or over.",
                "code_list": "ssda903_accom",
                "min_age": 16,
                "required": True,
            },
            {
                "key": "health_engagement",
                "error_required": "Select how the young person is engaging with health services",
                "type": "radios",
                "label": "How is the young person engaging with health services?",
                "hint": "For example CAMHS, substance misuse services or their GP.",
                "required": True,
                "options": [
                    {"value": "engaged", "label": "Engaged with health services"},
                    {"value": "partly", "label": "Partly engaged"},
                    {"value": "not_engaged", "label": "Not engaged"},
                    {"value": "not_known", "label": "Not known"},
                ],
            },
        ),
    ]
}
