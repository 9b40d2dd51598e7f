"""Answers the mock referrals share: the fictional referring officers and the usual 'none' risks."""

from typing import Any

RISK_KEYS = (
    "absconding",
    "cse",
    "cce",
    "gangs",
    "trafficking",
    "self_harm",
    "suicide",
    "violence",
    "sexually_harmful_behaviour",
    "fire_setting",
    "weapons",
    "alcohol",
    "drugs",
    "property_damage",
)


def referrer(*, name: str, la_code: str, domain: str, officer: str) -> dict[str, Any]:
    """The referrer section for a fictional social worker and sanctioning officer."""
    first = name.split()[0].lower()
    return {
        "referring_officer_name": name,
        "referring_officer_job_title": "Social worker, children in care team",
        "referrer_phone": "01632 960123",
        "referrer_mobile": "07700 900456",
        "referrer_email": f"{first}@{domain}",
        "referrer_secure_email": f"{first}@{domain}.gcsx.example",
        "referring_local_authority": la_code,
        "sanctioning_officer_name": officer,
        "sanctioning_officer_role": "Head of Service, Children Looked After",
    }


def no_risks(*present: str) -> dict[str, Any]:
    """Every risk not listed as present answered 'none'."""
    return {f"risk_{key}": "none" for key in RISK_KEYS if key not in present}


def risk(key: str, when: str, last: str, details: str) -> dict[str, Any]:
    """One risk with its most recent incident and description."""
    return {f"risk_{key}": when, f"risk_{key}_last_incident": last, f"risk_{key}_details": details}


def contact(role: str, name: str, organisation: str, phone: str, email: str) -> dict[str, Any]:
    return {
        "contact_role": role,
        "contact_name": name,
        "contact_organisation": organisation,
        "contact_phone": phone,
        "contact_email": email,
    }
