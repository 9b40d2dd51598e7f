"""The DOCX pack: the version's docxtpl template rendered in the Jinja sandbox with plain data only."""

import io
from dataclasses import asdict
from pathlib import Path
from typing import Any

from docx import Document
from docx.document import Document as DocxDocument
from jinja2 import TemplateError

from documents.adapters import docx_blocks_move, docx_package_bytes
from documents.docx_render import docx_render

from ..glance import ChildAtAGlance
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
CONTEXT_NAMES = ("referral", "sections", "answers", "attachments", "glance")
GLANCE_TITLE = "Child at a glance"


def docx_context(content: PackContent) -> dict[str, Any]:
    """Plain dicts and strings only: no model instances or querysets ever reach a template."""
    facts = asdict(content.facts)
    return {
        "referral": {name: facts[name] for name in FACT_NAMES},
        "sections": [_section_context(section) for section in content.sections],
        "answers": content.answers,
        "attachments": [attachment.label for attachment in content.attachments],
        "glance": [asdict(row) for row in content.glance.rows()] if content.glance else [],
    }


def _glance_insert(document: DocxDocument, glance: ChildAtAGlance) -> None:
    """The glance on the cover whatever the template: a heading and a table after the body's first table (the
    pack's facts in the shipped templates), or at the top of the body when the template has no table."""
    heading = document.add_paragraph()
    heading.add_run(GLANCE_TITLE).bold = True
    table = document.add_table(rows=0, cols=2)
    if document.tables[:-1]:
        table.style = document.tables[0].style
    for row in glance.rows():
        cells = table.add_row().cells
        cells[0].paragraphs[0].add_run(row.label).bold = True
        cells[1].text = row.value
    if len(document.tables) > 1:
        docx_blocks_move(document.tables[0], [heading, table])
    elif document.paragraphs[:-1]:
        docx_blocks_move(document.paragraphs[0], [heading, table], before=True)


def _with_glance(data: bytes, glance: ChildAtAGlance | None) -> bytes:
    if glance is None:
        return data
    document = Document(io.BytesIO(data))
    _glance_insert(document, glance)
    return docx_package_bytes(document)


def pack_docx(template: Path, content: PackContent) -> bytes:
    """Render the template; any template error (including a sandbox SecurityError) fails the pack cleanly."""
    try:
        return _with_glance(docx_render(template, docx_context(content), content.example), content.glance)
    except RENDER_ERRORS as error:
        raise PackRenderError(f"The pack template could not be rendered: {type(error).__name__}") from error
