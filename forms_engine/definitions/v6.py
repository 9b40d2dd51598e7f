"""Version 6 of the SAN referral form: v5 for the Children's Wellbeing and Schools Act 2026, in half the pages.

v5's keys keep their meaning; what changes:

1. The legal route: s25 Children Act 1989 secure accommodation, s119 Social Services and Well-being (Wales) Act
   2014, s25(1A) deprivation of liberty in relevant accommodation in England (CWS Act 2026 s13), or a deprivation of
   liberty order under the High Court's inherent jurisdiction. It replaces v4's "which law" question (jurisdiction);
   the rules of each route are in forms_engine.rules.
2. The NHS number is the child's identifier (the Act's consistent identifier), check digit validated, beside the
   authority's own ID.
3. The child comes before the legal route, and the date of birth before anything that depends on age: the Secretary
   of State's approval is asked only for a child under 13, and a parent's section 20 consent only under 16.
4. The child's wishes and feelings in their own words, their advocate and their independent reviewing officer.
5. The staffing intensity the child needs (the homes' declared staffed capacity uses the same values) and the
   expected length of stay (replacing v4's intended duration).
6. The risks are one page of checkboxes, each ticked indicator revealing its last incident and details (v4 and v5
   asked a page per risk), with a mental health indicator added.
7. Key information for the first 72 hours, a section of its own: triggers and what helps the child calm (moved from
   behaviour management), medication and allergies, who the child must not be placed with, out-of-hours contacts,
   language and faith needs.
8. The sanctioning officer's name is no longer typed: the officer is chosen from the authority's members.

Short related questions share a page, so the fullest referral takes about 30 question pages instead of 109.
"""

import copy
from typing import Any

from .v4 import DATE_HINT, RISKS, Page, Question, date, options, page, question, section, shown_if
from .v5 import SCHEMA as _V5

_V5_QUESTIONS: dict[str, Question] = {q["key"]: q for s in _V5["sections"] for p in s["pages"] for q in p["questions"]}


def _v5(key: str, **changes: Any) -> Question:
    """A v5 question, unchanged unless changes (label, hint, required, show_if, error_required ...) are given."""
    built = copy.deepcopy(_V5_QUESTIONS[key])
    built.update(changes)
    return built


def _page(key: str, title: str, *keys_or_questions: str | Question) -> Page:
    """A page of v5 questions (by key) and new ones, under a heading."""
    questions = [_v5(item) if isinstance(item, str) else item for item in keys_or_questions]
    return page(key, *questions, title=title)


LEGAL_ROUTES = options(
    (
        "s25_secure_accommodation",
        "Secure accommodation – section 25 Children Act 1989",
        "For a local authority in England.",
    ),
    (
        "s119_wales",
        "Secure accommodation – section 119 Social Services and Well-being (Wales) Act 2014",
        "For a local authority in Wales.",
    ),
    (
        "s25_1a_relevant_accommodation",
        "Deprivation of liberty in relevant accommodation in England – section 25(1A) Children Act 1989",
        "Added by section 13 of the Children's Wellbeing and Schools Act 2026. The section 25 criteria apply.",
    ),
    (
        "dol_inherent_jurisdiction",
        "Deprivation of liberty order – the High Court's inherent jurisdiction",
        "An order sought or in place when the section 25 criteria are not met or no secure bed is available.",
    ),
)
# The routes on which the court makes a secure accommodation order (section 25 or 119) with its time limits.
ORDER_ROUTES = ("s25_secure_accommodation", "s119_wales", "s25_1a_relevant_accommodation")

STAFFING_INTENSITIES = options(
    ("standard", "Standard staffing", "The home's usual staffing ratio."),
    ("1:1", "1:1 – one member of staff with the child at all times"),
    ("2:1", "2:1 – two members of staff with the child at all times"),
    ("more", "More than 2:1"),
)

LENGTHS_OF_STAY = options(
    ("under_3_months", "Less than 3 months"),
    ("3_to_6_months", "3 to 6 months"),
    ("6_to_12_months", "6 to 12 months"),
    ("over_12_months", "More than 12 months"),
)

# Indicator value, label and what it is called in a sentence: v4's risks, and mental health.
RISK_INDICATORS = (
    *((slug, title, about) for slug, title, about, _ in RISKS),
    ("mental_health", "Mental health crisis", "a mental health crisis"),
)

