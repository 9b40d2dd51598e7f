"""The mock referrals as data: what each is, the day it was written, its answers and its synthetic documents."""

import datetime
from dataclasses import dataclass, field, replace
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


def _on_v5(module: Any) -> MockSpec:
    """A v4 mock's child referred on v5: the same answers (v5 changed none of v4's questions) and the questions v5
    added (the module's V5_ANSWERS), under its own key and reference."""
    spec = _spec(module)
    return replace(
        spec,
        key=f"{spec.key}-v5",
        reference=f"{spec.reference}-5",
        version_number=5,
        answers={**spec.answers, **module.V5_ANSWERS},
    )


_V4_MOCKS = (girl_cse_absconds, boy_violence_gangs, emergency_under_13)

# The v4 mocks, the same children on v5 (the version live from 1 April 2021, shown on the guidance page), then the
# fullest v6 referral (each says which version its answers are for).
MOCKS: tuple[MockSpec, ...] = (
    *(_spec(m) for m in _V4_MOCKS),
    *(_on_v5(m) for m in _V4_MOCKS),
    _spec(girl_relevant_accommodation_v6),
)


def mock_spec(key: str) -> MockSpec:
    """The shipped mock referral with this key."""
    return next(spec for spec in MOCKS if spec.key == key)
