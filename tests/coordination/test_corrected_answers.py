"""What the unit and the authority build from a referral after a correction uses the corrected answers: the review
copied forward, its list of changes, and the Ofsted letter's initials and age."""

import datetime
import io
from typing import Any

import pytest
import time_machine
from docx import Document

from circulation.models import Search
from circulation.services import search_close
from coordination.changes import answer_changes
from coordination.models import OfstedNotification
from coordination.services import ofsted_notification_key, search_review_start
from forms_engine.services.amendments import amendment_record
from ops import storage

from .conftest import at


def _correct(search: Search, user: Any, **answers: str) -> None:
    for key, value in answers.items():
        amendment_record(referral=search.referral, question_key=key, new_value=value, reason="Spelt wrongly", user=user)


@pytest.mark.django_db
class TestCorrectionsCarryForward:
    def test_a_review_is_copied_from_the_corrected_answers_and_a_correction_is_not_a_change(
        self, search: Search, social_worker: Any
    ) -> None:
        _correct(search, social_worker, child_first_name="Aylin")
        review = search_review_start(search=search, membership=social_worker.memberships.get())
        assert review.referral.answers["child_first_name"] == "Aylin"
        assert "child_first_name" not in {change.key for change in answer_changes(review.source, review.referral)}
        assert search.referral.answers["child_first_name"] == "Ayla"  # the submitted answer is never rewritten

    def test_the_ofsted_letter_gives_the_corrected_initials(
        self, search: Search, social_worker: Any, coordinator: Any
    ) -> None:
        _correct(search, social_worker, child_first_name="Zara")
        with time_machine.travel(at(2026, 4, 2), tick=False):
            search_close(
                search=search,
                outcome=Search.Outcome.WITHDRAWN,
                user=coordinator,
                closed_on=datetime.date(2026, 4, 2),
            )
        notification = OfstedNotification.objects.get(search=search)
        document = Document(io.BytesIO(storage.read_bytes(ofsted_notification_key(notification))))
        text = "\n".join(cell.text for table in document.tables for row in table.rows for cell in row.cells)
        text += "\n".join(p.text for p in document.paragraphs)
        assert "Z. B." in text and "A. B." not in text
