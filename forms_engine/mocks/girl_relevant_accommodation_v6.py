"""Mock referral on v6: a 14-year-old girl, deprived of liberty in an unregistered flat, referred under s25(1A).

The fullest v6 referral: every question v6 asks of a 14-year-old on this route is answered, every risk indicator
is ticked with its details, and a document is attached to every upload page.
"""

import datetime
from typing import Any

from .common import contact, referrer

VERSION_NUMBER = 6
KEY = "girl-14-relevant-accommodation-v6"
REFERENCE = "EX-DOL-0614"
TITLE = "Girl aged 14 deprived of liberty in an unregistered setting (v6, section 25(1A))"
SUMMARY = (
    "A 14-year-old girl on a full care order, deprived of her liberty under a High Court order in an unregistered "
    "flat with 2:1 staffing after repeated exploitation and self-harm. An interim order under section 25(1A) for "
    "relevant accommodation in England has been made."
)
AS_OF = datetime.date(2026, 11, 20)
LOCAL_AUTHORITY = "Leeds"
SIGNED_BY = "Alex Fictitious, Head of Service, Children Looked After"

# v6 chooses the sanctioning officer from the authority's members instead of asking for the name.
_REFERRER = {
    key: value
    for key, value in referrer(
        name="Priya Examplewood", la_code="E08000035", domain="leeds.example", officer="Alex Fictitious"
    ).items()
    if not key.startswith("sanctioning_officer")
}

# (indicator, most recent incident, details): every v6 indicator, v4's risks and mental health.
_RISKS: tuple[tuple[str, str, str], ...] = (
    ("absconding", "2026-11-02", "Current. Missing 14 times from her last children's home, up to four days."),
    ("cse", "2026-11-02", "Current. Found twice with adult men in another city; gifts, phones and alcohol given."),
    ("cce", "2026-10-12", "Current. Asked to carry parcels between flats by the same adults."),
    ("gangs", "2026-09-30", "Current. Adults linked to a local group exploit her; no membership of her own."),
    ("trafficking", "2026-11-02", "Current. Moved between cities by adults; NRM referral, positive decision."),
    ("self_harm", "2026-11-15", "Current. Cuts her arms when distressed, most recently needing stitches."),
    ("suicide", "2026-10-28", "Current. Spoke of ending her life after a missing episode; on a safety plan."),
    ("violence", "2026-11-10", "Current. Hits out at staff when stopped from leaving; no weapons used."),
    ("sexually_harmful_behaviour", "2025-06-01", "In the past. One concern at school in 2025; no further concerns."),
    ("fire_setting", "2025-02-14", "In the past. Set fire to paper in a bin at a previous home."),
    ("weapons", "2026-08-20", "In the past. Carried a kitchen knife once, saying she needed it for protection."),
    ("alcohol", "2026-11-02", "Current. Given vodka by adults when missing."),
    ("drugs", "2026-11-02", "Current. Cannabis and, once, ketamine when missing."),
    ("property_damage", "2026-11-10", "Current. Broke a window to get out of the flat."),
    ("mental_health", "2026-10-28", "Current. Assessed under the Mental Health Act in October; not detained."),
)


def _risk_answers() -> dict[str, Any]:
    answers: dict[str, Any] = {"risk_indicators": [slug for slug, _, _ in _RISKS]}
    for slug, last, details in _RISKS:
        answers[f"risk_{slug}_last_incident"], answers[f"risk_{slug}_details"] = last, details
    return answers


