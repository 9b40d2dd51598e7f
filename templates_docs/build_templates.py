"""Build the pack DOCX templates for SAN referral form v3, v4 and v5 with python-docx (run: python build_templates.py).

The templates use docxtpl tags: {%p %} for paragraph loops, {%tr %} for table-row loops and {{ }} for values.
Values are the plain context of forms_engine.packs.docx.docx_context; every value is escaped by the sandbox.
"""

import sys
from collections.abc import Sequence
from pathlib import Path

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.section import WD_SECTION_START
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt
from docx.table import Table
from docx.text.paragraph import Paragraph
from docx_parts import SECONDARY, grid, hyperlink, loop_rows, marking, properties, saved, styles

ROOT = Path(__file__).resolve().parent
FORM_KEY = "san-referral"
VERSIONS = {
    3: "SAN referral form v3 (in use before 1 April 2019)",
    4: "SAN referral form v4 (effective 1 April 2019)",
    5: "SAN referral form v5 (effective 1 April 2021)",
    6: "SAN referral form v6 (Children's Wellbeing and Schools Act 2026)",
}
GUIDANCE = [
    ("Secure Welfare Coordination Unit", "https://www.securechildrenshomes.org.uk/secure-welfare-coordination-unit/"),
    ("The Children (Secure Accommodation) Regulations 1991", "https://www.legislation.gov.uk/uksi/1991/1505/contents"),
]
FACTS = [
    ("Referral reference", "{{ referral.reference }}"),
    ("Referring local authority", "{{ referral.local_authority }}"),
    ("Form version", "{{ referral.version_label }}"),
    ("Statement of responsibility signed by", "{{ referral.signed_by }}"),
    ("Issued to", "{{ referral.recipient }}"),
    ("Issued at", "{{ referral.issued_at }}"),
    ("Pack ID", "{{ referral.pack_id }}"),
]


def _field(paragraph: Paragraph, instruction: str) -> None:
    """A simple field (PAGE, NUMPAGES): Word fills it in; no fldChar/instrText runs in the template."""
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), instruction)
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "1"
    run.append(text)
    field.append(run)
    paragraph._p.append(field)


def _guidance(document: DocxDocument) -> None:
    paragraph = document.add_paragraph()
    paragraph.add_run("Guidance: ").font.size = Pt(9)
    for number, (text, url) in enumerate(GUIDANCE):
        if number:
            paragraph.add_run("; ").font.size = Pt(9)
        hyperlink(paragraph, text, url)
    paragraph.add_run(".").font.size = Pt(9)


def _header_footer(document: DocxDocument) -> None:
    section = document.sections[0]
    section.page_height, section.page_width = Cm(29.7), Cm(21.0)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Cm(2))
    marking(section.header.paragraphs[0])
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = footer.add_run(
        "Issued to {{ referral.recipient }} | Pack {{ referral.pack_id }} | {{ referral.issued_at }} | Page "
    )
    run.font.size = Pt(8)
    _field(footer, "PAGE")
    footer.add_run(" of ").font.size = Pt(8)
    _field(footer, "NUMPAGES")
    marking(section.footer.add_paragraph())


def _table(document: DocxDocument, header: tuple[str, str], rows: Sequence[tuple[str, ...]]) -> Table:
    return grid(document, header, rows, (6.5, 10.5))


def _cover(document: DocxDocument, version_note: str) -> None:
    marking(document.add_paragraph())
    document.add_paragraph("Secure welfare referral", style="Title")
    subtitle = document.add_paragraph().add_run("Referral pack for {{ referral.recipient }}")
    subtitle.font.size, subtitle.font.color.rgb = Pt(14), SECONDARY
    _table(document, ("About this pack", ""), FACTS)
    note = document.add_paragraph().add_run(
        "This pack is issued to {{ referral.recipient }} only, to decide whether the home can keep this child safe. "
        f"Do not copy or forward it. Template for {version_note}."
    )
    note.font.size, note.font.color.rgb = Pt(9), SECONDARY
    _guidance(document)
    document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)


def _sections(document: DocxDocument) -> None:
    document.add_paragraph("{%p for section in sections %}")
    document.add_paragraph("{{ section.title }}", style="Heading 1")
    document.add_paragraph("{%p if section.rows %}")
    _table(
        document,
        ("Question", "Answer"),
        loop_rows("row in section.rows", "{{ row.label }}", "{{ row.value or 'Not answered' }}"),
    )
    document.add_paragraph("{%p endif %}")
    document.add_paragraph("{%p for group in section.groups %}")
    document.add_paragraph("{{ group.label }}", style="Heading 2")
    document.add_paragraph("{%p if not group.entries %}")
    document.add_paragraph("None given.")
    document.add_paragraph("{%p endif %}")
    document.add_paragraph("{%p for item in group.entries %}")
    document.add_paragraph().add_run("{{ group.item_label }} {{ loop.index }}").bold = True
    _table(
        document,
        ("Detail", "Answer"),
        loop_rows("cell in item", "{{ cell.label }}", "{{ cell.value or 'Not given' }}"),
    )
    document.add_paragraph("{%p endfor %}")
    document.add_paragraph("{%p endfor %}")
    document.add_paragraph("{%p endfor %}")


def _attachments(document: DocxDocument) -> None:
    document.add_paragraph("{%p if attachments %}")
    document.add_paragraph("Attached documents", style="Heading 1")
    document.add_paragraph("These documents are merged into the PDF pack, after the answers.")
    document.add_paragraph("{%p for name in attachments %}")
    document.add_paragraph("{{ name }}", style="List Bullet")
    document.add_paragraph("{%p endfor %}")
    document.add_paragraph("{%p endif %}")


def template_bytes(number: int) -> bytes:
    """One version's template as .docx bytes, with fixed zip timestamps so rebuilding changes nothing."""
    document = Document()
    document.sections[0].start_type = WD_SECTION_START.NEW_PAGE
    styles(document, 10, {"Title": 24, "Heading 1": 16, "Heading 2": 12})
    document.styles["Title"].paragraph_format.space_after = Pt(6)
    _header_footer(document)
    properties(
        document, title="Secure welfare referral {{ referral.reference }}", author="Secure Accommodation Network"
    )
    _cover(document, VERSIONS[number])
    _sections(document)
    _attachments(document)
    return saved(document)


def main() -> int:
    """Write templates_docs/san-referral/v<N>/pack.docx for every version."""
    for number in VERSIONS:
        path = ROOT / FORM_KEY / f"v{number}" / "pack.docx"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(template_bytes(number))
        sys.stdout.write(f"{path.relative_to(ROOT)}\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
