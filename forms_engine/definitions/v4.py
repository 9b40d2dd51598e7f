"""SAN referral form version 4: mandatory for referrals to the unit from 1 April 2019.

Sections A to P of a reconstructed v4 field list. The real v4 form was not
available, so the wording here is ours; the structure follows the sourced v3 form, the SSDA903 and CIN census code
lists, and the variables CASCADE found mattered (3-year placement history, previous secure placement, risks).
Section O, the statement of responsibility, is SCHEMA["declaration"], not a section of questions.

The helpers below build question, page and section dicts in the format of forms_engine.schema; v5 reuses them.
"""

from typing import Any

DATE_HINT = "For example, 27 3 2019"
BIRTH_DATE_HINT = "For example, 27 3 2010"

Question = dict[str, Any]
Page = dict[str, Any]


def question(
    key: str, kind: str, label: str, hint: str | None = None, *, required: bool = True, **extra: Any
) -> Question:
    """One question; extra carries options, code_list, show_if, validation, fields and the like."""
    built: Question = {"key": key, "type": kind, "label": label}
    if hint:
        built["hint"] = hint
    built["required"] = required
    built.update(extra)
    return built


def options(*choices: tuple[str, ...]) -> list[dict[str, str]]:
    """Radio or checkbox options from (value, label) or (value, label, hint) tuples."""
    built = []
    for value, label, *hint in choices:
        option = {"value": value, "label": label}
        if hint:
            option["hint"] = hint[0]
        built.append(option)
    return built


def shown_if(key: str, *values: str) -> dict[str, Any]:
    """Show a question only when another question's answer is one of values."""
    return {"question": key, "equals": values[0]} if len(values) == 1 else {"question": key, "in": list(values)}


def page(key: str, *questions: Question, title: str | None = None) -> Page:
    """A page; give a title when it holds more than one question (it becomes the page heading)."""
    built: Page = {"key": key}
    if title:
        built["title"] = title
    built["questions"] = list(questions)
    return built


def single(q: Question) -> Page:
    """The usual page: one question, keyed like the question."""
    return page(q["key"], q)


def section(key: str, title: str, *pages: Page) -> dict[str, Any]:
    return {"key": key, "title": title, "pages": list(pages)}


def date(key: str, label: str, hint: str = DATE_HINT, *, past: bool = True, **extra: Any) -> Question:
    if past:
        extra["validation"] = {"past": True}
    return question(key, "date", label, hint, **extra)


def attachment(key: str, document_type: str, document_label: str, label: str, hint: str, **extra: Any) -> Page:
    """An upload page for one document type; optional unless required=True is passed."""
    extra.setdefault("required", False)
    return single(
        question(key, "attachment", label, hint, document_type=document_type, document_label=document_label, **extra)
    )


def yes_no_with_details(
    key: str, label: str, details_label: str, details_hint: str | None, *, title: str, hint: str | None = None
) -> Page:
    """A yes/no question with a follow-up text box shown when the answer is yes."""
    return page(
        key,
        question(key, "yes_no", label, hint),
        question(f"{key}_details", "long_text", details_label, details_hint, show_if=shown_if(key, "yes")),
        title=title,
    )


RISK_LEVELS = options(
    ("current", "Yes – a current risk", "There has been an incident in the last 6 months, or there is a concern now."),
    (
        "historic",
        "Yes – a historic risk",
        "There were incidents or concerns in the past, but not in the last 6 months.",
    ),
    ("none", "No known risk"),
)


def risk_page(slug: str, title: str, about: str, hint: str | None = None) -> Page:
    """Section E pattern: current / historic / none, then the last incident and a narrative when there is a risk."""
    key = f"risk_{slug}"
    when_present = shown_if(key, "current", "historic")
    return page(
        key,
        question(key, "radios", f"Is there a current or historic risk of {about}?", hint, options=RISK_LEVELS),
        date(
            f"{key}_last_incident",
            f"When was the most recent incident or concern about {about}?",
            f"If you do not know the exact date, give your best estimate. {DATE_HINT}",
            show_if=when_present,
        ),
        question(
            f"{key}_details",
            "long_text",
            f"Describe the risk of {about}",
            "Include what happens, how often, how serious it is, what makes it more or less likely and what "
            "happened most recently.",
            show_if=when_present,
        ),
        title=title,
    )


