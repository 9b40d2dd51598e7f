"""The DOCX pack: the version's docxtpl template rendered in the Jinja sandbox with plain data only."""

from dataclasses import asdict
from pathlib import Path
from typing import Any

from jinja2 import TemplateError

from documents.docx_render import docx_render

from .content import PackContent, PackGroup, PackSection
from .errors import PackRenderError

RENDER_ERRORS = (TemplateError, TypeError, ValueError, AttributeError, LookupError, OverflowError, RecursionError)


def _group_context(group: PackGroup) -> dict[str, Any]:
    return {
        "label": group.label,
        "item_label": group.item_label,
        "columns": list(group.columns),
        "entries": [[asdict(cell) for cell in item] for item in group.items],
    }


def _section_context(section: PackSection) -> dict[str, Any]:
    return {
        "key": section.key,
        "title": section.title,
        "rows": [asdict(row) for row in section.rows],
        "groups": [_group_context(group) for group in section.groups],
    }


FACT_NAMES = ("reference", "local_authority", "version_label", "issued_at", "recipient", "pack_id", "signed_by")
CONTEXT_NAMES = ("referral", "sections", "answers", "attachments")


def docx_context(content: PackContent) -> dict[str, Any]:
    """Plain dicts and strings only: no model instances or querysets ever reach a template."""
    facts = asdict(content.facts)
    return {
        "referral": {name: facts[name] for name in FACT_NAMES},
        "sections": [_section_context(section) for section in content.sections],
        "answers": content.answers,
        "attachments": [attachment.label for attachment in content.attachments],
    }


def pack_docx(template: Path, content: PackContent) -> bytes:
    """Render the template; any template error (including a sandbox SecurityError) fails the pack cleanly."""
    try:
        return docx_render(template, docx_context(content), content.example)
    except RENDER_ERRORS as error:
        raise PackRenderError(f"The pack template could not be rendered: {type(error).__name__}") from error
