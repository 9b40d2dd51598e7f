"""The gate an uploaded template passes before it goes live: container, Jinja syntax, names, dry renders.

1. The container is a plain, bounded .docx (container.py), checked before python-docx opens it.
2. Every part docxtpl renders (body, headers, footers, footnotes, document properties) parses in the sandbox.
3. No expression reaches for private attributes, `attr` or `format`, and every name it uses is pack data:
   `referral.<fact>`, `answers.<question key of this version>`, `sections`, `attachments`.
4. It renders every mock referral of the version in the confined child, with time and memory limits (the first
   render stopped at a limit ends the check: an expensive template costs the editor one limit, not one per mock).

The check reads nothing from the database and writes nothing: callers run it outside any transaction
(forms_engine/services/pack_templates.py), so no lock is held while it renders.
"""

import re
from pathlib import Path

from docxtpl import DocxTemplate
from jinja2 import TemplateSyntaxError, meta, nodes

from documents.confinement import ConfinementFailed, Limits
from documents.container import docx_container_problems
from documents.render_child import RENDER_LIMITS, docx_render_confined
from documents.safety import docx_environment
from ops import storage

from ..models import FormVersion
from ..schema import iter_questions
from .docx import CONTEXT_NAMES, FACT_NAMES

LIMIT_KINDS = frozenset({"cpu", "memory", "wall_clock", "died"})  # the child hit a limit or was killed
_FORBIDDEN_ATTRIBUTES = frozenset({"format", "format_map", "mro", "gi_frame", "f_globals", "func_globals"})
_FOOTNOTES = "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"
_PROPERTIES = ("author", "comments", "identifier", "language", "subject", "title")


def template_parts(path: Path) -> list[tuple[str, str]]:
    """(part name, template text) for everything docxtpl renders, patched exactly as docxtpl patches it."""
    document = DocxTemplate(str(path))
    document.init_docx()
    parts = [("the body", document.patch_xml(document.get_xml()))]
    for label, uri in (("a header", document.HEADER_URI), ("a footer", document.FOOTER_URI)):
        parts += [
            (label, document.patch_xml(document.get_part_xml(part))) for _, part in document.get_headers_footers(uri)
        ]
    for part in document.docx.part.package.parts:
        if part.content_type == _FOOTNOTES:
            parts.append(("the footnotes", document.patch_xml(part.blob.decode("utf-8"))))
    properties = document.docx.core_properties
    parts += [(f"the document {name}", getattr(properties, name) or "") for name in _PROPERTIES]
    return parts


def _near(text: str, lineno: int | None) -> str:
    if not lineno:
        return ""
    line = re.sub(r"<[^>]+>", "", text.splitlines()[lineno - 1] if lineno <= len(text.splitlines()) else "")
    return f" near “{line.strip()[:80]}”" if line.strip() else ""


def _constant_key(node: nodes.Node) -> str | None:
    if isinstance(node, nodes.Getattr):
        return node.attr
    if isinstance(node, nodes.Getitem) and isinstance(node.arg, nodes.Const) and isinstance(node.arg.value, str):
        return node.arg.value
    return None


def _forbidden(tree: nodes.Template, where: str) -> list[str]:
    problems = []
    for node in tree.find_all((nodes.Getattr, nodes.Getitem, nodes.Filter)):
        key = node.name if isinstance(node, nodes.Filter) and node.name == "attr" else _constant_key(node)
        if key is not None and (key.startswith("_") or key in _FORBIDDEN_ATTRIBUTES or key == "attr"):
            problems.append(f"In {where}, the template uses a forbidden expression (‘{key}’)")
    return problems


def _undeclared(tree: nodes.Template, where: str, version: FormVersion, question_keys: set[str]) -> list[str]:
    problems = [
        f"In {where}, ‘{name}’ is not pack data: use referral.…, answers.…, sections or attachments"
        for name in sorted(meta.find_undeclared_variables(tree) - set(CONTEXT_NAMES) - {"range", "loop"})
    ]
    for node in tree.find_all((nodes.Getattr, nodes.Getitem)):
        base = getattr(node, "node", None)
        if not isinstance(base, nodes.Name):
            continue
        key = _constant_key(node)
        if base.name == "answers" and key is not None and key not in question_keys:
            problems.append(f"In {where}, answers.{key} is not a question of {version.label}")
        if base.name == "referral" and key is not None and key not in FACT_NAMES:
            problems.append(f"In {where}, referral.{key} is not known: use one of {', '.join(FACT_NAMES)}")
    return problems


def template_static_problems(path: Path, version: FormVersion) -> list[str]:
    """Syntax, forbidden expressions and undeclared names in every part, without rendering anything."""
    environment = docx_environment()
    question_keys = {question["key"] for _, _, question in iter_questions(version.schema)}
    problems: list[str] = []
    for where, text in template_parts(path):
        text = re.sub(r"<w:p([ >])", r"\n<w:p\1", text)  # one paragraph per line, as docxtpl renders it
        try:
            tree = environment.parse(text)
        except TemplateSyntaxError as error:
            problems.append(f"In {where}, a template tag is not valid{_near(text, error.lineno)}: {error.message}")
            continue
        problems += _forbidden(tree, where) + _undeclared(tree, where, version, question_keys)
    return list(dict.fromkeys(problems))


def template_problems(
    data: bytes, version: FormVersion, mocks: list[tuple[str, dict]], *, limits: Limits = RENDER_LIMITS
) -> list[str]:
    """Every reason the template cannot go live; mocks are (title, DOCX context) pairs of the version."""
    problems = docx_container_problems(data)
    if problems:
        return problems
    with storage.scratch_folder("pack-template-") as folder:
        path = Path(folder) / "template.docx"
        path.write_bytes(data)
        try:
            problems = template_static_problems(path, version)
        except Exception:  # noqa: BLE001 - python-docx may still fail on a strange but bounded file
            return ["The file could not be opened as a Word document (.docx)"]
        if problems:
            return problems
        if not mocks:
            return [f"There is no mock referral of {version.label} to try the template with"]
        for title, context in mocks:
            try:
                docx_render_confined(path, context, limits=limits)
            except ConfinementFailed as failure:
                problems.append(_render_problem(title, failure))
                if failure.kind in LIMIT_KINDS:
                    break  # too expensive for one mock is reason enough: the others would each cost the limit too
    return problems


def _render_problem(title: str, failure: ConfinementFailed) -> str:
    if failure.kind == "SecurityError":
        return f"Rendering the mock referral ‘{title}’: the template uses a forbidden expression ({failure.detail})"
    if failure.kind in LIMIT_KINDS:
        return f"Rendering the mock referral ‘{title}’ was stopped: {failure.detail} (template_too_expensive)"
    if failure.kind == "UndefinedError":
        return f"Rendering the mock referral ‘{title}’: {failure.detail} (undefined variable)"
    return f"Rendering the mock referral ‘{title}’ failed: {failure.kind} {failure.detail}".strip()