# (slug, page title, what the risk is called in a sentence, hint)
RISKS = (
    ("absconding", "Absconding and going missing", "absconding or going missing", None),
    ("cse", "Child sexual exploitation", "child sexual exploitation", None),
    (
        "cce",
        "Child criminal exploitation",
        "child criminal exploitation",
        "Include county lines drug running and being made to carry or store drugs, money or weapons.",
    ),
    ("gangs", "Gang association", "gang association", None),
    ("trafficking", "Trafficking and modern slavery", "trafficking or modern slavery", None),
    ("self_harm", "Self-harm", "self-harm", None),
    ("suicide", "Suicidal thoughts and suicide attempts", "suicidal thoughts or suicide attempts", None),
    (
        "violence",
        "Violence and aggression",
        "violence or aggression towards other people",
        "Include violence towards staff, carers, other children and the public.",
    ),
    ("sexually_harmful_behaviour", "Sexually harmful behaviour", "sexually harmful behaviour", None),
    ("fire_setting", "Fire-setting", "fire-setting", None),
    ("weapons", "Weapons", "carrying or using weapons", None),
    ("alcohol", "Alcohol misuse", "alcohol misuse", None),
    ("drugs", "Drug and solvent misuse", "drug or solvent misuse", None),
    ("property_damage", "Damage to property", "damage to property", None),
)

# Risk questions that carry a Children in Need census factor code (code list "cin_factors"), for risk tags.
RISK_CIN_FACTORS = {
    "risk_absconding": "10A",
    "risk_cse": "11A",
    "risk_cce": "24A",
    "risk_gangs": "13A",
    "risk_trafficking": "12A",
    "risk_self_harm": "15A",
    "risk_alcohol": "1A",
    "risk_drugs": "2A",
}

CONTACT_ROLES = options(
    ("social_worker", "Social worker"),
    ("sanctioning_officer", "Sanctioning officer"),
    ("childrens_guardian", "Children's guardian"),
    ("solicitor", "Solicitor"),
    ("team_manager", "Team manager"),
    ("iro", "Independent reviewing officer (IRO)"),
    ("yjs_worker", "Youth justice service (YOT) worker"),
    ("camhs_lead", "CAMHS lead"),
    ("parent_carer", "Parent or carer"),
    ("out_of_hours", "Out-of-hours contact (emergency duty team)"),
    ("other", "Other"),
)

REFERRER = section(
    "referrer",
    "Referring officer",
    page(
        "referring_officer",
        question(
            "referring_officer_name",
            "text",
            "Referring officer's full name",
            "The person the Secure Welfare Coordination Unit should contact about this referral.",
        ),
        question("referring_officer_job_title", "text", "Job title"),
        title="Referring officer",
    ),
    page(
        "referrer_phone",
        question("referrer_phone", "phone", "Telephone number"),
        question("referrer_mobile", "phone", "Mobile number", required=False),
        title="Referring officer's phone numbers",
    ),
    page(
        "referrer_email",
        question("referrer_email", "email", "Email address"),
        question(
            "referrer_secure_email",
            "email",
            "Secure email address",
            "We will send confidential information only to this address, for example a CJSM account.",
        ),
        title="Referring officer's email addresses",
    ),
    single(
        question(
            "referring_local_authority",
            "select",
            "Which local authority is making this referral?",
            code_list="local_authorities",
        )
    ),
    page(
        "sanctioning_officer",
        question("sanctioning_officer_name", "text", "Sanctioning officer's full name"),
        question(
            "sanctioning_officer_role",
            "text",
            "Sanctioning officer's job title",
            "The sanctioning officer must be an assistant director or head of service.",
        ),
        title="Who has approved this referral?",
    ),
)

_ORDER_MADE = shown_if("order_status", "interim_order", "full_order")

