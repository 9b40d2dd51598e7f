"""Build the Ofsted notification letter template with python-docx (run: python build_template.py).

docxtpl tags: {%p %} for paragraph blocks, {%tr %} for table-row loops, {{ }} for values. The context is the plain
`letter` dictionary of coordination.letter.letter_context; every value is escaped by the Jinja sandbox.
"""

import sys
from collections.abc import Sequence
from pathlib import Path

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Cm, Pt

ROOT = Path(__file__).resolve().parent
sys.path.insert(0, str(ROOT.parent))  # templates_docs/docx_parts.py, shared with the pack templates' builder

from docx_parts import SECONDARY, grid, loop_rows, marking, properties, saved, styles  # noqa: E402

OUTPUT = ROOT / "notification.docx"

CHILD = [
    ("Initials", "{{ letter.child_initials }}"),
    ("Age when the search ended", "{{ letter.child_age }}"),
]
SEARCH = [
    ("Referral submitted to the coordination unit", "{{ letter.submitted_on }}"),
    ("Search opened", "{{ letter.opened_on }}"),
    ("Search ended", "{{ letter.closed_on }}"),
    ("Days the search was open", "{{ letter.days_open }}"),
    ("Secure children's homes asked", "{{ letter.attempts }}"),
    ("Offers of a place", "{{ letter.offers }}"),
]
CLOSURE = [
    ("How the search ended", "{{ letter.outcome }}"),
    ("Where the child is living now (SSDA903 placement type)", "{{ letter.place }}"),
    ("Registered or approved provision", "{{ letter.registered }}"),
    ("Deprivation of liberty order", "{{ letter.dol_order }}"),
    ("Provider (SSDA903 placement provider)", "{{ letter.provider }}"),
]
SENDER = [
    ("Name", ""),
    ("Role", ""),
    ("Date sent", ""),
]


def _page(document: DocxDocument) -> None:
    section = document.sections[0]
    section.page_height, section.page_width = Cm(29.7), Cm(21.0)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Cm(2.2))
    marking(section.header.paragraphs[0])
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    footer.add_run("{{ letter.local_authority }} | Reference {{ letter.reference }}").font.size = Pt(8)
    marking(section.footer.add_paragraph())


def _table(
    document: DocxDocument, header: tuple[str, ...], rows: Sequence[tuple[str, ...]], widths: tuple[float, ...]
) -> None:
    grid(document, header, rows, widths)
    document.add_paragraph()


def _note(document: DocxDocument, text: str) -> None:
    run = document.add_paragraph().add_run(text)
    run.font.size, run.font.color.rgb = Pt(9), SECONDARY


def _letter(document: DocxDocument) -> None:
    marking(document.add_paragraph())
    document.add_paragraph(
        "Notification to {{ letter.regulator }}: a child could not be placed in a secure children's home", style="Title"
    )
    for line in (
        "To: {{ letter.addressee }}",
        "From: {{ letter.local_authority }}",
        "Our reference: {{ letter.reference }}",
        "Date: {{ letter.drafted_on }}",
    ):
        document.add_paragraph(line)
    document.add_paragraph(
        "{{ letter.local_authority }} referred a child to the Secure Welfare Coordination Unit for a place in a secure "
        "children's home on welfare grounds. No secure children's home could offer the child a place that was taken "
        "up, and the search has ended. This letter tells you the facts of the search and where the child is living now."
    )
    document.add_paragraph("The child", style="Heading 1")
    _table(document, ("Detail", ""), CHILD, (7.0, 9.6))
    _note(
        document,
        "To keep personal data to the minimum this letter does not name the child or give their date of birth. "
        "Contact us, quoting our reference, if you need to know more.",
    )
    document.add_paragraph("The search", style="Heading 1")
    _table(document, ("Detail", ""), SEARCH, (7.0, 9.6))
    document.add_paragraph("Homes asked and their decisions", style="Heading 1")
    document.add_paragraph("{%p if letter.homes %}")
    _table(
        document,
        ("Secure children's home", "Decision", "Reasons given"),
        loop_rows("home in letter.homes", "{{ home.name }}", "{{ home.decision }}", "{{ home.reasons }}"),
        (5.6, 4.0, 7.0),
    )
    document.add_paragraph("{%p else %}")
    document.add_paragraph("The search ended before any secure children's home was asked.")
    document.add_paragraph("{%p endif %}")
    document.add_paragraph("Reasons homes gave for declining", style="Heading 1")
    document.add_paragraph("{%p if letter.reasons %}")
    _table(
        document,
        ("Reason", "Homes giving it"),
        loop_rows("reason in letter.reasons", "{{ reason.label }}", "{{ reason.count }}"),
        (12.0, 4.6),
    )
    document.add_paragraph("{%p else %}")
    document.add_paragraph("No home declined with a coded reason.")
    document.add_paragraph("{%p endif %}")
    document.add_paragraph("How the search ended", style="Heading 1")
    _table(document, ("Detail", ""), CLOSURE, (7.0, 9.6))
    document.add_paragraph("Sent by", style="Heading 1")
    _note(document, "Complete before sending, then record in the service that the letter has been sent.")
    _table(document, ("Detail", ""), SENDER, (7.0, 9.6))


def template_bytes() -> bytes:
    """The template as .docx bytes, with fixed zip timestamps so rebuilding changes nothing."""
    document = Document()
    styles(document, 11, {"Title": 20, "Heading 1": 14})
    _page(document)
    properties(
        document,
        title="Notification to {{ letter.regulator }} {{ letter.reference }}",
        author="Secure Welfare Coordination Unit",
    )
    _letter(document)
    return saved(document)


def main() -> int:
    """Write templates_docs/ofsted-notification/notification.docx."""
    OUTPUT.write_bytes(template_bytes())
    sys.stdout.write(f"{OUTPUT.relative_to(ROOT.parent)}\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
