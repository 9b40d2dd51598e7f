"""The mock referrals as data: what each is, the day it was written, its answers and its synthetic documents."""

import datetime
from dataclasses import dataclass, field
from typing import Any

from . import boy_violence_gangs, emergency_under_13, girl_cse_absconds, girl_relevant_accommodation_v6


@dataclass(frozen=True)
class MockDocument:
    """A synthetic PDF attached to a mock referral: its question, its title and how many pages it has."""

    question_key: str
    title: str
    pages: int
    paragraphs: tuple[str, ...] = ()


@dataclass(frozen=True)
class MockSpec:
    """One mock referral as shipped in forms_engine/mocks/."""

    key: str
    reference: str
    title: str
    summary: str
    version_number: int
    as_of: datetime.date
    local_authority_name: str
    signed_by: str
    answers: dict[str, Any]
    documents: list[MockDocument] = field(default_factory=list)


def _spec(module: Any) -> MockSpec:
    documents = [MockDocument(*document) for document in module.DOCUMENTS]
    answers = dict(module.ANSWERS)
    for document in documents:  # an attachment question is answered by the documents attached to it
        answers.setdefault(document.question_key, [])
        answers[document.question_key] = [*answers[document.question_key], document.title]
    return MockSpec(
        key=module.KEY,
        reference=module.REFERENCE,
        title=module.TITLE,
        summary=module.SUMMARY,
        version_number=module.VERSION_NUMBER,
        as_of=module.AS_OF,
        local_authority_name=module.LOCAL_AUTHORITY,
        signed_by=module.SIGNED_BY,
        answers=answers,
        documents=documents,
    )


# The v4 mocks, then the fullest v6 referral (each module says which version its answers are for).
MOCKS: tuple[MockSpec, ...] = tuple(
    _spec(m) for m in (girl_cse_absconds, boy_violence_gangs, emergency_under_13, girl_relevant_accommodation_v6)
)


def mock_spec(key: str) -> MockSpec:
    """The shipped mock referral with this key."""
    return next(spec for spec in MOCKS if spec.key == key)
