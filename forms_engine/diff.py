"""Field-level differences between two versions' schemas, for editors before they publish.

Given the newer version's migration rules, a renamed question is one "renamed" change (and its other changes)
instead of a removal and an addition, and an old question collected into a checkbox option (v5's risk questions
into v6's risk indicators) says where its answers go. A question that moved to another section is "moved".
"""

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from .schema import iter_questions, question_index

_COMPARED = (
    ("label", "relabelled"),
    ("type", "type changed"),
    ("options", "options changed"),
    ("code_list", "code list changed"),
    ("show_if", "conditions changed"),
    ("required", "required changed"),
    ("hint", "hint changed"),
    ("validation", "validation changed"),
)


@dataclass(frozen=True)
class Change:
    """One difference: what kind, which key, and the value before and after."""

    kind: str
    key: str
    before: Any = None
    after: Any = None


def _question_changes(key: str, old: dict[str, Any], new: dict[str, Any]) -> list[Change]:
    return [
        Change(kind, key, old.get(attribute), new.get(attribute))
        for attribute, kind in _COMPARED
        if old.get(attribute) != new.get(attribute)
    ]


def _sections(schema: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """The section each top-level question is in."""
    return {question["key"]: section for section, _, question in iter_questions(schema)}


def _option_label(question: dict[str, Any], value: str) -> str:
    return next((o["label"] for o in question.get("options", []) if o["value"] == value), value)


def schema_diff(
    old: dict[str, Any], new: dict[str, Any], migration_rules: Iterable[dict[str, Any]] = ()
) -> list[Change]:
    """Added, removed, renamed, collected, moved and changed questions (repeating-group fields as group.field), in
    the new schema's order. migration_rules are the newer version's rules from the older one, if it follows it."""
    before, after = question_index(old), question_index(new)
    rules = list(migration_rules)
    renamed = {
        r["from"]: r["to"]
        for r in rules
        if r.get("op") == "rename" and r["from"] in before and r["from"] not in after and r["to"] in after
    }
    renamed = {old_key: new_key for old_key, new_key in renamed.items() if new_key not in before}
    collected = {
        r["from"]: r
        for r in rules
        if r.get("op") == "collect" and r["from"] in before and r["from"] not in after and r["to"] in after
    }
    changes = [
        Change("added", key, None, after[key].get("label"))
        for key in after
        if key not in before and key not in renamed.values()
    ]
    for key in before:
        if key in renamed or key in after:
            continue
        if key in collected:
            rule = collected[key]
            target = f"“{_option_label(after[rule['to']], rule['value'])}” in {rule['to']}"
            changes.append(Change("collected into an option", key, before[key].get("label"), target))
        else:
            changes.append(Change("removed", key, before[key].get("label"), None))
    for old_key, new_key in renamed.items():
        changes.append(Change("renamed", new_key, old_key, new_key))
        changes.extend(_question_changes(new_key, before[old_key], after[new_key]))
    old_sections, new_sections = _sections(old), _sections(new)
    for key, section in new_sections.items():
        was = old_sections.get(key) or old_sections.get(next((o for o, n in renamed.items() if n == key), ""))
        if was is not None and was["key"] != section["key"]:
            changes.append(Change("moved", key, was.get("title"), section.get("title")))
    for key in after:
        if key in before:
            changes.extend(_question_changes(key, before[key], after[key]))
    order = {key: i for i, key in enumerate([*after, *before])}
    return sorted(changes, key=lambda change: order[change.key])