ORDER = section(
    "order",
    "Order and legal status",
    single(
        question(
            "jurisdiction",
            "radios",
            "Which law is the application made under?",
            "If you do not know yet whether the bed will be in England or Wales, apply in the alternative.",
            options=options(
                ("england_s25", "England – section 25 Children Act 1989"),
                ("wales_s119", "Wales – section 119 Social Services and Well-being (Wales) Act 2014"),
                ("either", "Either – apply in the alternative"),
            ),
        )
    ),
    single(
        question(
            "order_status",
            "radios",
            "What is the status of the secure accommodation order?",
            options=options(
                ("no_order_72_hour", "No order – placement of up to 72 hours without court authority"),
                ("application_pending", "Application made – waiting for the hearing"),
                ("interim_order", "Interim secure accommodation order made"),
                ("full_order", "Secure accommodation order made"),
            ),
        )
    ),
    single(
        question(
            "placement_72_hour",
            "yes_no",
            "Are you asking for a placement of up to 72 hours without a court order?",
            "A child can be kept in secure accommodation without a court order for up to 72 hours in total in any "
            "28 days.",
        )
    ),
    single(
        question(
            "primary_reason",
            "radios",
            "What is the main reason for seeking secure accommodation?",
            options=options(
                (
                    "abscond_significant_harm",
                    "Absconding – the child has a history of absconding, is likely to abscond again and would be "
                    "likely to suffer significant harm",
                    "Section 25(1)(a) or section 119(1)(a).",
                ),
                (
                    "injure_self",
                    "The child is likely to injure themselves if kept in any other accommodation",
                    "Section 25(1)(b) or section 119(1)(b).",
                ),
                (
                    "injure_others",
                    "The child is likely to injure other people if kept in any other accommodation",
                    "Section 25(1)(b) or section 119(1)(b).",
                ),
            ),
        )
    ),
    single(
        question(
            "court",
            "text",
            "Which court is dealing with the application?",
            "For example, the Family Court sitting at Leeds.",
        )
    ),
    single(
        date(
            "hearing_date",
            "When is the hearing?",
            f"Leave this blank if a date has not been set. {DATE_HINT}",
            past=False,
            required=False,
            show_if=shown_if("order_status", "no_order_72_hour", "application_pending"),
        )
    ),
    page(
        "order_dates",
        date("order_start_date", "Date the order started", past=False, show_if=_ORDER_MADE),
        date("order_end_date", "Date the order ends", past=False, show_if=_ORDER_MADE),
        title="Dates of the order",
    ),
    single(
        question(
            "order_is_first",
            "yes_no",
            "Is this the first secure accommodation order for this child?",
            "A first order can last up to 3 months. Later orders can last up to 6 months.",
        )
    ),
    single(
        question(
            "legal_status",
            "select",
            "What is the child's legal status?",
            "As recorded for the children looked after return (SSDA903). A secure accommodation order is not a "
            "legal status.",
            code_list="ssda903_legal_status",
        )
    ),
    single(
        question(
            "parental_consent_s20",
            "yes_no",
            "Has a parent with parental responsibility agreed to the child being accommodated under section 20?",
            "A child under 16 can only be accommodated under section 20 with a parent's agreement. For a child "
            "aged 16 or 17, apply for an interim care order first.",
            show_if=shown_if("legal_status", "V2"),
        )
    ),
    single(
        question(
            "parental_responsibility",
            "long_text",
            "Who has parental responsibility for the child?",
            "Give their relationship to the child, for example mother or special guardian. Include the local "
            "authority if there is a care order.",
        )
    ),
    single(
        question(
            "secretary_of_state_approval_reference",
            "text",
            "What is the Secretary of State's approval reference?",
            "Required for children under 13. A child under 13 cannot be placed in secure accommodation without "
            "the approval of the Secretary of State for Education.",
            required=False,
        )
    ),
)