_ABOUT_REFERRAL = section(
    "about_referral",
    "About this referral",
    _page("review", "Reviewed referral form", "is_review", "review_of_reference", "review_changes"),
    _page(
        "referring_officer",
        "Referring officer",
        "referring_officer_name",
        _v5("referring_officer_job_title", error_name="the referring officer's job title"),
        _v5(
            "referring_local_authority",
            label="Local authority making the referral",
            error_required="Select the local authority making the referral",
        ),
        _v5("referrer_phone", error_name="the referring officer's telephone number"),
        _v5("referrer_mobile", error_name="the referring officer's mobile number"),
        _v5("referrer_email", error_name="the referring officer's email address"),
        _v5("referrer_secure_email", error_name="the referring officer's secure email address"),
    ),
    page("key_contacts", _v5("key_contacts")),
)

_UNDER_13 = {"question": "child_date_of_birth", "age_under": 13}
_UNDER_16 = {"question": "child_date_of_birth", "age_under": 16}

_CHILD = section(
    "child",
    "About the child",
    _page(
        "child_identity",
        "Child's name and identifiers",
        _v5("child_first_name", error_name="the child's first name"),
        _v5("child_last_name", error_name="the child's last name"),
        "child_other_names",
        _v5(
            "child_nhs_number",
            hint="10 digits, for example 943 476 5919. It is on the child's health records and GP letters.",
            required=True,
            validation={"nhs_number": True},
            error_name="the child's NHS number",
        ),
        _v5("social_care_id", label="Local authority's ID for the child", error_name="the child's local authority ID"),
        "child_upn",
    ),
    _page(
        "child_details",
        "Date of birth, sex and ethnicity",
        _v5("child_date_of_birth", label="Date of birth", error_name="the child's date of birth"),
        _v5("child_sex", label="Sex", error_required="Select the child's sex"),
        "child_gender_identity",
        _v5("child_ethnicity", label="Ethnic group", error_required="Select the child's ethnic group"),
        "religion",
    ),
    page(
        "secretary_of_state_approval",
        _v5(
            "secretary_of_state_approval_reference",
            hint="A child under 13 cannot be placed in secure accommodation without the approval of the Secretary "
            "of State for Education (in Wales, the Welsh Ministers).",
            required=True,
            show_if=_UNDER_13,
            error_required="Enter the Secretary of State's approval reference",
        ),
    ),
    _page(
        "child_needs",
        "Language, health and protection",
        "first_language",
        "interpreter_needed",
        _v5("child_height_cm", error_name="the child's height"),
        _v5("child_weight_kg", error_name="the child's weight"),
        "uasc",
        "child_protection_plan",
        "child_protection_plan_date",
    ),
    _page(
        "child_views",
        "The child's views",
        question(
            "child_wishes_feelings",
            "long_text",
            "What does the child say about what is happening and what they want?",
            "Write it in the child's own words, as they said it. Say how and when you asked, and who was there.",
            error_required="Enter the child's wishes and feelings in their own words",
        ),
        question(
            "child_advocate_name",
            "text",
            "Child's advocate",
            "Their name and organisation. Leave this blank if the child does not have an advocate.",
            required=False,
        ),
        question(
            "iro_name",
            "text",
            "Independent reviewing officer (IRO)",
            "Their full name.",
            error_required="Enter the independent reviewing officer's name",
        ),
    ),
)

_ORDER = section(
    "order",
    "Legal route and orders",
    _page(
        "legal_route",
        "Legal route",
        question(
            "legal_route",
            "radios",
            "Which legal route is this referral made under?",
            "Choose the route the court is asked to authorise, or has authorised.",
            options=LEGAL_ROUTES,
            error_required="Select the legal route",
        ),
        "primary_reason",
    ),
    _page(
        "court_orders",
        "Court and orders",
        "court",
        _v5("order_status", show_if=shown_if("legal_route", *ORDER_ROUTES)),
        "hearing_date",
        "order_start_date",
        "order_end_date",
        _v5("placement_72_hour", show_if=shown_if("legal_route", *ORDER_ROUTES)),
        _v5("order_is_first", show_if=shown_if("legal_route", *ORDER_ROUTES)),
        _v5(
            "dol_order",
            hint="Answer for every legal route: an order under the inherent jurisdiction can be in place while a "
            "secure accommodation order is sought.",
        ),
        "dol_order_end_date",
    ),
    _page("legal_status", "Legal status and parental responsibility", "legal_status", "parental_responsibility"),
    page(
        "parental_consent_s20",
        _v5("parental_consent_s20", show_if={"all": [shown_if("legal_status", "V2"), _UNDER_16]}),
    ),
)


