"""The shape of a form version's schema, and its structural validation.

A schema is plain JSON: sections -> pages -> questions. Every question has a stable machine key that never
changes once published; answers are stored under these keys. Example question:

    {"key": "child_date_of_birth", "type": "date", "label": "Date of birth", "hint": "For example, 27 3 2010",
     "required": true, "show_if": {"question": "child_known", "equals": "yes"}, "validation": {"past": true}}

Question types and their extra fields:
    text, long_text, email, phone   validation: max_length, pattern (regex) with error_pattern (its message),
                                    nhs_number (bool: 10 digits, spaces allowed, modulus-11 check digit)
    number                          validation: min, max, whole (bool)
    date                            validation: past (bool), future (bool)
    yes_no                          answers "yes" / "no"
    radios, checkboxes              options: [{"value": "...", "label": "...", "hint": "..."}]
    select                          code_list: key of a code list (answers are codes from it)
    repeating_group                 fields: [question, ...] (no nesting), min_items, max_items, item_label
    attachment                      document_type: key, document_label: text; max_items (default 5)

show_if is {"question": KEY, "equals": VALUE} or {"question": KEY, "in": [VALUES]} or
{"question": KEY, "answered": true}, or {"question": DATE_OF_BIRTH_KEY, "age_under": YEARS} (the age today), or
{"all": [conditions]} / {"any": [conditions]}. A hidden question is
neither asked nor validated, and its answer is not shown or printed.
"""

import hashlib
import json
from collections.abc import Iterator
from typing import Any

QUESTION_TYPES = frozenset(
    {
        "text",
        "long_text",
        "email",
        "phone",
        "number",
        "date",
        "yes_no",
        "radios",
        "checkboxes",
        "select",
        "repeating_group",
        "attachment",
    }
)
_KEY_CHARS = set("abcdefghijklmnopqrstuvwxyz0123456789_")
_CONDITION_OPERATORS = {"equals", "in", "answered", "age_under"}


class SchemaError(ValueError):
    """A schema that cannot be published; carries every problem found."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("; ".join(problems))
        self.problems = problems


def schema_hash(schema: dict[str, Any]) -> str:
    """SHA-256 of the schema's canonical JSON: the version's identity once published."""
    canonical = json.dumps(schema, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(canonical.encode()).hexdigest()


def iter_questions(schema: dict[str, Any]) -> Iterator[tuple[dict[str, Any], dict[str, Any], dict[str, Any]]]:
    """Every top-level question with its section and page, in order."""
    for section in schema.get("sections", []):
        for page in section.get("pages", []):
            for question in page.get("questions", []):
                yield section, page, question


def question_index(schema: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Every question by key, including the fields of repeating groups (keyed group.field)."""
    index: dict[str, dict[str, Any]] = {}
    for _, _, question in iter_questions(schema):
        index[question["key"]] = question
        for sub in question.get("fields", []):
            index[f"{question['key']}.{sub['key']}"] = sub
    return index


def _key_problems(key: object, where: str) -> list[str]:
    if not isinstance(key, str) or not key or not set(key) <= _KEY_CHARS or key[0].isdigit():
        return [f"{where}: key {key!r} must be lower-case letters, digits and underscores"]
    return []


def _condition_problems(condition: object, keys: set[str], where: str) -> list[str]:
    if not isinstance(condition, dict):
        return [f"{where}: show_if must be an object"]
    for combinator in ("all", "any"):
        if combinator in condition:
            return [p for c in condition[combinator] for p in _condition_problems(c, keys, where)]
    problems = []
    if condition.get("question") not in keys:
        problems.append(f"{where}: show_if refers to unknown question {condition.get('question')!r}")
    if not _CONDITION_OPERATORS & condition.keys():
        problems.append(f"{where}: show_if needs one of equals, in, answered, age_under")
    if "age_under" in condition and type(condition["age_under"]) is not int:
        problems.append(f"{where}: age_under must be a whole number of years")
    return problems


def _question_problems(question: dict[str, Any], where: str) -> list[str]:
    problems = _key_problems(question.get("key"), where)
    kind = question.get("type")
    if kind not in QUESTION_TYPES:
        problems.append(f"{where}: unknown type {kind!r}")
    if not question.get("label"):
        problems.append(f"{where}: a label is required")
    if kind in {"radios", "checkboxes"} and not question.get("options"):
        problems.append(f"{where}: {kind} needs options")
    if kind == "select" and not question.get("code_list"):
        problems.append(f"{where}: select needs a code_list")
    if kind == "attachment" and not question.get("document_type"):
        problems.append(f"{where}: attachment needs a document_type")
    if kind == "repeating_group":
        fields = question.get("fields") or []
        if not fields:
            problems.append(f"{where}: repeating_group needs fields")
        for sub in fields:
            if sub.get("type") in {"repeating_group", "attachment"}:
                problems.append(f"{where}.{sub.get('key')}: groups cannot nest groups or attachments")
            problems.extend(_question_problems(sub, f"{where}.{sub.get('key')}"))
    return problems


def validate_schema(schema: dict[str, Any]) -> None:
    """Raise SchemaError listing every structural problem: keys, types, options, conditions, duplicates."""
    problems: list[str] = []
    if not schema.get("sections"):
        problems.append("the schema has no sections")
    seen: set[str] = set()
    for section in schema.get("sections", []):
        problems.extend(_key_problems(section.get("key"), f"section {section.get('key')!r}"))
        for page in section.get("pages", []):
            problems.extend(_key_problems(page.get("key"), f"page {page.get('key')!r}"))
            if not page.get("questions"):
                problems.append(f"page {page.get('key')!r} has no questions")
    all_keys = [str(q.get("key")) for _, _, q in iter_questions(schema)]
    for key in all_keys:
        if key in seen:
            problems.append(f"question key {key!r} is used more than once")
        seen.add(key)
    for _, page, question in iter_questions(schema):
        where = f"{page.get('key')}.{question.get('key')}"
        problems.extend(_question_problems(question, where))
        if "show_if" in question:
            problems.extend(_condition_problems(question["show_if"], seen, where))
    if problems:
        raise SchemaError(problems)
