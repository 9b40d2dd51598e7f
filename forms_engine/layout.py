"""The schema as the journey shows it: a published version's pages grouped by its layout (definitions/layouts.py).

Only the journey (the task list, question pages, check answers and the editors' preview) uses the grouped schema;
the version's own schema stays as published for packs, amendments, migration and the content hash.
"""

from typing import Any

from .definitions.layouts import LAYOUTS, Run
from .journey import page_reveals

Schema = dict[str, Any]

_GROUPED: dict[str, Schema] = {}  # by content hash: published content never changes, so neither does its grouping
_UNGROUPABLE = frozenset({"repeating_group", "attachment"})


def journey_schema(schema: Schema, content_hash: str) -> Schema:
    """The schema with its layout's runs of pages merged into one page each; the schema itself without a layout."""
    layout = LAYOUTS.get(content_hash) if content_hash else None
    if layout is None:
        return schema
    if content_hash not in _GROUPED:
        _GROUPED[content_hash] = grouped(schema, layout)
    return _GROUPED[content_hash]


def grouped(schema: Schema, layout: dict[str, tuple[Run, ...]]) -> Schema:
    """A new schema whose sections show each run as one page (the questions themselves are shared, not copied)."""
    problems = layout_problems(schema, layout)
    if problems:
        raise ValueError("; ".join(problems))
    sections = []
    for section in schema["sections"]:
        runs = {keys[0]: (title, keys) for title, keys in layout.get(section["key"], ())}
        merged_away = {key for _, keys in runs.values() for key in keys[1:]}
        by_key = {page["key"]: page for page in section["pages"]}
        pages = []
        for page in section["pages"]:
            if page["key"] in merged_away:
                continue
            if page["key"] in runs:
                title, keys = runs[page["key"]]
                questions = [question for key in keys for question in by_key[key]["questions"]]
                page = {"key": page["key"], "title": title, "questions": questions}
            pages.append(page)
        sections.append({**section, "pages": pages})
    return {**schema, "sections": sections}


def layout_problems(schema: Schema, layout: dict[str, tuple[Run, ...]]) -> list[str]:
    """Why a layout cannot apply: unknown sections or pages, runs out of order or overlapping, an add-another list
    or document in a run, or a follow-up in a run that depends on another of its questions without a reveal."""
    problems: list[str] = []
    sections = {section["key"]: section for section in schema["sections"]}
    for section_key, runs in layout.items():
        section = sections.get(section_key)
        if section is None:
            problems.append(f"{section_key}: no such section")
            continue
        order = [page["key"] for page in section["pages"]]
        by_key = {page["key"]: page for page in section["pages"]}
        used: set[str] = set()
        for title, keys in runs:
            where = f"{section_key}: “{title}”"
            if len(keys) < 2 or any(key not in by_key for key in keys):
                problems.append(f"{where} needs two or more of the section's pages")
                continue
            start = order.index(keys[0])
            if list(keys) != order[start : start + len(keys)]:
                problems.append(f"{where}: its pages are not consecutive in the schema")
            if used & set(keys):
                problems.append(f"{where}: a page is in two runs")
            used |= set(keys)
            questions = [question for key in keys for question in by_key[key]["questions"]]
            if any(question["type"] in _UNGROUPABLE for question in questions):
                problems.append(f"{where}: an add-another list or a document has a page of its own")
            reveals = page_reveals({"key": keys[0], "questions": questions})
            on_page = {question["key"] for question in questions}
            for question in questions:
                if question["key"] not in reveals and _depends_on(question.get("show_if"), on_page):
                    problems.append(f"{where}: {question['key']} depends on a question of the same page")
    return problems


def _depends_on(condition: Any, keys: set[str]) -> bool:
    if not isinstance(condition, dict):
        return False
    parts = condition.get("all", []) + condition.get("any", [])
    return condition.get("question") in keys or any(_depends_on(part, keys) for part in parts)
