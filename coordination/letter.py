"""The Ofsted notification letter: its plain context from a closed search, rendered with docxtpl in the sandbox.

The letter carries as little about the child as lets Ofsted follow the case up with the local authority: the
LA's reference, the child's initials and age in whole years. No name, date of birth, sex, ethnicity, address or case
number, and none of the free text from homes' decisions or the LA's updates (it may name people).
"""

import io
from collections import Counter
from datetime import date
from pathlib import Path
from typing import Any

from django.conf import settings
from django.utils import timezone
from docxtpl import DocxTemplate
from jinja2 import TemplateError

from circulation.models import HomeRequest
from circulation.reasons import reason_label
from documents.safety import clean_text, docx_environment
from forms_engine.services.amendments import effective_answers
from liberty.models import RegulatorNotification
from vocabulary.codelists import CODE_LISTS
from vocabulary.dates import age_on, iso_date

TEMPLATE = Path("templates_docs") / "ofsted-notification" / "notification.docx"
NOT_KNOWN = "Not known"
NOT_APPLICABLE = "Not applicable"
# Who the letter is addressed to, by regulator (liberty's list): the name, and the team.
ADDRESSEE = {
    RegulatorNotification.Regulator.OFSTED: "Ofsted, social care regulation",
    RegulatorNotification.Regulator.CIW: "Care Inspectorate Wales",
}


class LetterError(Exception):
    """The letter could not be rendered; the message is the error's type only (never data)."""


def template_path() -> Path:
    return Path(settings.BASE_DIR) / TEMPLATE


def _day(value: date | None) -> str:
    return f"{value:%-d %B %Y}" if value else NOT_KNOWN


def initials(answers: dict[str, Any]) -> str:
    """The first letter of the child's first and last names, upper case (e.g. "A. B.")."""
    names = [str(answers.get(key, "")) for key in ("child_first_name", "child_last_name")]
    letters = [next((c.upper() for c in name if c.isalpha()), "") for name in names]
    letters = [letter for letter in letters if letter]
    return " ".join(f"{letter}." for letter in letters) or NOT_KNOWN


def age_words(answers: dict[str, Any], on: date) -> str:
    """Whole years of age on the day, from the ISO date of birth; "Not known" when absent or unreadable."""
    born = iso_date(answers.get("child_date_of_birth"))
    years = age_on(born, on) if born else -1
    return f"{years} years" if years >= 0 else NOT_KNOWN


def _code_label(code_lists: dict[str, Any], list_key: str, code: str) -> str:

    if not code:
        return NOT_APPLICABLE
    items = code_lists.get(list_key) or CODE_LISTS.get(list_key, {})
    label = next((item["label"] for item in items.get("items", []) if item["code"] == code), "")
    return f"{code} – {label}" if label else code


def _yes_no(value: bool | None, applies: bool) -> str:
    if not applies:
        return NOT_APPLICABLE
    return {True: "Yes", False: "No", None: NOT_KNOWN}[value]


def offered(request: Any) -> bool:
    """Whether the home offered a place (an accepted request keeps its proposed date even once recalled)."""
    return request.status in ("accepted", "placed") or request.proposed_admission_date is not None


def _decision(request: Any) -> str:
    if request.status == HomeRequest.Status.DECLINED:
        return "Declined"
    if offered(request):
        return "Offered a place, not taken up"
    if request.status == HomeRequest.Status.RECALLED:
        return "No decision before the search ended"
    return str(request.get_status_display())


def _homes(search: Any) -> tuple[list[dict[str, str]], list[dict[str, Any]]]:

    homes, counts = [], Counter[str]()
    for request in search.requests.select_related("home").order_by("circulated_at", "home__name"):
        labels = [reason_label(code, request.reasons_version) for code in request.decline_reasons]
        counts.update(labels)
        homes.append(
            {
                "name": request.home.name,
                "decision": _decision(request),
                "reasons": "; ".join(labels),
                "offered": offered(request),
            }
        )
    reasons = [{"label": label, "count": count} for label, count in sorted(counts.items(), key=lambda i: (-i[1], i[0]))]
    return homes, reasons


def letter_context(
    *, search: Any, drafted_on: date, regulator: str = RegulatorNotification.Regulator.OFSTED
) -> dict[str, Any]:
    """Plain strings and numbers only: no model instance reaches the template."""
    referral = search.referral
    answers = effective_answers(referral)  # as corrected
    code_lists = referral.version.code_lists
    closed_on = search.closed_on or (timezone.localdate(search.closed_at) if search.closed_at else drafted_on)
    alternative = search.outcome == "alternative"
    homes, reasons = _homes(search)
    letter = {
        "reference": referral.reference or "",
        "regulator": str(RegulatorNotification.Regulator(regulator).label),
        "addressee": ADDRESSEE[RegulatorNotification.Regulator(regulator)],
        "local_authority": referral.local_authority.name,
        "drafted_on": _day(drafted_on),
        "child_initials": initials(answers),
        "child_age": age_words(answers, closed_on),
        "submitted_on": _day(timezone.localdate(referral.submitted_at) if referral.submitted_at else None),
        "opened_on": _day(timezone.localdate(search.opened_at)),
        "closed_on": _day(closed_on),
        "days_open": str((closed_on - timezone.localdate(search.opened_at)).days),
        "attempts": str(search.attempts),
        "offers": str(sum(1 for home in homes if home["offered"])),
        "outcome": search.get_outcome_display() or NOT_KNOWN,
        "place": _code_label(code_lists, "ssda903_place", search.place_code) if alternative else NOT_APPLICABLE,
        "registered": _yes_no(search.registered, alternative),
        "dol_order": _yes_no(search.dol_order, alternative),
        "provider": _code_label(code_lists, "ssda903_place_provider", search.provider_type)
        if alternative
        else NOT_APPLICABLE,
        "homes": homes,
        "reasons": reasons,
    }
    return {"letter": _cleaned(letter)}


def _cleaned(value: Any) -> Any:
    """Control characters removed from every string, so no text can break the document's XML."""
    if isinstance(value, dict):
        return {key: _cleaned(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_cleaned(item) for item in value]
    return clean_text(value) if isinstance(value, str) else value


def letter_render(context: dict[str, Any]) -> bytes:
    """The letter as .docx bytes; any template error (including a sandbox refusal) is a LetterError."""
    document = DocxTemplate(str(template_path()))
    try:
        document.render(context, jinja_env=docx_environment())
    except (TemplateError, TypeError, ValueError, AttributeError, LookupError, OverflowError) as error:
        raise LetterError(type(error).__name__) from error
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
