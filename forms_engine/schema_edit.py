"""Edits editors make to a draft's schema, as pure functions on the schema dict."""

import copy
from typing import Any

from .schema import SchemaError, iter_questions, validate_schema

EDITABLE_TYPES = ("text", "long_text", "email", "phone", "number", "date", "yes_no", "radios", "checkboxes", "select")


def parse_options(text: str) -> list[dict[str, str]]:
    """Options written one per line as 'value | label'."""
    options = []
    for line in text.splitlines():
        if not line.strip():
            continue
        value, _, label = line.partition("|")
        options.append({"value": value.strip(), "label": (label or value).strip()})
    return options


def format_options(options: list[dict[str, str]]) -> str:
    return "\n".join(f"{o['value']} | {o['label']}" for o in options)


def _checked(schema: dict[str, Any]) -> dict[str, Any]:
    validate_schema(schema)
    return schema


def question_update(schema: dict[str, Any], key: str, changes: dict[str, Any]) -> dict[str, Any]:
    """A copy of the schema with one question's wording, requiredness or options changed (never its key or type)."""
    result = copy.deepcopy(schema)
    for _, _, question in iter_questions(result):
        if question["key"] == key:
            for name in ("label", "hint", "required", "options"):
                if name in changes:
                    question[name] = changes[name]
            if not question.get("hint"):
                question.pop("hint", None)
            return _checked(result)
    raise SchemaError([f"there is no question {key!r} in this version"])


def question_add(schema: dict[str, Any], section_key: str, question: dict[str, Any]) -> dict[str, Any]:
    """A copy of the schema with the question on a new page at the end of the section (one thing per page)."""
    result = copy.deepcopy(schema)
    section = next((s for s in result["sections"] if s["key"] == section_key), None)
    if section is None:
        raise SchemaError([f"there is no section {section_key!r} in this version"])
    section["pages"].append({"key": question["key"], "title": question["label"], "questions": [question]})
    return _checked(result)


def question_remove(schema: dict[str, Any], key: str) -> dict[str, Any]:
    """A copy of the schema without the question (and without its page if it was alone)."""
    result = copy.deepcopy(schema)
    for section in result["sections"]:
        for page in section["pages"]:
            page["questions"] = [q for q in page["questions"] if q["key"] != key]
        section["pages"] = [p for p in section["pages"] if p["questions"]]
    return _checked(result)
