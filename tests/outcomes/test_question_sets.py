"""The checkpoint questions are versioned: published sets are immutable and each record keeps its own wording."""

import copy
import datetime

import pytest
from django.core.exceptions import ValidationError

from outcomes.answers import answers_summary
from outcomes.questions import QUESTION_SET_V1
from outcomes.services import checkpoint_record, question_set_live, question_set_publish

from .factories import followup_started, known_answers


def _v2():
    schema = copy.deepcopy(QUESTION_SET_V1)
    schema["sections"][2]["pages"][0]["questions"][0]["label"] = "Has the young person been held in custody?"
    return schema


@pytest.mark.django_db
class TestQuestionSets:
    def test_a_published_set_cannot_be_changed(self):
        """Editing the schema of a published version is refused; its hash covers schema and code lists."""
        live = question_set_live()
        assert live.content_hash == live.compute_hash()
        live.schema["sections"][0]["title"] = "Changed"
        with pytest.raises(ValidationError):
            live.save()

    def test_a_set_without_the_core_questions_is_refused(self):
        """Indicators read the core keys, so every version must ask them."""
        schema = copy.deepcopy(QUESTION_SET_V1)
        schema["sections"] = schema["sections"][:2]
        with pytest.raises(ValidationError, match="custody"):
            question_set_publish(number=2, label="Broken", schema=schema)

    def test_each_record_is_shown_in_the_wording_it_was_recorded_with(self, hampshire, leaving_care):
        """A 3-month record on version 1 keeps its wording after version 2 changes a label."""
        followup = followup_started(start=datetime.date(2024, 1, 10), local_authority=hampshire)
        three, six = followup.checkpoints.get(months=3), followup.checkpoints.get(months=6)
        checkpoint_record(checkpoint=three, answers=known_answers(), episodes=[], user=leaving_care)
        question_set_publish(number=2, label="Checkpoint questions, version 2", schema=_v2())
        checkpoint_record(
            checkpoint=six,
            answers=known_answers(custody="yes", custody_on="2024-05-02"),
            episodes=[],
            user=leaving_care,
        )
        three.refresh_from_db()
        six.refresh_from_db()
        assert (three.question_set.number, six.question_set.number) == (1, 2)
        old, new = dict(answers_summary(three)), dict(answers_summary(six))
        assert old["Has the young person been remanded or sentenced to custody?"] == "No"
        assert new["Has the young person been held in custody?"] == "Yes"
        assert new["When did the custody start?"] == "2 May 2024"
        assert new["Education, employment or training now"].endswith("(F2)")
