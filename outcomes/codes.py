"""Code lists the outcome framework needs beyond the referral form's: SSDA903 RNE, ACTIV, ACCOM and our own.

Sources: the DfE "Children looked after return: guide" for SSDA903 episodes and OC3 care leavers (as transcribed
in data-to-insight and liia-tools), and the DfE placement stability measures. PLACE,
legal status (LS), REASON_PLACE_CHANGE and local authorities come from vocabulary.codelists.
"""

from typing import Any

from vocabulary.codelists import CODE_LISTS as REFERRAL_CODE_LISTS


def _items(*pairs: tuple[str, str]) -> list[dict[str, str]]:
    return [{"code": code, "label": label} for code, label in pairs]


# DfE stability measures count a new placement when an episode starts with a placement or carer change
# (RNE S, P, T, B or U); a legal-status-only episode (L) is not a new placement.
PLACEMENT_CHANGE_RNE = ("S", "P", "T", "B", "U")
# Temporary moves (hospital, holiday, respite of 7 days or less) are excluded by convention in DfE's stability
# measures.
TEMPORARY_PLACE = ("T0", "T1", "T2", "T3", "T4")
SECURE_PLACE = "K1"
CUSTODY_PLACE = "R5"

# Placement LA special values used by SSDA903 PL_LA (DfE SSDA903 guidance, validator rule 243).
_PLACEMENT_LA_SPECIALS = (
    ("SCO", "Scotland"),
    ("WAL", "Wales (council not known)"),
    ("NIR", "Northern Ireland"),
    ("NUK", "Outside the UK"),
)

OUTCOME_CODE_LISTS: dict[str, dict[str, Any]] = {
    "ssda903_rne": {
        "label": "Reason for new episode (SSDA903 RNE)",
        "version": "SSDA903 2024-25",
        "items": _items(
            ("S", "Started to be looked after"),
            ("L", "Change of legal status only"),
            ("P", "Change of placement and carer"),
            ("T", "Change of placement, same carer"),
            ("B", "Change of legal status and of placement and carer at the same time"),
            ("U", "Change of legal status and of placement, same carer"),
        ),
    },
    "ssda903_activ": {
        "label": "Activity (SSDA903 OC3 ACTIV)",
        "version": "SSDA903 2024-25",
        "items": _items(
            ("F1", "Full-time higher education"),
            ("P1", "Part-time higher education"),
            ("F2", "Full-time education other than higher education"),
            ("P2", "Part-time education other than higher education"),
            ("F4", "Full-time apprenticeship"),
            ("P4", "Part-time apprenticeship"),
            ("F5", "Full-time training or employment (not apprenticeship)"),
            ("P5", "Part-time training or employment (not apprenticeship)"),
            ("G4", "Not in education, employment or training – illness or disability"),
            ("G5", "Not in education, employment or training – other reasons"),
            ("G6", "Not in education, employment or training – pregnancy or parenting"),
            ("0", "Not known"),
        ),
    },
    "ssda903_accom": {
        "label": "Accommodation (SSDA903 OC3 ACCOM, type letter)",
        "version": "SSDA903 2024-25",
        "items": _items(
            ("B", "With parents or relatives"),
            ("C", "Community home or other residential care, including NHS"),
            ("D", "Semi-independent, transitional accommodation (Ofsted-registered supported accommodation)"),
            ("E", "Supported lodgings"),
            ("G", "Gone abroad"),
            ("H", "Deported"),
            ("K", "Ordinary lodgings, without formal support"),
            ("R", "Residence not known"),
            ("S", "No fixed abode or homeless"),
            ("T", "Foyers and similar supported accommodation"),
            ("U", "Independent living, for example a flat or tenancy"),
            ("V", "Emergency accommodation"),
            ("W", "Bed and breakfast"),
            ("X", "In custody"),
            ("Y", "Other accommodation"),
            ("Z", "With former foster carers"),
            ("0", "Not known"),
        ),
    },
    "placement_la": {
        "label": "Placement local authority (SSDA903 PL_LA)",
        "version": "ONS local authority codes, April 2023, with SSDA903 special values",
        "items": [*REFERRAL_CODE_LISTS["local_authorities"]["items"], *_items(*_PLACEMENT_LA_SPECIALS)],
    },
}

CODE_LISTS: dict[str, dict[str, Any]] = {
    **{
        key: REFERRAL_CODE_LISTS[key]
        for key in ("ssda903_place", "ssda903_legal_status", "ssda903_reason_place_change")
    },
    **OUTCOME_CODE_LISTS,
}


def code_choices(list_key: str, *, blank: str = "") -> list[tuple[str, str]]:
    """(code, "label (code)") pairs for a select, with an optional blank first option."""
    items = [(i["code"], f"{i['label']} ({i['code']})") for i in CODE_LISTS[list_key]["items"]]
    return [("", blank), *items] if blank else items


def code_label(list_key: str, code: str) -> str:
    """The label of a code, or the code itself when it is not in the list."""
    return next((i["label"] for i in CODE_LISTS[list_key]["items"] if i["code"] == code), code)