CHILD = section(
    "child",
    "About the child",
    page(
        "child_name",
        question("child_first_name", "text", "First name"),
        question("child_last_name", "text", "Last name"),
        title="Child's name",
    ),
    single(
        question(
            "child_other_names",
            "text",
            "Other names the child uses or is known by",
            "Include nicknames, aliases and previous surnames.",
            required=False,
        )
    ),
    single(
        question(
            "social_care_id",
            "text",
            "Social care system ID",
            "The child's ID in your local authority's case recording system.",
        )
    ),
    single(
        question(
            "child_sex",
            "radios",
            "What is the child's sex?",
            "As recorded for the children looked after return (SSDA903).",
            options=options(("female", "Female"), ("male", "Male")),
        )
    ),
    single(
        question(
            "child_gender_identity",
            "text",
            "How does the child describe their gender?",
            "Only answer if this is different from their sex and the child is happy for it to be shared.",
            required=False,
        )
    ),
    single(
        date(
            "child_date_of_birth",
            "What is the child's date of birth?",
            BIRTH_DATE_HINT,
        )
    ),
    page(
        "child_height_weight",
        question(
            "child_height_cm", "number", "Height in centimetres", required=False, validation={"min": 50, "max": 250}
        ),
        question(
            "child_weight_kg", "number", "Weight in kilograms", required=False, validation={"min": 10, "max": 250}
        ),
        title="Height and weight",
    ),
    single(question("child_ethnicity", "select", "What is the child's ethnic group?", code_list="ethnicity")),
    single(question("religion", "text", "What is the child's religion, if any?", required=False)),
    page(
        "language",
        question("first_language", "text", "What is the child's first language?"),
        question("interpreter_needed", "yes_no", "Does the child need an interpreter?"),
        title="Language",
    ),
    page(
        "child_protection",
        question("child_protection_plan", "yes_no", "Is the child subject to a child protection plan?"),
        date(
            "child_protection_plan_date",
            "When did the child protection plan start?",
            show_if=shown_if("child_protection_plan", "yes"),
        ),
        title="Child protection plan",
    ),
    single(question("uasc", "yes_no", "Is the child an unaccompanied asylum-seeking child?")),
)

KEY_CONTACTS = section(
    "key_contacts",
    "Key contacts",
    single(
        question(
            "key_contacts",
            "repeating_group",
            "Key contacts",
            "Include at least the social worker and the sanctioning officer. Add the children's guardian, solicitor, "
            "team manager, IRO, youth justice worker, CAMHS lead, parents or carers and out-of-hours contact if "
            "there are any.",
            min_items=2,
            max_items=20,
            item_label="Contact",
            fields=[
                question("contact_role", "radios", "Role", options=CONTACT_ROLES),
                question("contact_name", "text", "Full name"),
                question(
                    "contact_organisation",
                    "text",
                    "Organisation",
                    "For example, the local authority, Cafcass or the solicitors' firm.",
                    required=False,
                ),
                question("contact_phone", "phone", "Telephone number"),
                question("contact_mobile", "phone", "Mobile number", required=False),
                question("contact_email", "email", "Email address"),
            ],
        )
    ),
)

RISK_PROFILE = section(
    "risk_profile",
    "Risks and reasons for secure accommodation",
    single(
        question(
            "reasons_for_secure",
            "long_text",
            "Why does the child need a secure placement now?",
            "Explain how the child meets the criteria for secure accommodation and what has happened recently.",
        )
    ),
    single(
        question(
            "alternatives_considered",
            "long_text",
            "What else has been tried or considered to keep the child safe?",
            "Include other placements and support, and why they are not enough.",
        )
    ),
    *(risk_page(*risk) for risk in RISKS),
    single(
        question(
            "risk_direction",
            "radios",
            "Is the main risk to the child themselves, to other people, or both?",
            options=options(
                ("self", "Mainly to the child themselves"),
                ("others", "Mainly to other people"),
                ("both", "Both"),
            ),
        )
    ),
    single(
        question(
            "other_risk_information",
            "long_text",
            "Is there anything else about risk the home should know?",
            required=False,
        )
    ),
)

