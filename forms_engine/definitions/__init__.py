"""The SAN secure welfare referral form, version by version, and the code lists its select questions use.

VERSIONS is in order, oldest first. Each version's migration_rules move answers from the version before it:
rename (from the old key to the new), map_options (old value to new value, on the new key), default (a value
for a new question), collect (when the old key "from" is answered with one of the values "when", tick the option
"value" of the checkboxes question "to": v5's risk questions become v6's risk indicators) and drop (an old key with
no successor). Keys of repeating-group fields are written group.field, as in forms_engine.schema.question_index.

v6 has no effective date in law yet: the demo loads it as a draft for an editor to compare and publish.
"""

from datetime import date
from typing import Any

from vocabulary.codelists import CODE_LISTS

from . import v3, v4, v5, v6

# The referral form's stable key: every form version, referral and page about the form hangs off it.
REFERRAL_FORM_KEY = "san-referral"

VERSIONS: tuple[dict[str, Any], ...] = (
    {
        "number": 3,
        "label": "SAN referral form v3",
        "effective_from": date(2016, 5, 1),
        "schema": v3.SCHEMA,
        "migration_rules": [],
    },
    {
        "number": 4,
        "label": "SAN referral form v4",
        "effective_from": date(2019, 4, 1),
        "schema": v4.SCHEMA,
        "migration_rules": v4.MIGRATION_RULES,
    },
    {
        "number": 5,
        "label": "SAN referral form v5",
        "effective_from": date(2021, 4, 1),
        "schema": v5.SCHEMA,
        "migration_rules": v5.MIGRATION_RULES,
    },
    {
        "number": 6,
        "label": "SAN referral form v6",
        "effective_from": date(2027, 4, 1),
        "schema": v6.SCHEMA,
        "migration_rules": v6.MIGRATION_RULES,
    },
)

__all__ = ["CODE_LISTS", "REFERRAL_FORM_KEY", "VERSIONS"]