ANSWERS = {
    "is_review": "yes",
    "review_of_reference": "EX-DOL-0598",
    "review_changes": "The High Court made a deprivation of liberty order in October; an interim order under "
    "section 25(1A) was made on 13 November. Self-harm has increased.",
    **_REFERRER,
    "key_contacts": [
        contact(
            "social_worker", "Priya Examplewood", "Leeds City Council (example)", "01632 960411", "priya@leeds.example"
        ),
        contact("iro", "Morgan Placeholder", "Leeds IRO service (example)", "01632 960412", "morgan@leeds.example"),
        contact(
            "out_of_hours", "Emergency duty team", "Leeds City Council (example)", "01632 960499", "edt@leeds.example"
        ),
    ],
    "child_first_name": "Ellie",
    "child_last_name": "Sampleford",
    "child_other_names": "El",
    "child_nhs_number": "943 476 5919",
    "social_care_id": "LDS-EX-061414",
    "child_upn": "Z820000012345",
    "child_date_of_birth": "2012-03-09",
    "child_sex": "female",
    "child_gender_identity": "Female",
    "child_ethnicity": "WBRI",
    "religion": "None",
    "first_language": "English",
    "interpreter_needed": "no",
    "child_height_cm": 160,
    "child_weight_kg": 49,
    "uasc": "no",
    "child_protection_plan": "yes",
    "child_protection_plan_date": "2023-05-02",
    "child_wishes_feelings": '"I hate the flat. There are always two of them watching me, even in the kitchen. I '
    'want to go to school and see my nan. I know the men are bad but they are the only ones who listen." (Ellie '
    "to her social worker on 18 November 2026, at the flat, with her advocate.)",
    "child_advocate_name": "Sam Notional, Children's advocacy service (example)",
    "iro_name": "Morgan Placeholder",
    "legal_route": "s25_1a_relevant_accommodation",
    "primary_reason": "abscond_significant_harm",
    "court": "Leeds Family Court",
    "order_status": "interim_order",
    "order_start_date": "2026-11-13",
    "order_end_date": "2027-02-12",
    "placement_72_hour": "no",
    "order_is_first": "yes",
    "dol_order": "order_made",
    "dol_order_end_date": "2027-01-31",
    "legal_status": "C2",
    "parental_responsibility": "Leeds City Council (full care order, 2023) shares parental responsibility with her "
    "mother, Jo Sampleford.",
    "reasons_for_secure": "Ellie has been sexually exploited by adults who move her between cities. Since the High "
    "Court authorised her deprivation of liberty she has been kept in an unregistered flat with 2:1 staffing; she "
    "has climbed out of a window, been found with the same adults and cut herself badly. She needs registered "
    "relevant accommodation that can keep her safe.",
    "alternatives_considered": "Two children's homes with extra staff, a specialist exploitation service, a "
    "placement out of area and the current unregistered flat under the order. None kept her safe.",
    **_risk_answers(),
    "missing_episodes_3_months": 9,
    "missing_episodes_12_months": 14,
    "risk_direction": "self",
    "other_risk_information": "Ellie is frightened of the adults and may not say when they contact her.",
    "restraint_12_months": "yes",
    "restraint_12_months_details": "Held 5 times since September to stop her leaving or hurting herself.",
    "single_separation_12_months": "yes",
    "single_separation_12_months_details": "Kept apart twice for under an hour after incidents at her last home.",
    "yjs_involved": "no",
    "offending_history": "None.",
    "outstanding_charges": "yes",
    "outstanding_charges_details": "Criminal damage to a window at the flat; the police are reviewing it.",
    "next_court_date": "2027-01-12",
    "bail_status": "conditional_bail",
    "bail_conditions": "Reside as directed by the local authority.",
    "gp_details": "Dr C Example, Sample Lane Surgery, Leeds",
    "camhs_involvement": "current",
    "tier4_admission": "no",
    "mha_assessment": "yes",
    "mha_assessment_details": "Assessed on 28 October 2026 after a missing episode; not detained.",
    "sdq_score": 31,
    "diagnoses": ["mental_health_condition", "speech_language"],
    "diagnoses_details": "Post-traumatic stress (CAMHS, 2026); language needs assessed by a speech therapist.",
    "medication": "yes",
    "medication_details": "Sertraline 50mg each morning, prescribed by CAMHS.",
    "physical_health": "Sexual health screening due; asthma, mild.",
    "consent_to_treatment": "Ellie is considered able to consent to most treatment; otherwise the local authority.",
    "education_provision": "On roll at a secondary school (example); 6 hours a week of tuition at the flat.",
    "education_attendance": 18,
    "exclusions": "None",
    "ehcp": "assessment",
    "pep": "yes",
    "virtual_school_contact": "Robin Invented, Leeds Virtual School (example)",
    "education_attainment": "Reads well below her age; enjoys art and science.",
    "family_composition": "Mother and two younger brothers; her nan, whom she is close to, lives nearby.",
    "contact_arrangements": "Supervised contact with her nan weekly and her mother fortnightly.",
    "contact_restrictions": "No contact with the adults named by the police.",
    "placement_at_referral": "unregistered",
    "current_placement_type": "Z1",
    "current_placement_provider": "PR4",
    "current_placement_provider_name": "Example Support Ltd (unregistered flat)",
    "current_placement_registered": "no",
    "current_placement_start_date": "2026-10-16",
    "current_placement_ending_reason": "The flat is unregistered and cannot keep her safe; the court expects a "
    "registered placement and Ofsted has been told.",
    "previous_secure_placement": "yes",
    "previous_secure_placement_details": "Secure children's home (example), March to May 2025, section 25 order.",
    "previous_placements": [
        {
            "placement_type": "K2",
            "placement_provider": "PR4",
            "placement_provider_name": "Example Grove children's home",
            "placement_start_date": "2025-05-20",
            "placement_end_date": "2026-10-16",
            "placement_change_reason": "CREQB",
        },
    ],
    "key_triggers": "Being watched closely; phone calls from unknown numbers; being told no without a reason.",
    "key_calming": "One trusted female adult, drawing, a walk in the garden, talking about her nan.",
    "key_not_placed_with": "Any child known to be linked to the same adults (the unit holds the details).",
    "key_medication_allergies": "Sertraline 50mg at 8am; salbutamol inhaler as needed. Allergic to penicillin.",
    "key_out_of_hours_contacts": "Leeds emergency duty team 01632 960499 (example); the on-call manager via EDT.",
    "key_language_faith": "English; no faith needs. Vegetarian.",
    "secure_purpose": "Keep Ellie safe from exploitation in registered accommodation while trauma work begins.",
    "placement_goals": "CAMHS trauma work; education every day; a safety plan she agrees.",
    "expected_length_of_stay": "3_to_6_months",
    "exit_plan": "A specialist therapeutic children's home out of area, with a planned transition.",
    "intended_placement_on_exit": "K2",
    "staffing_intensity": "2:1",
    "single_sex_unit": "yes",
    "location_preference": "Away from West Yorkshire, where the adults live.",
    "accessibility_needs": "None",
}

DOCUMENTS = [
    ("attachment_court_order", "Interim order under section 25(1A) (example)", 2),
    ("attachment_care_plan", "Care plan (example)", 4),
    ("attachment_chronology", "Chronology (example)", 3),
    ("attachment_risk_assessment", "Risk assessment (example)", 3),
    ("attachment_exploitation_screening", "CSE screening tool (example)", 2),
    ("attachment_health_assessment", "Health assessment (example)", 2),
    ("attachment_ehcp_pep", "Personal education plan (example)", 2),
    ("attachment_yot_assessment", "Police and youth justice summary (example)", 1),
]
