"""Another open referral for the same child in the same authority: a hint on the draft's pages, never a block.

The same child is the same NHS number, or the same first name, last name and date of birth (names compared without
regard to case or surrounding spaces). Open is a draft, a referral waiting for its signature, or a submitted
referral whose search has not ended. Only the draft's own authority's referrals are ever compared.
"""

from dataclasses import dataclass
from typing import Any

from django.urls import reverse

from ..models import Referral

# circulation's Search statuses of a search that has ended (tests/forms_engine/test_duplicates.py checks they
# still exist): a submitted referral with such a search is no longer an open search.
SEARCH_ENDED_STATUSES = ("placed", "closed")
SAME_NHS_NUMBER = "the same NHS number"
SAME_NAME_AND_BIRTH = "the same name and date of birth"


@dataclass(frozen=True)
class Duplicate:
    referral: Referral
    reason: str  # SAME_NHS_NUMBER or SAME_NAME_AND_BIRTH

    @property
    def href(self) -> str:
        if self.referral.status == Referral.Status.DRAFT:
            return self.referral.get_absolute_url()
        return reverse("referrals:check", args=[self.referral.pk])

    @property
    def description(self) -> str:
        referral = self.referral
        if referral.status == Referral.Status.DRAFT:
            return f"a draft referral started on {referral.created_at:%-d %B %Y}"
        if referral.status == Referral.Status.AWAITING_SIGNATURE:
            return "a referral waiting for the sanctioning officer's signature"
        return f"the open search for referral {referral.reference}"


def _nhs_number(answers: dict[str, Any]) -> str:
    return "".join(ch for ch in str(answers.get("child_nhs_number") or "") if ch.isdigit())


def _name_and_birth(answers: dict[str, Any]) -> tuple[str, str, str] | None:
    first = " ".join(str(answers.get("child_first_name") or "").split()).casefold()
    last = " ".join(str(answers.get("child_last_name") or "").split()).casefold()
    born = str(answers.get("child_date_of_birth") or "")
    return (first, last, born) if first and last and born else None


def _same_child(answers: dict[str, Any], other: dict[str, Any]) -> str:
    nhs = _nhs_number(answers)
    if nhs and nhs == _nhs_number(other):
        return SAME_NHS_NUMBER
    person = _name_and_birth(answers)
    if person is not None and person == _name_and_birth(other):
        return SAME_NAME_AND_BIRTH
    return ""


def open_referrals(local_authority_id: int) -> Any:
    """The authority's drafts, referrals waiting for a signature, and submitted referrals whose search is open (or
    not yet opened)."""
    return Referral.objects.filter(local_authority_id=local_authority_id, anonymised_at__isnull=True).exclude(
        status=Referral.Status.SUBMITTED, search__status__in=SEARCH_ENDED_STATUSES
    )


def open_duplicates(referral: Referral) -> list[Duplicate]:
    """Other open referrals of the referral's authority for the same child, newest first."""
    if not _nhs_number(referral.answers) and _name_and_birth(referral.answers) is None:
        return []
    others = (
        open_referrals(referral.local_authority_id)
        .exclude(pk=referral.pk)
        .only("pk", "answers", "status", "reference", "created_at", "local_authority_id")
        .order_by("-created_at", "-pk")
    )
    found = ((other, _same_child(referral.answers, other.answers)) for other in others)
    return [Duplicate(other, reason) for other, reason in found if reason]
