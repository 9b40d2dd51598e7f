"""The own pages every home's pack of one referral has in common (contents and sections), built once per worker.

A referral's packs for 14 homes differ only in the cover and the stamps; the contents and sections are laid out
once and reused. Entries are keyed by the SHA-256 of everything those pages print, so a pack can only ever reuse
pages made from exactly its own content. The confined child builds an entry and hands it back; the worker keeps the
last few, and the next child (a fork) starts with them.
"""

import hashlib
from collections import OrderedDict

from .content import PackContent
from .pdf_body import BodyPdf, body_pdf

MAX_ENTRIES = 4
LAYOUT = "body/1"  # change when the layout of the own pages changes
_BODIES: OrderedDict[str, BodyPdf] = OrderedDict()


def body_key(content: PackContent, attachment_pages: list[int], first_page: int) -> str:
    """SHA-256 of what the contents and sections print: no recipient, pack id or issue time is in them."""
    printed = (LAYOUT, content.sections, [a.label for a in content.attachments], attachment_pages, first_page)
    return hashlib.sha256(repr(printed).encode()).hexdigest()


def shared_body(content: PackContent, attachment_pages: list[int], first_page: int) -> tuple[str, BodyPdf]:
    """The contents and sections for this content, from the worker's entries or built now and kept."""
    key = body_key(content, attachment_pages, first_page)
    body = _BODIES.get(key) or body_pdf(content.sections, content.attachments, attachment_pages, first_page)
    shared_keep(key, body)
    return key, body


def shared_keep(key: str, body: BodyPdf) -> None:
    """Keep an entry (most recent last), dropping the oldest beyond MAX_ENTRIES."""
    _BODIES[key] = body
    _BODIES.move_to_end(key)
    while len(_BODIES) > MAX_ENTRIES:
        _BODIES.popitem(last=False)


def shared_forget() -> None:
    """Drop every entry (the benchmark measures a referral's first pack this way)."""
    _BODIES.clear()
