"""How published versions' pages are grouped for the journey: presentation, outside the hashed content.

A published version never changes (its content hash covers the schema and its code lists), but which of its short,
related questions share a page is how the service presents it, not what it asks. Each layout is for one published
content (its hash): per section, runs of consecutive pages shown as one page, under the first page's key and the
run's title. The questions, their order, conditions, packs, amendments and the hash stay as published.
forms_engine/layout.py applies a layout and checks it (tests/forms_engine/test_layout.py).

v4 (sections A–P, 1 April 2019) and v5 (1 April 2021) were one question per page: 130 page loads for the fullest
v4 mock referral even with conditional reveals. Grouped here each takes under 100. The runs keep to one topic, never
include an add-another list or a document, and never hold a follow-up that depends on another question of the run
unless it is revealed in place (a conditional reveal).
"""

Run = tuple[str, tuple[str, ...]]  # the page's title and the keys of the pages it shows, in schema order

V4_CONTENT_HASH = "ca8a49245577f1c32434296c12cfed327309374e879ae184a2358884beafe3e4"

V4: dict[str, tuple[Run, ...]] = {
    "referrer": (
        ("Referring officer's contact details", ("referring_officer", "referrer_phone", "referrer_email")),
        ("Local authority and approval", ("referring_local_authority", "sanctioning_officer")),
    ),
    "order": (
        ("Order and reason for the referral", ("order_status", "placement_72_hour", "primary_reason")),
        ("Hearing and order dates", ("hearing_date", "order_dates", "order_is_first")),
        ("Parental responsibility and approval", ("parental_responsibility", "secretary_of_state_approval_reference")),
    ),
    "child": (
        ("Other names and social care ID", ("child_other_names", "social_care_id")),
        ("Sex and gender identity", ("child_sex", "child_gender_identity")),
        ("Date of birth, height and weight", ("child_date_of_birth", "child_height_weight")),
        ("Ethnicity, religion and language", ("child_ethnicity", "religion", "language")),
        ("Child protection and asylum", ("child_protection", "uasc")),
    ),
    "risk_profile": (
        ("Why secure accommodation", ("reasons_for_secure", "alternatives_considered")),
        ("Exploitation and trafficking", ("risk_cse", "risk_cce", "risk_gangs", "risk_trafficking")),
        ("Self-harm and suicide", ("risk_self_harm", "risk_suicide")),
        (
            "Harm to others",
            ("risk_violence", "risk_sexually_harmful_behaviour", "risk_fire_setting", "risk_weapons"),
        ),
        ("Alcohol and drugs", ("risk_alcohol", "risk_drugs")),
        (
            "Property, direction of risk and other risks",
            ("risk_property_damage", "risk_direction", "other_risk_information"),
        ),
    ),
    "offending": (
        ("Youth justice and offending", ("yjs_involved", "offending_history")),
        ("Charges, bail and remand", ("outstanding_charges", "bail_status")),
    ),
    "health": (
        ("GP and mental health services", ("gp_details", "camhs_involvement")),
        ("Admissions and assessments", ("tier4_admission", "mha_assessment")),
        ("Diagnoses", ("diagnoses", "diagnoses_details")),
        ("Medication and allergies", ("medication", "allergies")),
        ("Physical health and consent", ("physical_health", "consent_to_treatment")),
    ),
    "education": (
        ("Education provision and attendance", ("education_provision", "education_attendance")),
        ("Exclusions and plans", ("exclusions", "ehcp", "pep")),
        ("Virtual school and attainment", ("virtual_school_contact", "education_attainment")),
    ),
    "family": (
        ("Family and contact", ("family_composition", "contact_arrangements")),
        ("Contact restrictions and cultural needs", ("contact_restrictions", "cultural_needs")),
    ),
    "current_placement": (
        ("Current placement", ("current_placement_type", "current_placement_provider")),
        ("Registration and start date", ("current_placement_registered", "current_placement_start_date")),
    ),
    "behaviour_management": (
        ("Triggers and de-escalation", ("behaviour_triggers", "deescalation")),
        ("Restraint and single separation", ("restraint_12_months", "single_separation_12_months")),
    ),
    "plan": (
        ("Purpose and length of the placement", ("secure_purpose", "intended_duration")),
        ("Goals and exit", ("placement_goals", "exit_plan", "intended_placement_on_exit")),
    ),
    "matching": (
        ("Location and single-sex unit", ("location_preference", "single_sex_unit")),
        ("Peers and accessibility", ("peers_to_avoid", "accessibility_needs")),
    ),
}

# v5 (1 April 2021) is v4 with five changes (forms_engine/definitions/v5.py): v4's runs hold in it unchanged (its
# new pages sit between them), the review questions share a page (the reference and what changed are revealed under
# "Yes"), and the new UPN and NHS number join the child's other identifiers.
V5_CONTENT_HASH = "46cd0a3334e4678f19acc077ccb93f4784f5d499c94bcc58b6811eda396bbcdd"

V5: dict[str, tuple[Run, ...]] = {
    "about_referral": (("About this referral", ("is_review", "review_of_reference", "review_changes")),),
    **V4,
    "child": (
        ("Other names and identifiers", ("child_other_names", "social_care_id", "child_identifiers")),
        *V4["child"][1:],
    ),
}

# By published content hash: a layout never applies to any other content (a draft, another version).
LAYOUTS: dict[str, dict[str, tuple[Run, ...]]] = {V4_CONTENT_HASH: V4, V5_CONTENT_HASH: V5}
