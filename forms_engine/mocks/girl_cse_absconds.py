"""Mock referral: a 14-year-old girl at risk of sexual exploitation who goes missing repeatedly."""

import datetime

from .common import contact, no_risks, referrer, risk

VERSION_NUMBER = 4
KEY = "girl-14-cse-absconds"
REFERENCE = "EX-CSE-0014"
TITLE = "Girl aged 14 at risk of sexual exploitation who absconds"
SUMMARY = (
    "A 14-year-old girl on a full care order, missing 19 times in three months from a children's home, found "
    "with older men in another city. Full secure accommodation order made; first order."
)
AS_OF = datetime.date(2025, 3, 10)
LOCAL_AUTHORITY = "Leeds"
SIGNED_BY = "Alex Fictitious, Head of Service, Children Looked After"

ANSWERS = {
    **referrer(name="Priya Examplewood", la_code="E08000035", domain="leeds.example", officer="Alex Fictitious"),
    "jurisdiction": "england_s25",
    "order_status": "full_order",
    "placement_72_hour": "no",
    "primary_reason": "abscond_significant_harm",
    "court": "Leeds Family Court",
    "order_start_date": "2025-03-07",
    "order_end_date": "2025-06-06",
    "order_is_first": "yes",
    "legal_status": "C2",
    "parental_responsibility": "Leeds City Council (full care order, 2022) shares parental responsibility with "
    "her mother, Dawn Exampleton.",
    "child_first_name": "Maisie",
    "child_last_name": "Exampleton",
    "child_other_names": "Mai",
    "social_care_id": "LDS-EX-004411",
    "child_sex": "female",
    "child_gender_identity": "Female",
    "child_date_of_birth": "2010-11-02",
    "child_height_cm": 158,
    "child_weight_kg": 47,
    "child_ethnicity": "MWBC",
    "religion": "None",
    "first_language": "English",
    "interpreter_needed": "no",
    "child_protection_plan": "no",
    "uasc": "no",
    "key_contacts": [
        contact(
            "social_worker",
            "Priya Examplewood",
            "Leeds children's services (example)",
            "01632 960123",
            "priya@leeds.example",
        ),
        contact("childrens_guardian", "Tom Placeholder", "Cafcass (example)", "01632 960200", "tom@cafcass.example"),
        contact("parent_carer", "Dawn Exampleton", "Mother", "07700 900111", "dawn@mail.example"),
        contact(
            "out_of_hours",
            "Emergency duty team",
            "Leeds children's services (example)",
            "01632 960999",
            "edt@leeds.example",
        ),
    ],
    **no_risks("absconding", "cse", "self_harm", "alcohol", "drugs"),
    "reasons_for_secure": "Maisie has been missing 19 times since December, for up to four days at a time. She "
    "has twice been found in another city in a flat with adult men not known to her family, with alcohol and "
    "cannabis, and has disclosed being given gifts, a phone and money. Police have issued child abduction warning "
    "notices to two men. She leaves her children's home within hours of returning, climbing out of windows when "
    "staff are present. The court found that she is likely to suffer significant harm if she absconds again.",
    "alternatives_considered": "Two children's homes with 2:1 staffing, a specialist exploitation placement 60 "
    "miles away, a return to her mother with an intensive family support plan, and a safety plan agreed with "
    "West Yorkshire Police (example). Each placement ended within weeks because she kept going missing.",
    **risk(
        "absconding",
        "current",
        "2025-03-02",
        "19 missing episodes since 1 December 2024; she leaves by "
        "windows and fire doors and is collected by cars. Return interviews show she is groomed by adults who "
        "contact her on social media.",
    ),
    **risk(
        "cse",
        "current",
        "2025-03-02",
        "NRM referral made in January 2025. Found with adult men twice; "
        "gifts, phones, alcohol and cannabis supplied. Sexual health clinic involved. CSE screening tool score: "
        "high risk.",
    ),
    **risk(
        "self_harm",
        "historic",
        "2024-08-15",
        "Superficial cutting to forearms when placements ended in 2024; none reported since October.",
    ),
    **risk("alcohol", "current", "2025-03-02", "Found intoxicated on return from missing episodes."),
    **risk("drugs", "current", "2025-03-02", "Uses cannabis when missing; no evidence of other drugs."),
    "risk_direction": "self",
    "other_risk_information": "Maisie is articulate and likeable and can appear older than 14. She minimises the "
    "risks and describes the men as her friends.",
    "yjs_involved": "no",
    "outstanding_charges": "no",
    "bail_status": "none",
    "gp_details": "Dr A Sample, Example Street Surgery, Leeds",
    "camhs_involvement": "current",
    "tier4_admission": "no",
    "mha_assessment": "no",
    "diagnoses": ["mental_health_condition"],
    "diagnoses_details": "Post-traumatic stress symptoms assessed by CAMHS in 2024; no formal diagnosis yet.",
    "medication": "no",
    "allergies": "Penicillin",
    "physical_health": "Sexual health screening completed in February 2025; follow-up due.",
    "consent_to_treatment": "Leeds City Council under the care order; Maisie is assessed as Gillick competent for "
    "sexual health treatment.",
    "sdq_score": 24,
    "education_provision": "Year 10 at a Leeds secondary academy (example); on a part-time timetable since January.",
    "education_attendance": 38,
    "exclusions": "One fixed-term exclusion (3 days) in November 2024 for leaving the site.",
    "ehcp": "no",
    "pep": "yes",
    "virtual_school_contact": "Jo Specimen, Leeds Virtual School (example)",
    "education_attainment": "Working at expected levels in English; behind in maths after missed schooling.",
    "family_composition": "Lives in care; mother and two younger half-brothers live in Leeds. Father not involved.",
    "contact_arrangements": "Supervised contact with her mother weekly; phone calls with her brothers.",
    "contact_restrictions": "No contact with the two adults named in the child abduction warning notices.",
    "cultural_needs": "Mixed White British and Black Caribbean heritage; hair and skin care products needed.",
    "current_placement_type": "K2",
    "current_placement_provider": "PR4",
    "current_placement_provider_name": "Example Lodge children's home",
    "current_placement_registered": "yes",
    "current_placement_start_date": "2025-01-20",
    "current_placement_ending_reason": "The home has given notice: it cannot stop Maisie leaving and staff "
    "cannot keep her safe from the adults exploiting her.",
    "previous_placements": [
        {
            "placement_type": "U4",
            "placement_provider": "PR1",
            "placement_provider_name": "Foster carers (example)",
            "placement_start_date": "2022-05-03",
            "placement_end_date": "2024-09-12",
            "placement_change_reason": "CREQB",
        },
        {
            "placement_type": "K2",
            "placement_provider": "PR4",
            "placement_provider_name": "Example House",
            "placement_start_date": "2024-09-12",
            "placement_end_date": "2025-01-20",
            "placement_change_reason": "CREQB",
        },
    ],
    "previous_secure_placement": "no",
    "behaviour_triggers": "Being told no about phone use; unexpected changes of staff; reminders of her mother.",
    "deescalation": "Time alone with one trusted adult, music, being listened to before being told the rules.",
    "restraint_12_months": "no",
    "single_separation_12_months": "no",
    "secure_purpose": "Keep Maisie safe from exploitation while the police investigation progresses, and give "
    "her the stability to begin trauma-focused work.",
    "intended_duration": "up_to_3_months",
    "placement_goals": "Engage with CAMHS trauma work; return to full-time education; build a safety plan she agrees.",
    "exit_plan": "Step down to a specialist therapeutic children's home out of area with a planned transition.",
    "intended_placement_on_exit": "K2",
    "location_preference": "Away from West Yorkshire, where the adults exploiting her live.",
    "single_sex_unit": "no",
    "peers_to_avoid": "Any child known to be linked to the same adults (the unit holds the details).",
    "accessibility_needs": "None",
}

DOCUMENTS = [
    ("attachment_court_order", "Secure accommodation order (example)", 2),
    ("attachment_care_plan", "Care plan (example)", 4),
    ("attachment_exploitation_screening", "CSE screening tool (example)", 3),
]

# The same referral on v5 (live from 1 April 2021): the five questions v5 added (forms_engine/mocks/catalogue.py).
V5_ANSWERS = {
    "is_review": "no",
    "dol_order": "none",
    "child_upn": "H801200001234",
    "child_nhs_number": "999 012 3454",
    "missing_episodes_3_months": 19,
    "missing_episodes_12_months": 27,
    "placement_at_referral": "childrens_home",
}