def _risk_follow_ups(slug: str, about: str) -> list[Question]:
    when_ticked = shown_if("risk_indicators", slug)
    return [
        date(
            f"risk_{slug}_last_incident",
            f"When was the most recent incident or concern about {about}?",
            f"If you do not know the exact date, give your best estimate. {DATE_HINT}",
            show_if=when_ticked,
        ),
        question(
            f"risk_{slug}_details",
            "long_text",
            f"Describe the risk of {about}",
            "Say whether it is current or in the past. Include what happens, how often, how serious it is and what "
            "makes it more or less likely.",
            show_if=when_ticked,
            error_required=f"Describe the risk of {about}",
        ),
    ]


_RISK_PROFILE = section(
    "risk_profile",
    "Risks, behaviour and offending",
    _page("reasons_for_secure", "Why a secure placement", "reasons_for_secure", "alternatives_considered"),
    page(
        "risk_indicators",
        question(
            "risk_indicators",
            "checkboxes",
            "Which of these risks are there for the child, now or in the past?",
            "Select all that apply. For each one, give the most recent incident and describe the risk.",
            required=False,
            options=options(*((slug, title) for slug, title, _ in RISK_INDICATORS)),
        ),
        *(follow_up for slug, _, about in RISK_INDICATORS for follow_up in _risk_follow_ups(slug, about)),
        title="Risk indicators",
    ),
    _page(
        "risk_more",
        "Missing episodes and direction of risk",
        "missing_episodes_3_months",
        "missing_episodes_12_months",
        "risk_direction",
        "other_risk_information",
    ),
    _page(
        "restraint_separation",
        "Restraint and single separation",
        "restraint_12_months",
        "restraint_12_months_details",
        "single_separation_12_months",
        "single_separation_12_months_details",
    ),
    _page(
        "offending",
        "Offending, bail and remand",
        "yjs_involved",
        "offending_history",
        "outstanding_charges",
        "outstanding_charges_details",
        "next_court_date",
        "bail_status",
        "bail_conditions",
    ),
)

_HEALTH_EDUCATION = section(
    "health",
    "Health and education",
    _page(
        "health_services",
        "Health services",
        "gp_details",
        "camhs_involvement",
        "tier4_admission",
        "mha_assessment",
        "mha_assessment_details",
        "sdq_score",
    ),
    _page(
        "health_needs",
        "Diagnoses, medication and consent",
        "diagnoses",
        "diagnoses_details",
        "medication",
        "medication_details",
        "physical_health",
        "consent_to_treatment",
    ),
    _page(
        "education",
        "Education",
        "education_provision",
        "education_attendance",
        "exclusions",
        "ehcp",
        "pep",
        "virtual_school_contact",
        "education_attainment",
    ),
)

_FAMILY_PLACEMENTS = section(
    "family_placements",
    "Family and placements",
    _page("family", "Family and contact", "family_composition", "contact_arrangements", "contact_restrictions"),
    _page(
        "current_placement",
        "Current placement",
        "placement_at_referral",
        "current_placement_type",
        "current_placement_provider",
        "current_placement_provider_name",
        "current_placement_registered",
    ),
    _page(
        "current_placement_ending",
        "Why the placement is ending",
        "current_placement_start_date",
        "current_placement_ending_reason",
        "previous_secure_placement",
        "previous_secure_placement_details",
    ),
    page("previous_placements", _v5("previous_placements")),
)

_FIRST_72_HOURS = section(
    "first_72_hours",
    "Key information for the first 72 hours",
    page(
        "key_behaviour",
        question(
            "key_triggers",
            "long_text",
            "What are the child's known triggers?",
            "Situations that have led to incidents, for example being refused something or a visit being cancelled.",
            error_required="Enter the child's known triggers",
        ),
        question(
            "key_calming",
            "long_text",
            "What helps the child to calm down?",
            "Approaches that have worked, and any that have made things worse.",
            error_required="Enter what helps the child to calm down",
        ),
        question(
            "key_not_placed_with",
            "long_text",
            "Who must the child not be placed with?",
            "For example, co-defendants, people who exploit them or young people from rival groups. Leave this "
            "blank if there is no one.",
            required=False,
        ),
        title="Behaviour and who to keep apart",
    ),
    page(
        "key_care",
        question(
            "key_medication_allergies",
            "long_text",
            "Medication and allergies",
            "Medicines due in the first 72 hours, with doses and times, and any food or medicine allergies. Write "
            "'None' if there are none.",
            error_required="Enter the child's medication and allergies, or write 'None'",
        ),
        question(
            "key_out_of_hours_contacts",
            "long_text",
            "Out-of-hours contacts",
            "Who the home can call at night and at weekends: the emergency duty team, with phone numbers.",
            error_required="Enter the out-of-hours contacts",
        ),
        question(
            "key_language_faith",
            "long_text",
            "Language, faith, cultural and dietary needs",
            "For example, prayer times, a halal diet or hair care. Leave this blank if there are none.",
            required=False,
        ),
        title="Care and contacts",
    ),
)

