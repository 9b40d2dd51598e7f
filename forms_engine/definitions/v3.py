"""SAN referral form version 3: the Word form in use from May 2016 until 31 March 2019.

Reconstructed from the public copy of "Referral for a section 25 Children Act 1989 secure children's home placement":
header, young person's core information and key contacts are as sourced; the short
reasons-and-risk section and the attachments stand in for the pages that were not retrievable. The form was for
England only (section 25), still asked for fax numbers, and recorded gender with an "other" option.
"""

from typing import Any

DATE_HINT = "For example, 27 3 2016"

_CONTACT_ROLES = [
    {"value": "social_worker", "label": "Social worker"},
    {"value": "sanctioning_officer", "label": "Sanctioning officer"},
    {"value": "childrens_guardian", "label": "Children's guardian"},
    {"value": "solicitor", "label": "Solicitor"},
    {"value": "other", "label": "Other"},
]

_REFERRING_OFFICER = {
    "key": "referring_officer",
    "title": "Referring officer",
    "pages": [
        {
            "key": "referring_officer_name",
            "questions": [
                {
                    "key": "referring_officer_name",
                    "type": "text",
                    "label": "Referring officer's full name",
                    "hint": "The person the National Secure Welfare Commissioning Unit should contact about this "
                    "referral.",
                    "required": True,
                },
            ],
        },
        {
            "key": "referring_officer_phone",
            "title": "Referring officer's phone and fax numbers",
            "questions": [
                {"key": "referrer_phone", "type": "phone", "label": "Telephone number", "required": True},
                {"key": "referrer_mobile", "type": "phone", "label": "Mobile number", "required": False},
                {"key": "fax_number", "type": "phone", "label": "Fax number", "required": False},
            ],
        },
        {
            "key": "referring_officer_email",
            "title": "Referring officer's email addresses",
            "questions": [
                {"key": "referrer_email", "type": "email", "label": "Email address", "required": True},
                {
                    "key": "referrer_secure_email",
                    "type": "email",
                    "label": "Secure email address",
                    "hint": "We will send confidential information to this address, for example a GCSX or CJSM "
                    "account.",
                    "required": True,
                },
            ],
        },
        {
            "key": "referring_local_authority",
            "questions": [
                {
                    "key": "referring_local_authority",
                    "type": "select",
                    "label": "Which local authority is making this referral?",
                    "required": True,
                    "code_list": "local_authorities",
                },
            ],
        },
    ],
}

_ORDER = {
    "key": "order",
    "title": "Secure accommodation order",
    "pages": [
        {
            "key": "court",
            "questions": [
                {
                    "key": "court",
                    "type": "text",
                    "label": "Which court is dealing with the application?",
                    "hint": "For example, the Family Court sitting at Leeds.",
                    "required": True,
                },
            ],
        },
        {
            "key": "primary_reason",
            "questions": [
                {
                    "key": "primary_reason",
                    "type": "radios",
                    "label": "What is the primary reason for the order?",
                    "required": True,
                    "options": [
                        {"value": "absconding", "label": "Absconding"},
                        {"value": "self_harm", "label": "Self-harm"},
                        {"value": "harm_to_others", "label": "Harm to others"},
                    ],
                },
            ],
        },
        {
            "key": "order_dates",
            "title": "Dates of the order",
            "questions": [
                {
                    "key": "order_start_date",
                    "type": "date",
                    "label": "Start date",
                    "hint": DATE_HINT,
                    "required": True,
                },
                {
                    "key": "expected_end_date",
                    "type": "date",
                    "label": "Expected end date",
                    "hint": DATE_HINT,
                    "required": True,
                },
            ],
        },
        {
            "key": "extension",
            "questions": [
                {
                    "key": "extension",
                    "type": "radios",
                    "label": "Is this an extension of the current order?",
                    "required": True,
                    "options": [
                        {"value": "new_order", "label": "No – this is a new order"},
                        {"value": "extension", "label": "Yes – this extends the current order"},
                    ],
                },
            ],
        },
    ],
}

