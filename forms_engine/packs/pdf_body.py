"""The pack's own pages with reportlab: cover, contents with page numbers, and every section's answers."""

import io
from dataclasses import dataclass
from typing import Any

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.platypus import (
    BaseDocTemplate,
    CondPageBreak,
    Flowable,
    Frame,
    PageBreak,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)
from reportlab.platypus.tableofcontents import TableOfContents

from documents.pdf_styles import RULE, SHADE, styles
from documents.safety import markup

from .content import PackAttachment, PackContent, PackGroup, PackRow, PackSection

WIDTH = A4[0] - 40 * mm
NOT_ANSWERED = "Not answered"
GLANCE_TITLE = "Child at a glance"


@dataclass(frozen=True)
class BodyPdf:
    """Rendered own pages; section_pages are the pack's page numbers (1-based) on which each section starts."""

    data: bytes
    section_pages: dict[str, int]
    pages: int


class _Marker(Flowable):
    """An invisible flowable at the end of the story: the attachments follow the page it lands on."""

    def wrap(self, *args: Any) -> tuple[float, float]:
        return 0, 0

    def draw(self) -> None:
        """Draws nothing."""


class _PackDocTemplate(BaseDocTemplate):
    """Records section pages and feeds the contents, including the attachments that follow the own pages."""

    def __init__(self, buffer: io.BytesIO, attachments: list[tuple[str, int]], first_page: int = 1) -> None:
        super().__init__(
            buffer,
            pagesize=A4,
            leftMargin=20 * mm,
            rightMargin=20 * mm,
            topMargin=24 * mm,
            bottomMargin=26 * mm,
            invariant=1,
        )
        frame = Frame(self.leftMargin, self.bottomMargin, self.width, self.height, id="main")
        self.addPageTemplates([PageTemplate("page", [frame])])
        self.attachments, self.offset = attachments, first_page - 1
        self.section_pages: dict[str, int] = {}

    def afterFlowable(self, flowable: Flowable) -> None:
        page = self.page + self.offset
        key = getattr(flowable, "pack_section", None)
        if key is not None:
            self.section_pages[key] = page
            self.notify("TOCEntry", (0, flowable.pack_toc_text, page))
        if isinstance(flowable, _Marker) and self.attachments:
            first = page + 1
            self.notify("TOCEntry", (0, "Attached documents", first))
            for label, offset in self.attachments:
                self.notify("TOCEntry", (1, markup(label), first + offset))


def _label_table(rows: list[tuple[str, str]]) -> Table:
    """Labels beside values, ruled between rows: the cover's facts and the child at a glance."""
    s = styles()
    table = Table(
        [[Paragraph(markup(label), s["label"]), Paragraph(markup(value), s["value"])] for label, value in rows],
        colWidths=[WIDTH * 0.38, WIDTH * 0.62],
    )
    table.setStyle(TableStyle([("LINEBELOW", (0, 0), (-1, -1), 0.5, RULE), ("VALIGN", (0, 0), (-1, -1), "TOP")]))
    return table


def _glance(content: PackContent) -> list[Flowable]:
    if content.glance is None:
        return []
    rows = [(row.label, row.value) for row in content.glance.rows()]
    return [Paragraph(GLANCE_TITLE, styles()["h2"]), _label_table(rows)]


def _cover(content: PackContent) -> list[Flowable]:
    s, facts = styles(), content.facts
    rows = [
        ("Referral reference", facts.reference),
        ("Referring local authority", facts.local_authority),
        ("Form version", facts.version_label),
        ("Statement of responsibility signed by", facts.signed_by),
        ("Issued to", facts.recipient),
        ("Issued at", facts.issued_at),
        ("Pack ID", facts.pack_id),
    ]
    table = _label_table(rows)
    note = (
        f"This pack is issued to {markup(facts.recipient)} only, to decide whether the home can keep this child "
        "safe. Do not copy or forward it. Every page carries the pack ID and the issue time."
    )
    stamp = [Paragraph(markup(content.example), s["marking"])] if content.example else []
    return [
        Paragraph("OFFICIAL-SENSITIVE", s["marking"]),
        *stamp,
        Paragraph("Secure welfare referral", s["title"]),
        Paragraph(f"Referral pack for {markup(facts.recipient)}", s["subtitle"]),
        table,
        *_glance(content),
        Paragraph(note, s["note"]),
    ]


def _contents() -> list[Flowable]:
    toc = TableOfContents(dotsMinLevel=0)
    toc.levelStyles = [styles()["toc0"], styles()["toc1"]]
    return [Paragraph("Contents", styles()["h1"]), toc]


def _row(row: PackRow) -> list[Flowable]:
    s = styles()
    value = Paragraph(markup(row.value), s["value"]) if row.value else Paragraph(NOT_ANSWERED, s["empty"])
    return [Paragraph(markup(row.label), s["label"]), value]


def _group(group: PackGroup) -> list[Flowable]:
    s = styles()
    heading = Paragraph(markup(group.label), s["h2"])
    if not group.items:
        return [heading, Paragraph("None given", s["empty"])]
    header = [Paragraph(markup(column), s["head"]) for column in group.columns]
    body = [[Paragraph(markup(cell.value), s["cell"]) for cell in item] for item in group.items]
    table = Table([header, *body], colWidths=[WIDTH / len(header)] * len(header), repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                ("BACKGROUND", (0, 0), (-1, 0), SHADE),
                ("GRID", (0, 0), (-1, -1), 0.5, RULE),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ]
        )
    )
    return [heading, table, Spacer(0, 4)]


def _section(section: PackSection) -> list[Flowable]:
    heading = Paragraph(markup(section.title), styles()["h1"])
    heading.pack_section, heading.pack_toc_text = section.key, markup(section.title)
    flowables: list[Flowable] = [CondPageBreak(50 * mm), heading]
    for entry in section.entries:
        flowables += _row(entry) if isinstance(entry, PackRow) else _group(entry)
    if not section.entries:
        flowables.append(Paragraph("No questions in this section were asked.", styles()["empty"]))
    return flowables


def _attachment_offsets(attachments: list[PackAttachment], pages: list[int]) -> list[tuple[str, int]]:
    offsets, start = [], 0
    for attachment, count in zip(attachments, pages, strict=True):
        offsets.append((attachment.label, start))
        start += count
    return offsets


def cover_pdf(content: PackContent) -> BodyPdf:
    """The cover, the only own page that differs from home to home (usually one page)."""
    buffer = io.BytesIO()
    document = _PackDocTemplate(buffer, [])
    document.build(_cover(content))
    return BodyPdf(buffer.getvalue(), {}, document.page)


def body_pdf(
    sections: list[PackSection], attachments: list[PackAttachment], attachment_pages: list[int], first_page: int
) -> BodyPdf:
    """Contents and sections, the same for every home, from pack page first_page (after the cover).

    Built twice over (multiBuild) so that the contents show the final page numbers.
    """
    buffer = io.BytesIO()
    document = _PackDocTemplate(buffer, _attachment_offsets(attachments, attachment_pages), first_page)
    story: list[Flowable] = [*_contents(), PageBreak()]
    for section in sections:
        story += _section(section)
    story.append(_Marker())
    document.multiBuild(story)
    return BodyPdf(buffer.getvalue(), dict(document.section_pages), document.page)