_PLAN = section(
    "plan",
    "Plan and matching",
    _page(
        "plan_purpose",
        "Purpose and length of the placement",
        "secure_purpose",
        "placement_goals",
        question(
            "expected_length_of_stay",
            "radios",
            "How long do you expect the child to stay?",
            options=LENGTHS_OF_STAY,
            error_required="Select how long you expect the child to stay",
        ),
        "exit_plan",
        "intended_placement_on_exit",
    ),
    _page(
        "matching",
        "What the home needs to provide",
        question(
            "staffing_intensity",
            "radios",
            "What staffing does the child need?",
            "Homes declare how many beds they can staff at each level.",
            options=STAFFING_INTENSITIES,
            error_required="Select the staffing the child needs",
        ),
        "single_sex_unit",
        "location_preference",
        "accessibility_needs",
    ),
)

_ATTACHMENTS = copy.deepcopy(next(s for s in _V5["sections"] if s["key"] == "attachments"))

SCHEMA: dict[str, Any] = {
    "sections": [
        _ABOUT_REFERRAL,
        _CHILD,
        _ORDER,
        _RISK_PROFILE,
        _HEALTH_EDUCATION,
        _FAMILY_PLACEMENTS,
        _FIRST_72_HOURS,
        _PLAN,
        _ATTACHMENTS,
    ],
    "declaration": copy.deepcopy(_V5["declaration"]),
}
_statements = SCHEMA["declaration"]["statements"]
_statements[0] = (
    "The child meets the criteria of the legal route in this referral (section 25 of the Children Act 1989, "
    "including section 25(1A), section 119 of the Social Services and Well-being (Wales) Act 2014, or the High "
    "Court's inherent jurisdiction), and the details of the order or application are accurate."
)

# v4 and v5 risk levels that mean the indicator applies ("none" means it does not).
_PRESENT = ["current", "historic"]

# Applied to answers given on version 5 when they move to version 6 (forms_engine.services.migration).
MIGRATION_RULES: list[dict[str, Any]] = [
    # "Either – apply in the alternative" has no route of its own: it is asked again.
    {"op": "rename", "from": "jurisdiction", "to": "legal_route"},
    {
        "op": "map_options",
        "key": "legal_route",
        "mapping": {"england_s25": "s25_secure_accommodation", "wales_s119": "s119_wales"},
    },
    # Each risk answered current or historic becomes a ticked indicator; its last incident and details stay.
    *(
        {"op": "collect", "from": f"risk_{slug}", "when": _PRESENT, "to": "risk_indicators", "value": slug}
        for slug, _, _, _ in RISKS
    ),
    *({"op": "drop", "key": f"risk_{slug}"} for slug, _, _, _ in RISKS),
    # Up to 72 hours and up to 3 months are both under 3 months; "more than 6 months" is asked again.
    {"op": "rename", "from": "intended_duration", "to": "expected_length_of_stay"},
    {
        "op": "map_options",
        "key": "expected_length_of_stay",
        "mapping": {
            "up_to_72_hours": "under_3_months",
            "up_to_3_months": "under_3_months",
            "3_to_6_months": "3_to_6_months",
        },
    },
    # Behaviour management and matching answers move to the first-72-hours sheet.
    {"op": "rename", "from": "behaviour_triggers", "to": "key_triggers"},
    {"op": "rename", "from": "deescalation", "to": "key_calming"},
    {"op": "rename", "from": "peers_to_avoid", "to": "key_not_placed_with"},
    {"op": "rename", "from": "allergies", "to": "key_medication_allergies"},
    {"op": "rename", "from": "cultural_needs", "to": "key_language_faith"},
    # The officer is chosen from the authority's members when the referral is sent.
    {"op": "drop", "key": "sanctioning_officer_name"},
    {"op": "drop", "key": "sanctioning_officer_role"},
]

__all__ = ["MIGRATION_RULES", "SCHEMA"]
