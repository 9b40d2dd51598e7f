"""Check a mock referral the way the journey checks a real one: fields, completeness, visibility, legal rules."""

from typing import Any

from ..journey import all_complete, task_list, visible
from ..models import FormVersion
from ..page_forms import page_form
from ..rules import ERROR, referral_rule_results
from ..schema import iter_questions
from .catalogue import MockSpec

_OWN_PAGES = {"repeating_group", "attachment"}


def _field_value(question: dict[str, Any], value: Any) -> Any:
    """Answers as the page form's fields receive them: dates as [day, month, year]."""
    if question["type"] == "date" and isinstance(value, str) and value:
        year, month, day = value.split("-")
        return [int(day), int(month), int(year)]
    return value


def _field_problems(page: dict[str, Any], answers: dict[str, Any], code_lists: dict[str, Any]) -> list[str]:
    form, problems = page_form(page, answers, code_lists), []
    for key, field in form.fields.items():
        if key not in answers:
            continue
        question = next(q for q in page["questions"] if q["key"] == key)
        try:
            field.clean(_field_value(question, answers[key]))
        except Exception as error:  # noqa: BLE001 - ValidationError: report every field
            problems.append(f"{key}: {' '.join(getattr(error, 'messages', [str(error)]))}")
    return problems


def mock_problems(spec: MockSpec, version: FormVersion) -> list[str]:
    """Every reason these answers would not get through the journey on the mock's date; [] when valid."""
    schema, code_lists, answers = version.schema, version.code_lists, spec.answers
    problems = []
    for _, _, question in iter_questions(schema):
        key = question["key"]
        if key in answers and not visible(question, answers):
            problems.append(f"{key}: answered but not asked")
        if question["type"] == "repeating_group" and key in answers:
            item_page = {"key": key, "questions": question["fields"]}
            for item in answers[key]:
                problems += _field_problems(item_page, item, code_lists)
    for section in schema["sections"]:
        for page in section["pages"]:
            if not any(q["type"] in _OWN_PAGES for q in page["questions"]):
                problems += _field_problems(page, answers, code_lists)
    unknown = set(answers) - {q["key"] for _, _, q in iter_questions(schema)}
    problems += [f"{key}: not a question of {version.label}" for key in sorted(unknown)]
    if not all_complete(task_list(schema, answers, set())):
        problems.append("not every section is complete")
    rules = referral_rule_results(answers, today=spec.as_of)
    problems += [f"{r.key}: {r.message}" for r in rules if r.severity == ERROR]
    return problems