_YOUNG_PERSON = {
    "key": "young_person",
    "title": "Young person – core information",
    "pages": [
        {
            "key": "child_name",
            "title": "Young person's name",
            "questions": [
                {"key": "child_first_name", "type": "text", "label": "Forename", "required": True},
                {"key": "child_last_name", "type": "text", "label": "Surname", "required": True},
            ],
        },
        {
            "key": "social_care_id",
            "questions": [
                {
                    "key": "social_care_id",
                    "type": "text",
                    "label": "Social care system ID",
                    "hint": "The young person's ID in your local authority's case recording system.",
                    "required": True,
                },
            ],
        },
        {
            "key": "gender",
            "questions": [
                {
                    "key": "gender",
                    "type": "radios",
                    "label": "What is the young person's gender?",
                    "required": True,
                    "options": [
                        {"value": "female", "label": "Female"},
                        {"value": "male", "label": "Male"},
                        {"value": "other", "label": "Other"},
                    ],
                },
            ],
        },
        {
            "key": "child_date_of_birth",
            "questions": [
                {
                    "key": "child_date_of_birth",
                    "type": "date",
                    "label": "What is the young person's date of birth?",
                    "hint": "For example, 27 3 2010",
                    "required": True,
                    "validation": {"past": True},
                },
            ],
        },
        {
            "key": "child_height_weight",
            "title": "Height and weight",
            "questions": [
                {
                    "key": "child_height_cm",
                    "type": "number",
                    "label": "Height in centimetres",
                    "required": False,
                    "validation": {"min": 50, "max": 250},
                },
                {
                    "key": "child_weight_kg",
                    "type": "number",
                    "label": "Weight in kilograms",
                    "required": False,
                    "validation": {"min": 10, "max": 250},
                },
            ],
        },
        {
            "key": "child_ethnicity",
            "questions": [
                {
                    "key": "child_ethnicity",
                    "type": "select",
                    "label": "What is the young person's ethnic group?",
                    "required": True,
                    "code_list": "ethnicity",
                },
            ],
        },
        {
            "key": "religion",
            "questions": [
                {
                    "key": "religion",
                    "type": "text",
                    "label": "What is the young person's religion, if any?",
                    "required": False,
                },
            ],
        },
        {
            "key": "first_language",
            "questions": [
                {
                    "key": "first_language",
                    "type": "text",
                    "label": "What is the young person's first language?",
                    "required": True,
                },
            ],
        },
        {
            "key": "child_protection",
            "title": "Child protection",
            "questions": [
                {
                    "key": "child_protection_plan",
                    "type": "yes_no",
                    "label": "Is the young person subject to a child protection plan?",
                    "required": True,
                },
                {
                    "key": "child_protection_plan_date",
                    "type": "date",
                    "label": "When did the child protection plan start?",
                    "hint": DATE_HINT,
                    "required": True,
                    "show_if": {"question": "child_protection_plan", "equals": "yes"},
                    "validation": {"past": True},
                },
            ],
        },
        {
            "key": "legal_status",
            "questions": [
                {
                    "key": "legal_status",
                    "type": "select",
                    "label": "What is the young person's legal status?",
                    "hint": "As recorded for the children looked after return (SSDA903).",
                    "required": True,
                    "code_list": "ssda903_legal_status",
                },
            ],
        },
        {
            "key": "placement_72_hour",
            "questions": [
                {
                    "key": "placement_72_hour",
                    "type": "yes_no",
                    "label": "Are you requesting a 72-hour placement?",
                    "hint": "A young person can be kept in secure accommodation without a court order for up to 72 "
                    "hours in any 28 days.",
                    "required": True,
                },
            ],
        },
        {
            "key": "secretary_of_state_approval",
            "questions": [
                {
                    "key": "secretary_of_state_approval_reference",
                    "type": "text",
                    "label": "Secretary of State approval reference",
                    "hint": "Required for children under 13. A child under 13 cannot be placed in secure "
                    "accommodation without the approval of the Secretary of State for Education.",
                    "required": False,
                },
            ],
        },
    ],
}