OFFENDING = section(
    "offending",
    "Offending",
    single(
        question(
            "yjs_involved",
            "yes_no",
            "Is a youth justice service working with the child?",
            "Youth justice services are often called youth offending teams (YOTs).",
        )
    ),
    single(
        question(
            "offending_history",
            "long_text",
            "Tell us about any convictions or youth cautions",
            "Include the offences and dates. Leave this blank if there are none.",
            required=False,
        )
    ),
    page(
        "outstanding_charges",
        question("outstanding_charges", "yes_no", "Does the child have any outstanding charges?"),
        question(
            "outstanding_charges_details",
            "long_text",
            "Give details of the outstanding charges",
            "Include the offences, the court and any co-defendants.",
            show_if=shown_if("outstanding_charges", "yes"),
        ),
        date(
            "next_court_date",
            "When is the next criminal court date?",
            f"Leave this blank if a date has not been set. {DATE_HINT}",
            past=False,
            required=False,
            show_if=shown_if("outstanding_charges", "yes"),
        ),
        title="Outstanding charges",
    ),
    page(
        "bail_status",
        question(
            "bail_status",
            "radios",
            "Is the child on bail or remanded?",
            options=options(
                ("none", "No"),
                ("unconditional_bail", "On unconditional bail"),
                ("conditional_bail", "On conditional bail"),
                ("remanded", "Remanded to local authority accommodation or youth detention accommodation"),
            ),
        ),
        question(
            "bail_conditions",
            "long_text",
            "What are the bail conditions?",
            show_if=shown_if("bail_status", "conditional_bail"),
        ),
        title="Bail and remand",
    ),
)

HEALTH = section(
    "health",
    "Health and mental health",
    single(
        question(
            "gp_details",
            "long_text",
            "Who is the child's GP?",
            "Give the name and address of the practice. Leave this blank if the child is not registered.",
            required=False,
        )
    ),
    single(
        question(
            "camhs_involvement",
            "radios",
            "Is the child known to child and adolescent mental health services (CAMHS)?",
            options=options(("current", "Yes – currently"), ("previous", "Yes – in the past"), ("never", "No")),
        )
    ),
    single(
        question(
            "tier4_admission",
            "yes_no",
            "Has the child ever been admitted to a mental health hospital?",
            "This is sometimes called a Tier 4 admission.",
        )
    ),
    yes_no_with_details(
        "mha_assessment",
        "Has the child had a Mental Health Act assessment in the last 12 months?",
        "What was the outcome of the assessment?",
        "Include the date and whether the child was detained.",
        title="Mental Health Act assessment",
    ),
    single(
        question(
            "diagnoses",
            "checkboxes",
            "Has the child been diagnosed with any of these?",
            "Select all that apply.",
            options=options(
                ("autism", "Autism"),
                ("adhd", "Attention deficit hyperactivity disorder (ADHD)"),
                ("learning_disability", "Learning disability"),
                ("fasd", "Foetal alcohol spectrum disorder (FASD)"),
                ("speech_language", "Speech, language or communication needs"),
                ("mental_health_condition", "A mental health condition"),
                ("other", "Another condition"),
                ("none", "None of these"),
            ),
        )
    ),
    single(
        question(
            "diagnoses_details",
            "long_text",
            "Give details of the child's diagnoses",
            "Include who made each diagnosis and when. Leave this blank if there are none.",
            required=False,
        )
    ),
    yes_no_with_details(
        "medication",
        "Does the child take any medication?",
        "What medication does the child take?",
        "Include the dose, how often it is taken and who prescribed it.",
        title="Medication",
    ),
    single(
        question(
            "allergies",
            "long_text",
            "List any allergies the child has",
            "Include food and medicine allergies. Leave this blank if they have none.",
            required=False,
        )
    ),
    single(
        question(
            "physical_health",
            "long_text",
            "Tell us about any physical or sexual health needs",
            "Include long-term conditions, disabilities and pregnancy. Leave this blank if there are none.",
            required=False,
        )
    ),
    single(
        question(
            "consent_to_treatment",
            "long_text",
            "Who can consent to medical treatment for the child?",
            "Say whether the child is considered able to consent for themselves.",
        )
    ),
    single(
        question(
            "sdq_score",
            "number",
            "What was the child's most recent Strengths and Difficulties Questionnaire (SDQ) score?",
            "The total difficulties score, from 0 to 40. Leave this blank if there is no recent score.",
            required=False,
            validation={"min": 0, "max": 40, "whole": True},
        )
    ),
)

