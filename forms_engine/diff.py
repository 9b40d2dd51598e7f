"""Field-level differences between two versions' schemas, for editors before they publish."""

from dataclasses import dataclass
from typing import Any

from .schema import question_index

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


def schema_diff(old: dict[str, Any], new: dict[str, Any]) -> list[Change]:
    """Added, removed and changed questions (repeating-group fields as group.field), in the new schema's order."""
    before, after = question_index(old), question_index(new)
    changes = [Change("added", key, None, after[key].get("label")) for key in after if key not in before]
    changes += [Change("removed", key, before[key].get("label"), None) for key in before if key not in after]
    for key in after:
        if key in before:
            changes.extend(_question_changes(key, before[key], after[key]))
    order = {key: i for i, key in enumerate([*after, *before])}
    return sorted(changes, key=lambda change: order[change.key])