_KEY_CONTACTS = {
    "key": "key_contacts",
    "title": "Key contacts",
    "pages": [
        {
            "key": "key_contacts",
            "questions": [
                {
                    "key": "key_contacts",
                    "type": "repeating_group",
                    "label": "Key contacts",
                    "hint": "Include at least the social worker and the sanctioning officer, and the children's "
                    "guardian and solicitor if there are any.",
                    "required": True,
                    "min_items": 2,
                    "max_items": 12,
                    "item_label": "Contact",
                    "fields": [
                        {
                            "key": "contact_role",
                            "type": "radios",
                            "label": "Role",
                            "required": True,
                            "options": _CONTACT_ROLES,
                        },
                        {"key": "contact_name", "type": "text", "label": "Name", "required": True},
                        {"key": "contact_phone", "type": "phone", "label": "Telephone number", "required": True},
                        {"key": "contact_mobile", "type": "phone", "label": "Mobile number", "required": False},
                        {"key": "contact_fax", "type": "phone", "label": "Fax number", "required": False},
                        {"key": "contact_email", "type": "email", "label": "Email address", "required": True},
                    ],
                },
            ],
        },
    ],
}

_REASONS_AND_RISKS = {
    "key": "reasons_and_risks",
    "title": "Reasons for secure accommodation",
    "pages": [
        {
            "key": "reasons_for_secure",
            "questions": [
                {
                    "key": "reasons_for_secure",
                    "type": "long_text",
                    "label": "Why does the young person need a secure placement?",
                    "hint": "Explain how the young person meets the criteria in section 25 and what has happened "
                    "recently.",
                    "required": True,
                },
            ],
        },
        {
            "key": "current_risks",
            "questions": [
                {
                    "key": "current_risks",
                    "type": "checkboxes",
                    "label": "Which of these risks apply to the young person now?",
                    "hint": "Select all that apply.",
                    "required": True,
                    "options": [
                        {"value": "absconding", "label": "Absconding or going missing"},
                        {"value": "sexual_exploitation", "label": "Sexual exploitation"},
                        {"value": "self_harm", "label": "Self-harm or suicide attempts"},
                        {"value": "violence", "label": "Violence or aggression"},
                        {"value": "substance_misuse", "label": "Alcohol or drug misuse"},
                        {"value": "offending", "label": "Offending"},
                        {"value": "other", "label": "Other"},
                    ],
                },
            ],
        },
        {
            "key": "risk_details",
            "questions": [
                {
                    "key": "risk_details",
                    "type": "long_text",
                    "label": "Describe the risks",
                    "hint": "Include how often incidents happen, how serious they are and the most recent incident.",
                    "required": True,
                },
            ],
        },
    ],
}


def _attachment(key: str, document_type: str, document_label: str, label: str, **extra: Any) -> dict[str, Any]:
    question = {"key": key, "type": "attachment", "label": label, **extra}
    question.setdefault("required", False)
    return {
        "key": key,
        "questions": [{**question, "document_type": document_type, "document_label": document_label}],
    }


_ATTACHMENTS = {
    "key": "attachments",
    "title": "Documents",
    "pages": [
        _attachment(
            "attachment_court_order",
            "court_order",
            "Court order or application",
            "Upload the court order or application",
            hint="If the court has not made an order yet, upload the application.",
            required=True,
        ),
        _attachment("attachment_care_plan", "care_plan", "Care plan", "Upload the care plan"),
        _attachment("attachment_chronology", "chronology", "Chronology", "Upload the chronology"),
        _attachment("attachment_risk_assessment", "risk_assessment", "Risk assessment", "Upload the risk assessment"),
    ],
}

SCHEMA: dict[str, Any] = {
    "sections": [_REFERRING_OFFICER, _ORDER, _YOUNG_PERSON, _KEY_CONTACTS, _REASONS_AND_RISKS, _ATTACHMENTS],
    "declaration": {
        "heading": "Statement of responsibility",
        "statements": [
            "The young person meets the criteria for secure accommodation in section 25 of the Children Act 1989, "
            "and the details of the order or application are accurate.",
            "The information in this referral is complete and up to date.",
            "The local authority keeps case responsibility for the young person and will pay for the placement.",
            "The local authority will tell the home straight away about any new information about risk.",
        ],
    },
}