EDUCATION = section(
    "education",
    "Education",
    single(
        question(
            "education_provision",
            "long_text",
            "Where is the child currently educated?",
            "Give the name of the school or provision and how many hours a week the child attends. Say if the child "
            "is not in education.",
        )
    ),
    single(
        question(
            "education_attendance",
            "number",
            "What was the child's attendance last term, as a percentage?",
            "For example, 64. Leave this blank if you do not know.",
            required=False,
            validation={"min": 0, "max": 100},
        )
    ),
    single(
        question(
            "exclusions",
            "long_text",
            "Tell us about any exclusions in the last 12 months",
            "Include fixed-term and permanent exclusions. Leave this blank if there were none.",
            required=False,
        )
    ),
    single(
        question(
            "ehcp",
            "radios",
            "Does the child have an education, health and care (EHC) plan?",
            options=options(
                ("yes", "Yes"),
                ("assessment", "No, but an EHC needs assessment is under way"),
                ("no", "No"),
            ),
        )
    ),
    single(question("pep", "yes_no", "Does the child have a current personal education plan (PEP)?")),
    single(
        question(
            "virtual_school_contact",
            "text",
            "Who is the child's contact at the virtual school?",
            "Give their name and email address.",
            required=False,
        )
    ),
    single(
        question(
            "education_attainment",
            "long_text",
            "Tell us about the child's learning",
            "Include their reading age if known, their strengths and the subjects they enjoy.",
            required=False,
        )
    ),
)

FAMILY = section(
    "family",
    "Family and contact",
    single(
        question(
            "family_composition",
            "long_text",
            "Tell us about the child's family",
            "Include parents, carers and brothers and sisters, and who the child last lived with.",
        )
    ),
    single(
        question(
            "contact_arrangements",
            "long_text",
            "What contact does the child have with family and friends?",
            "Include how often, whether it is supervised and any restrictions set by a court.",
        )
    ),
    single(
        question(
            "contact_restrictions",
            "long_text",
            "Who must the child not have contact with?",
            "Include anyone who poses a risk to the child and any court order that prevents contact. Leave this "
            "blank if there is no one.",
            required=False,
        )
    ),
    single(
        question(
            "cultural_needs",
            "long_text",
            "Tell us about the child's cultural, faith or dietary needs",
            required=False,
        )
    ),
)

CURRENT_PLACEMENT = section(
    "current_placement",
    "Current placement",
    single(
        question(
            "current_placement_type",
            "select",
            "What type of placement is the child in now?",
            "Choose the SSDA903 placement type. If the child is in hospital, choose R2.",
            code_list="ssda903_place",
        )
    ),
    page(
        "current_placement_provider",
        question(
            "current_placement_provider",
            "select",
            "Who provides the current placement?",
            code_list="ssda903_place_provider",
        ),
        question("current_placement_provider_name", "text", "Name of the provider", required=False),
        title="Placement provider",
    ),
    single(
        question(
            "current_placement_registered",
            "yes_no",
            "Is the placement registered or approved as it should be?",
            "Answer no if the child is in an unregistered children's home or another setting that should be "
            "registered with Ofsted or Care Inspectorate Wales but is not.",
        )
    ),
    single(date("current_placement_start_date", "When did the current placement start?")),
    single(
        question(
            "current_placement_ending_reason",
            "long_text",
            "Why can the current placement no longer keep the child safe?",
            "Say whether the provider has given notice and, if so, when the placement will end.",
        )
    ),
)

