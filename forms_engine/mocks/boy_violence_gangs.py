"""Mock referral: a 15-year-old boy with violence towards others and gang association."""

import datetime

from .common import contact, no_risks, referrer, risk

VERSION_NUMBER = 4
KEY = "boy-15-violence-gangs"
REFERENCE = "EX-GNG-0015"
TITLE = "Boy aged 15 with violence and gang association"
SUMMARY = (
    "A 15-year-old boy on an interim care order, carrying knives and drawn into county lines by a local gang; "
    "assaults on staff in two children's homes. Interim secure accommodation order; outstanding charges."
)
AS_OF = datetime.date(2025, 2, 17)
LOCAL_AUTHORITY = "Birmingham"
SIGNED_BY = "Sam Imaginary, Assistant Director, Children's Social Care"

ANSWERS = {
    **referrer(name="Daniel Sampleton", la_code="E08000025", domain="birmingham.example", officer="Sam Imaginary"),
    "jurisdiction": "england_s25",
    "order_status": "interim_order",
    "placement_72_hour": "no",
    "primary_reason": "injure_others",
    "court": "Birmingham Family Court",
    "order_start_date": "2025-02-14",
    "order_end_date": "2025-05-13",
    "order_is_first": "yes",
    "legal_status": "C1",
    "parental_responsibility": "Birmingham City Council (interim care order) and both parents.",
    "child_first_name": "Jordan",
    "child_last_name": "Specimen",
    "social_care_id": "BHM-EX-778812",
    "child_sex": "male",
    "child_date_of_birth": "2009-07-21",
    "child_height_cm": 176,
    "child_weight_kg": 68,
    "child_ethnicity": "BCRB",
    "religion": "Christian",
    "first_language": "English",
    "interpreter_needed": "no",
    "child_protection_plan": "yes",
    "child_protection_plan_date": "2024-06-03",
    "uasc": "no",
    "key_contacts": [
        contact(
            "social_worker",
            "Daniel Sampleton",
            "Birmingham children's trust (example)",
            "01632 960321",
            "daniel@birmingham.example",
        ),
        contact("yjs_worker", "Grace Notreal", "Youth justice service (example)", "01632 960322", "grace@yjs.example"),
        contact("solicitor", "Example & Co Solicitors", "Example & Co", "01632 960323", "law@example-co.example"),
        contact("parent_carer", "Marcia Specimen", "Mother", "07700 900222", "marcia@mail.example"),
    ],
    **no_risks("violence", "gangs", "cce", "weapons", "absconding", "property_damage", "drugs"),
    "reasons_for_secure": "Jordan has seriously assaulted staff in two children's homes in six weeks, breaking a "
    "worker's nose, and was found carrying a knife twice in January. Police intelligence links him to a gang "
    "running a county line; he has been found in other towns holding drugs and cash. He says he must pay off a "
    "debt and that he will be hurt if he stops. Staff cannot keep him or other children safe.",
    "alternatives_considered": "Two children's homes with additional staffing, a youth justice intensive "
    "supervision programme, a mentoring scheme with an ex-gang member, and relocation to another city. He returned "
    "to the gang each time.",
    **risk(
        "violence",
        "current",
        "2025-02-09",
        "Assaults on staff: punches and kicks, one broken nose. Threats "
        "to stab a resident. Violence is often planned and linked to orders from older gang members.",
    ),
    **risk(
        "gangs",
        "current",
        "2025-02-09",
        "Associated with a named gang (details held by the police); tattoo "
        "and music videos online. Rival gang threats reported in December.",
    ),
    **risk(
        "cce",
        "current",
        "2025-02-01",
        "Found in two towns holding class A drugs and £600 cash; NRM referral "
        "made, positive reasonable-grounds decision.",
    ),
    **risk("weapons", "current", "2025-01-28", "Knife found twice in January; says he carries one for protection."),
    **risk("absconding", "current", "2025-02-01", "Missing 7 times in two months, usually overnight."),
    **risk("property_damage", "historic", "2024-12-20", "Damaged doors and a car at his last home."),
    **risk("drugs", "current", "2025-02-01", "Uses cannabis daily."),
    "risk_direction": "both",
    "other_risk_information": "Jordan responds well to male staff he trusts and to football.",
    "yjs_involved": "yes",
    "offending_history": "Youth caution for possession of a bladed article (2024).",
    "outstanding_charges": "yes",
    "outstanding_charges_details": "Possession of a bladed article in a public place; assault occasioning actual "
    "bodily harm on a care worker.",
    "next_court_date": "2025-03-20",
    "bail_status": "conditional_bail",
    "bail_conditions": "Reside as directed by the local authority; curfew 7pm to 7am; not to enter the city centre.",
    "gp_details": "Dr B Example, Sample Road Medical Centre, Birmingham",
    "camhs_involvement": "previous",
    "tier4_admission": "no",
    "mha_assessment": "no",
    "diagnoses": ["adhd", "speech_language"],
    "diagnoses_details": "ADHD diagnosed in 2019; speech and language assessment found receptive language needs.",
    "medication": "yes",
    "medication_details": "Methylphenidate 36mg each morning (often refused).",
    "allergies": "None known",
    "consent_to_treatment": "Birmingham City Council under the interim care order, with his mother.",
    "sdq_score": 28,
    "education_provision": "Alternative provision (example) for 15 hours a week since being permanently excluded.",
    "education_attendance": 22,
    "exclusions": "Permanently excluded from his secondary school in September 2024 after bringing a knife.",
    "ehcp": "assessment",
    "pep": "yes",
    "virtual_school_contact": "Lee Madeup, Birmingham Virtual School (example)",
    "family_composition": "Mother and three younger siblings; father in prison; older cousin linked to the gang.",
    "contact_arrangements": "Contact with his mother and siblings twice a week, supervised.",
    "contact_restrictions": "No contact with his cousin or the adults named by the police.",
    "cultural_needs": "Black British Caribbean; attends church with his grandmother; Afro hair care.",
    "current_placement_type": "K2",
    "current_placement_provider": "PR4",
    "current_placement_provider_name": "Sample Street children's home",
    "current_placement_registered": "yes",
    "current_placement_start_date": "2025-01-06",
    "current_placement_ending_reason": "The home served notice after the assault on 9 February and cannot "
    "manage the risk he poses to staff and other children.",
    "previous_placements": [
        {
            "placement_type": "K2",
            "placement_provider": "PR2",
            "placement_provider_name": "Example Road home",
            "placement_start_date": "2024-10-01",
            "placement_end_date": "2025-01-06",
            "placement_change_reason": "CREQB",
        },
    ],
    "previous_secure_placement": "no",
    "behaviour_triggers": "Feeling disrespected in front of peers; phone calls from gang members; being searched.",
    "deescalation": "Space to walk away, a calm male adult, football or the gym.",
    "restraint_12_months": "yes",
    "restraint_12_months_details": "Restrained 4 times in January and February 2025 after assaults on staff.",
    "single_separation_12_months": "no",
    "secure_purpose": "Break his contact with the gang, keep staff and children safe, and assess his needs fully.",
    "intended_duration": "up_to_3_months",
    "placement_goals": "Speech and language therapy; ADHD medication review; exit work with a gang specialist.",
    "exit_plan": "A solo placement out of area with education on site, and a relocation plan agreed with police.",
    "intended_placement_on_exit": "K2",
    "location_preference": "Not in the West Midlands.",
    "single_sex_unit": "no",
    "peers_to_avoid": "Young people from the West Midlands linked to the same or rival gangs.",
    "accessibility_needs": "None",
}

DOCUMENTS = [
    ("attachment_court_order", "Interim secure accommodation order (example)", 2),
    ("attachment_yot_assessment", "AssetPlus assessment (example)", 5),
    ("attachment_risk_assessment", "Risk assessment (example)", 3),
]

# The same referral on v5 (live from 1 April 2021): the five questions v5 added (forms_engine/mocks/catalogue.py).
V5_ANSWERS = {
    "is_review": "no",
    "dol_order": "none",
    "child_nhs_number": "999 023 4566",
    "missing_episodes_3_months": 2,
    "missing_episodes_12_months": 5,
    "placement_at_referral": "childrens_home",
}
