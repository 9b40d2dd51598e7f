"""The pages every home's pack of one referral has in common, merged once per worker and reused.

A referral's packs for 14 homes differ only in the cover and the stamps: the contents, the sections and the
attachments are laid out and merged once (pdf_merge.shared_pdf) and reused. Entries are keyed by the SHA-256 of
everything those pages print and of every attachment's bytes, so a pack can only ever reuse pages made from exactly
its own content. The confined child builds an entry and hands it back; the worker keeps the most recent ones, up to
a memory budget, and the next child (a fork) starts with them.
"""

import hashlib
from collections import OrderedDict

from .content import PackContent
from .pdf_body import body_pdf
from .pdf_merge import SharedPdf, attachment_read, shared_pdf

MAX_ENTRIES = 4
BUDGET_BYTES = 256 * 1024 * 1024  # the most recent entry is always kept, however large
LAYOUT = "shared/2"  # change when the layout of the own pages or the merge changes
_SHARED: OrderedDict[str, SharedPdf] = OrderedDict()


def shared_key(content: PackContent, first_page: int) -> str:
    """SHA-256 of what the shared pages print and of the attachments: no recipient, pack id or issue time."""
    attachments = [(a.label, a.sha256) for a in content.attachments]
    printed = (LAYOUT, content.sections, attachments, first_page)
    return hashlib.sha256(repr(printed).encode()).hexdigest()


def _merged(content: PackContent, first_page: int) -> SharedPdf:
    """Read and check the attachments, lay out the contents and sections, and merge them."""
    attachments = [attachment_read(a.label, a.path.read_bytes(), a.sha256) for a in content.attachments]
    pages = [len(a.reader.pages) for a in attachments]
    body = body_pdf(content.sections, content.attachments, pages, first_page)
    return shared_pdf(body, attachments)


def shared_pages(content: PackContent, first_page: int) -> tuple[str, SharedPdf, bool]:
    """The shared pages for this content, from the worker's entries or merged now and kept; True when merged now."""
    key = shared_key(content, first_page)
    kept = _SHARED.get(key)
    shared = kept or _merged(content, first_page)
    shared_keep(key, shared)
    return key, shared, kept is None


def shared_keep(key: str, shared: SharedPdf | None) -> None:
    """Keep an entry (most recent last; None: the entry already kept under key was used again), dropping the
    oldest beyond MAX_ENTRIES or the memory budget."""
    if shared is None:
        if key in _SHARED:
            _SHARED.move_to_end(key)
        return
    _SHARED[key] = shared
    _SHARED.move_to_end(key)
    while len(_SHARED) > 1 and (
        len(_SHARED) > MAX_ENTRIES or sum(entry.size for entry in _SHARED.values()) > BUDGET_BYTES
    ):
        _SHARED.popitem(last=False)


def shared_drop(key: str) -> None:
    """Drop one entry, if it is kept."""
    _SHARED.pop(key, None)


def shared_forget() -> None:
    """Drop every entry (the benchmark measures a referral's first pack this way)."""
    _SHARED.clear()