PLACEMENT_HISTORY = section(
    "placement_history",
    "Placement history",
    single(
        question(
            "previous_placements",
            "repeating_group",
            "Placements in the last 3 years",
            "Start with the most recent. Do not include the current placement.",
            required=False,
            min_items=0,
            max_items=40,
            item_label="Placement",
            fields=[
                question("placement_type", "select", "Placement type", code_list="ssda903_place"),
                question("placement_provider", "select", "Provider", code_list="ssda903_place_provider"),
                question("placement_provider_name", "text", "Name of the provider or home", required=False),
                date("placement_start_date", "Start date"),
                date("placement_end_date", "End date"),
                question(
                    "placement_change_reason",
                    "select",
                    "Why did the placement end?",
                    code_list="ssda903_reason_place_change",
                ),
            ],
        )
    ),
    yes_no_with_details(
        "previous_secure_placement",
        "Has the child been in a secure children's home before?",
        "Tell us about the previous secure placements",
        "Give the home, the dates and the type of order.",
        title="Previous secure placements",
        hint="Include placements made on welfare and youth justice grounds.",
    ),
)

BEHAVIOUR = section(
    "behaviour_management",
    "Behaviour management",
    single(
        question(
            "behaviour_triggers",
            "long_text",
            "What are the child's known triggers?",
            "Describe situations that have led to incidents, for example being refused something or a family visit "
            "being cancelled.",
        )
    ),
    single(
        question(
            "deescalation",
            "long_text",
            "What helps the child to calm down?",
            "Describe approaches that have worked and any that have made things worse.",
        )
    ),
    yes_no_with_details(
        "restraint_12_months",
        "Has the child been physically restrained in the last 12 months?",
        "Tell us about the times the child was restrained",
        "Include how often, where, and any injuries.",
        title="Physical restraint",
    ),
    yes_no_with_details(
        "single_separation_12_months",
        "Has the child been kept apart from other children (single separation) in the last 12 months?",
        "Tell us about the times the child was kept apart",
        "Include how often and for how long.",
        title="Single separation",
    ),
)

PLAN = section(
    "plan",
    "Plan for the secure placement",
    single(
        question(
            "secure_purpose",
            "long_text",
            "What should the secure placement achieve for the child?",
            "Explain the purpose of the placement and how it will reduce the risks.",
        )
    ),
    single(
        question(
            "intended_duration",
            "radios",
            "How long do you expect the child to need a secure placement?",
            options=options(
                ("up_to_72_hours", "Up to 72 hours"),
                ("up_to_3_months", "Up to 3 months"),
                ("3_to_6_months", "3 to 6 months"),
                ("over_6_months", "More than 6 months"),
            ),
        )
    ),
    single(
        question(
            "placement_goals",
            "long_text",
            "What therapeutic and education goals do you have for the child while they are in secure accommodation?",
            required=False,
        )
    ),
    single(
        question(
            "exit_plan",
            "long_text",
            "What is the plan for when the child leaves secure accommodation?",
            "Describe the step-down plan, the work needed to make it happen and who will do it.",
        )
    ),
    single(
        question(
            "intended_placement_on_exit",
            "select",
            "What type of placement do you expect the child to move to?",
            "Choose the most likely type if it is not confirmed yet.",
            code_list="ssda903_place",
        )
    ),
)

MATCHING = section(
    "matching",
    "Matching",
    single(
        question(
            "location_preference",
            "long_text",
            "Are there areas the child should be placed near or kept away from?",
            "For example, away from people who exploit them, or close enough to family for contact. Leave this blank "
            "if location does not matter.",
            required=False,
        )
    ),
    single(
        question(
            "single_sex_unit",
            "yes_no",
            "Does the child need to live only with children of the same sex?",
        )
    ),
    single(
        question(
            "peers_to_avoid",
            "long_text",
            "Who should the child not be placed with?",
            "For example, co-defendants or young people from rival groups. Leave this blank if there is no one.",
            required=False,
        )
    ),
    single(
        question(
            "accessibility_needs",
            "long_text",
            "Does the child have any accessibility needs?",
            "For example, a ground-floor bedroom. Leave this blank if there are none.",
            required=False,
        )
    ),
)

_IF_YOU_HAVE_ONE = "Upload it if you have one."

