"""Mock referral: a 12-year-old needing Secretary of State approval, on a 72-hour emergency basis."""

import datetime

from .common import contact, no_risks, referrer, risk

VERSION_NUMBER = 4
KEY = "child-12-emergency-72-hour"
REFERENCE = "EX-SOS-0012"
TITLE = "Child aged 12 placed for 72 hours with Secretary of State approval"
SUMMARY = (
    "A 12-year-old under police protection after a serious overdose and attempts to jump from a bridge. No court "
    "order yet: a 72-hour placement, which for a child under 13 needs the Secretary of State's approval."
)
AS_OF = datetime.date(2025, 4, 4)
LOCAL_AUTHORITY = "Kent"
SIGNED_BY = "Robin Invented, Director of Children's Services"

ANSWERS = {
    **referrer(name="Chris Testcase", la_code="E10000016", domain="kent.example", officer="Robin Invented"),
    "jurisdiction": "england_s25",
    "order_status": "no_order_72_hour",
    "placement_72_hour": "yes",
    "primary_reason": "injure_self",
    "court": "Medway Family Court (application to be issued)",
    "hearing_date": "2025-04-07",
    "order_is_first": "yes",
    "legal_status": "L1",
    "parental_responsibility": "Both parents; Riley is under police protection (police protection power used "
    "on 3 April 2025).",
    "secretary_of_state_approval_reference": "DfE-SOS-2025-0412 (example)",
    "child_first_name": "Riley",
    "child_last_name": "Mockridge",
    "social_care_id": "KNT-EX-302215",
    "child_sex": "male",
    "child_gender_identity": "Non-binary; uses they/them",
    "child_date_of_birth": "2012-09-02",
    "child_height_cm": 145,
    "child_weight_kg": 36,
    "child_ethnicity": "WBRI",
    "first_language": "English",
    "interpreter_needed": "no",
    "child_protection_plan": "yes",
    "child_protection_plan_date": "2025-01-15",
    "uasc": "no",
    "key_contacts": [
        contact(
            "social_worker",
            "Chris Testcase",
            "Kent children's services (example)",
            "01632 960431",
            "chris@kent.example",
        ),
        contact("camhs_lead", "Dr Sol Fabricated", "CAMHS crisis team (example)", "01632 960432", "sol@camhs.example"),
        contact(
            "out_of_hours",
            "Out of hours team",
            "Kent children's services (example)",
            "01632 960999",
            "ooh@kent.example",
        ),
    ],
    **no_risks("self_harm", "suicide", "absconding"),
    "reasons_for_secure": "Riley took a large overdose on 1 April and, after discharge from hospital, was stopped "
    "twice by police from climbing the railings of a motorway bridge. They say they will try again. The paediatric "
    "ward could not keep them safe; a Mental Health Act assessment found no detainable mental disorder. Police "
    "protection ends on 6 April and no other placement can prevent them from harming themselves.",
    "alternatives_considered": "Paediatric ward with 2:1 security staff; crisis foster carers; a return home with "
    "the CAMHS home treatment team. The hospital discharged Riley and foster carers could not keep them safe.",
    **risk("self_harm", "current", "2025-04-03", "Cutting and ligatures since January; overdose on 1 April."),
    **risk("suicide", "current", "2025-04-03", "Two attempts to climb a bridge railing; states a wish to die."),
    **risk("absconding", "current", "2025-04-02", "Ran from the hospital ward twice."),
    "risk_direction": "self",
    "yjs_involved": "no",
    "outstanding_charges": "no",
    "bail_status": "none",
    "camhs_involvement": "current",
    "tier4_admission": "no",
    "mha_assessment": "yes",
    "mha_assessment_details": "Assessed on 2 April 2025: not detainable; CAMHS crisis team to continue involvement.",
    "diagnoses": ["autism"],
    "diagnoses_details": "Autism diagnosed in 2021; sensory sensitivity to noise and touch.",
    "medication": "yes",
    "medication_details": "Melatonin 3mg at night.",
    "allergies": "Nut allergy: carries an adrenaline auto-injector",
    "physical_health": "Liver function tests after the overdose were normal; follow-up blood test on 8 April.",
    "consent_to_treatment": "Parents, who agree to treatment; police protection does not give parental responsibility.",
    "education_provision": "Year 8 at a Kent secondary school (example), with an autism resource base.",
    "education_attendance": 61,
    "ehcp": "yes",
    "pep": "no",
    "family_composition": "Lives with both parents and an older sister; family relationships have broken down.",
    "contact_arrangements": "Daily phone calls with parents; visits agreed with the home.",
    "cultural_needs": "Vegetarian.",
    "current_placement_type": "T1",
    "current_placement_provider": "PR3",
    "current_placement_provider_name": "Example General Hospital, children's ward",
    "current_placement_registered": "yes",
    "current_placement_start_date": "2025-04-03",
    "current_placement_ending_reason": "Riley is medically fit for discharge and the ward cannot prevent them "
    "leaving or harming themselves.",
    "previous_placements": [],
    "previous_secure_placement": "no",
    "behaviour_triggers": "Loud noise, being touched without warning, changes to routine.",
    "deescalation": "A quiet room, ear defenders, a visual timetable, one adult talking at a time.",
    "restraint_12_months": "yes",
    "restraint_12_months_details": "Held by hospital security on 2 April to stop them leaving the ward.",
    "single_separation_12_months": "no",
    "secure_purpose": "Keep Riley alive for 72 hours while the local authority applies for a secure accommodation "
    "order or finds a therapeutic placement that can keep them safe.",
    "intended_duration": "up_to_72_hours",
    "placement_goals": "Stabilise sleep and routine; CAMHS crisis review within 24 hours.",
    "exit_plan": "Either a secure accommodation order on 7 April or a planned return home with intensive support.",
    "intended_placement_on_exit": "P1",
    "location_preference": "Within reach of Kent for family visits.",
    "single_sex_unit": "no",
    "accessibility_needs": "A low-stimulus bedroom; staff who know autism.",
}

DOCUMENTS = [
    ("attachment_court_order", "Police protection notice and application (example)", 2),
    ("attachment_health_assessment", "Hospital discharge summary (example)", 2),
]

# The same referral on v5 (live from 1 April 2021): the five questions v5 added (forms_engine/mocks/catalogue.py).
V5_ANSWERS = {
    "is_review": "no",
    "dol_order": "none",
    "child_nhs_number": "999 034 5678",
    "missing_episodes_3_months": 0,
    "missing_episodes_12_months": 1,
    "placement_at_referral": "hospital_ward",
}
