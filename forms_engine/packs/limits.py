"""Limits on what one pack prints, so an oversized referral fails cleanly or is visibly shortened.

- One answer prints at most MAX_ANSWER_CHARS characters; a longer one is cut and says so in the pack itself
  (the journey already caps long answers at 10,000 characters, so only imported or migrated data reaches this).
- A repeating group prints at most MAX_GROUP_ITEMS items; more fails the pack as section_too_large, because
  silently dropping contacts or placements from what a home reads would be worse than no pack.
- All answers together print at most MAX_PACK_CHARS characters, else section_too_large.
- Unbroken words are split across lines by reportlab (splitLongWords) and by Word.
"""

from typing import Any

from documents.safety import clean_text

from .errors import PackTooLarge

MAX_ANSWER_CHARS = 20_000
MAX_GROUP_ITEMS = 500
MAX_PACK_CHARS = 1_000_000


def truncation_note(hidden: int) -> str:
    return f" [… {hidden:,} more characters not printed: ask the referring local authority for the full answer]"


def limited_text(value: Any) -> str:
    """Cleaned text, cut at MAX_ANSWER_CHARS with a note saying how much was left out."""
    text = clean_text(value)
    if len(text) <= MAX_ANSWER_CHARS:
        return text
    return text[:MAX_ANSWER_CHARS] + truncation_note(len(text) - MAX_ANSWER_CHARS)


def content_refuse_if_too_large(sections: list[Any]) -> None:
    """Raise PackTooLarge (section_too_large) for a group with too many items or too much text in all."""
    total = 0
    for section in sections:
        for group in section.groups:
            if len(group.items) > MAX_GROUP_ITEMS:
                raise PackTooLarge(
                    f"section_too_large: ‘{group.label}’ has {len(group.items):,} items; a pack prints at most "
                    f"{MAX_GROUP_ITEMS}"
                )
            total += sum(len(cell.value) for item in group.items for cell in item)
        total += sum(len(row.value) for row in section.rows)
    if total > MAX_PACK_CHARS:
        raise PackTooLarge(
            f"section_too_large: the answers hold {total:,} characters; a pack prints at most {MAX_PACK_CHARS:,}"
        )