ATTACHMENTS = section(
    "attachments",
    "Documents",
    attachment(
        "attachment_court_order",
        "court_order",
        "Court order or application",
        "Upload the court order or application",
        "If the court has not made an order yet, upload the application.",
        required=True,
    ),
    attachment("attachment_care_plan", "care_plan", "Care plan", "Upload the care plan", _IF_YOU_HAVE_ONE),
    attachment(
        "attachment_chronology",
        "chronology",
        "Chronology",
        "Upload the chronology",
        "A chronology of significant events in the child's life.",
    ),
    attachment(
        "attachment_risk_assessment",
        "risk_assessment",
        "Risk assessment",
        "Upload the most recent risk assessment",
        _IF_YOU_HAVE_ONE,
    ),
    attachment(
        "attachment_exploitation_screening",
        "exploitation_screening",
        "CSE or CCE screening",
        "Upload the child sexual exploitation or child criminal exploitation screening",
        _IF_YOU_HAVE_ONE,
    ),
    attachment(
        "attachment_health_assessment",
        "health_assessment",
        "Health assessment",
        "Upload the most recent health assessment",
        _IF_YOU_HAVE_ONE,
    ),
    attachment(
        "attachment_ehcp_pep",
        "ehcp_pep",
        "EHC plan or PEP",
        "Upload the EHC plan or personal education plan",
        _IF_YOU_HAVE_ONE,
    ),
    attachment(
        "attachment_yot_assessment",
        "yot_assessment",
        "Youth justice assessment (AssetPlus)",
        "Upload the youth justice assessment (AssetPlus)",
        _IF_YOU_HAVE_ONE,
    ),
)

UPDATES_STATEMENT = (
    "The local authority will send the Secure Welfare Coordination Unit an update every 2 weeks while the search "
    "for a placement is open."
)

SCHEMA: dict[str, Any] = {
    "sections": [
        REFERRER,
        ORDER,
        CHILD,
        KEY_CONTACTS,
        RISK_PROFILE,
        OFFENDING,
        HEALTH,
        EDUCATION,
        FAMILY,
        CURRENT_PLACEMENT,
        PLACEMENT_HISTORY,
        BEHAVIOUR,
        PLAN,
        MATCHING,
        ATTACHMENTS,
    ],
    "declaration": {
        "heading": "Statement of responsibility",
        "statements": [
            "The child meets the criteria for secure accommodation in section 25 of the Children Act 1989 or "
            "section 119 of the Social Services and Well-being (Wales) Act 2014, and the details of the order or "
            "application in this referral are accurate.",
            "The information in this referral is complete and up to date.",
            "The local authority keeps case responsibility for the child and will fund the placement.",
            UPDATES_STATEMENT,
            "The local authority will share any new or changed information about risk with the unit and the home "
            "immediately.",
            "The local authority has a lawful basis to share this information with secure children's homes so "
            "that they can decide whether to offer a placement.",
        ],
    },
}

# Applied to answers given on version 3 when they move to version 4.
MIGRATION_RULES: list[dict[str, Any]] = [
    {"op": "rename", "from": "gender", "to": "child_sex"},
    # v3 "other" has no counterpart in the SSDA903 sex field; it is left unmapped so it is asked again.
    {"op": "map_options", "key": "child_sex", "mapping": {"female": "female", "male": "male"}},
    {"op": "rename", "from": "expected_end_date", "to": "order_end_date"},
    {"op": "rename", "from": "risk_details", "to": "other_risk_information"},
    {
        "op": "map_options",
        "key": "primary_reason",
        "mapping": {
            "absconding": "abscond_significant_harm",
            "self_harm": "injure_self",
            "harm_to_others": "injure_others",
        },
    },
    # Version 3 was a section 25 form: every referral on it was made under the law of England.
    {"op": "default", "key": "jurisdiction", "value": "england_s25"},
    {"op": "drop", "key": "fax_number"},
    {"op": "drop", "key": "key_contacts.contact_fax"},
    # An extension is not the same as "not the first order"; order_is_first is asked afresh.
    {"op": "drop", "key": "extension"},
    # Replaced by the current / historic / none question for each risk.
    {"op": "drop", "key": "current_risks"},
]
