"""Publishing the versioned checkpoint questions."""

from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from forms_engine.schema import SchemaError, question_index, validate_schema

from ..codes import CODE_LISTS
from ..models import OutcomeQuestionSet
from ..questions import CORE_KEYS, QUESTION_SET_V1


@transaction.atomic
def question_set_publish(*, number: int, label: str, schema: dict[str, Any]) -> OutcomeQuestionSet:
    """Publish a question set version with a snapshot of its code lists; refuses one without the core keys."""
    try:
        validate_schema(schema)
    except SchemaError as error:
        raise ValidationError(error.problems) from error
    missing = CORE_KEYS - question_index(schema).keys()
    if missing:
        raise ValidationError(f"The question set must ask {', '.join(sorted(missing))}")
    used = {q["code_list"] for q in question_index(schema).values() if q.get("code_list")}
    question_set = OutcomeQuestionSet(
        number=number,
        label=label,
        schema=schema,
        code_lists={key: CODE_LISTS[key] for key in sorted(used)},
        state=OutcomeQuestionSet.State.PUBLISHED,
        published_at=timezone.now(),
    )
    question_set.content_hash = question_set.compute_hash()
    question_set.full_clean()
    question_set.save()
    return question_set


def question_set_live() -> OutcomeQuestionSet:
    """The newest published question set; publishes version 1 the first time it is needed."""
    live = OutcomeQuestionSet.objects.filter(state=OutcomeQuestionSet.State.PUBLISHED).order_by("-number").first()
    if live is not None:
        return live
    try:
        return question_set_publish(number=1, label="Checkpoint questions, version 1", schema=QUESTION_SET_V1)
    except (IntegrityError, ValidationError):  # another request published it first
        return OutcomeQuestionSet.objects.get(number=1)
