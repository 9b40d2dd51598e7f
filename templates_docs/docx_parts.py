"""Building blocks shared by the DOCX template builders (pack templates and the Ofsted notification letter).

Colours, styles, the OFFICIAL-SENSITIVE marking, shaded grid tables, docxtpl table-row loops, hyperlinks, fixed
document properties and fixed zip timestamps, so that rebuilding a template gives a byte-identical file.
"""

import datetime
import io
import zipfile
from collections.abc import Sequence

from docx.document import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph

TEXT, SECONDARY, SHADE = RGBColor(0x0B, 0x0C, 0x0C), RGBColor(0x50, 0x5A, 0x5F), "F3F2F1"
LINK = "1D70B8"
FIXED_TIME = (2000, 1, 1, 0, 0, 0)


def styles(document: Document, normal_size: int, headings: dict[str, int]) -> None:
    """Arial in the GOV.UK text colour, British English, bold headings of the given sizes."""
    normal = document.styles["Normal"]
    normal.font.name, normal.font.size, normal.font.color.rgb = "Arial", Pt(normal_size), TEXT
    lang = OxmlElement("w:lang")
    lang.set(qn("w:val"), "en-GB")
    normal.element.get_or_add_rPr().append(lang)
    for name, size in headings.items():
        style = document.styles[name]
        style.font.name, style.font.size, style.font.bold, style.font.color.rgb = "Arial", Pt(size), True, TEXT


def properties(document: Document, *, title: str, author: str) -> None:
    """Core properties with a fixed date and revision (no time of building in the file)."""
    core = document.core_properties
    core.title, core.subject = title, "OFFICIAL-SENSITIVE"
    core.author, core.language, core.keywords = author, "en-GB", ""
    core.created = core.modified = datetime.datetime(2000, 1, 1, tzinfo=datetime.UTC)
    core.revision = 1


def marking(paragraph: Paragraph) -> None:
    """The OFFICIAL-SENSITIVE marking, bold and centred."""
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    paragraph.add_run("OFFICIAL-SENSITIVE").bold = True


def shade(cell: _Cell) -> None:
    """A light grey fill for a table cell."""
    cell_properties = cell._tc.get_or_add_tcPr()
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:fill"), SHADE)
    cell_properties.append(shading)


def grid(
    document: Document, header: tuple[str, ...], rows: Sequence[tuple[str, ...]], widths: tuple[float, ...]
) -> Table:
    """A grid with a shaded header row that repeats on every page; widths in centimetres."""
    table = document.add_table(rows=1, cols=len(header))
    table.style, table.alignment = document.styles["Table Grid"], WD_TABLE_ALIGNMENT.LEFT
    for cell, text in zip(table.rows[0].cells, header, strict=True):
        cell.paragraphs[0].add_run(text).bold = True
        shade(cell)
    table.rows[0]._tr.get_or_add_trPr().append(OxmlElement("w:tblHeader"))
    for values in rows:
        for cell, text in zip(table.add_row().cells, values, strict=True):
            cell.text = text
    for row in table.rows:
        for cell, width in zip(row.cells, widths, strict=True):
            cell.width = Cm(width)
    return table


def loop_rows(loop: str, *cells: str) -> list[tuple[str, ...]]:
    """The three rows of a docxtpl table-row loop: opening tag, the repeated row, closing tag."""
    blank = ("",) * (len(cells) - 1)
    return [(f"{{%tr for {loop} %}}", *blank), cells, ("{%tr endfor %}", *blank)]


def hyperlink(paragraph: Paragraph, text: str, url: str) -> None:
    """A hyperlink run: an external hyperlink relationship (the only kind the template check allows)."""
    link = OxmlElement("w:hyperlink")
    link.set(qn("r:id"), paragraph.part.relate_to(url, RT.HYPERLINK, is_external=True))
    run, run_properties = OxmlElement("w:r"), OxmlElement("w:rPr")
    for tag, value in (("w:color", LINK), ("w:u", "single")):
        element = OxmlElement(tag)
        element.set(qn("w:val"), value)
        run_properties.append(element)
    text_element = OxmlElement("w:t")
    text_element.text = text
    run.append(run_properties)
    run.append(text_element)
    link.append(run)
    paragraph._p.append(link)


def saved(document: Document) -> bytes:
    """The document as .docx bytes with fixed zip timestamps, so rebuilding changes nothing."""
    buffer = io.BytesIO()
    document.save(buffer)
    source, out = zipfile.ZipFile(io.BytesIO(buffer.getvalue())), io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            target.writestr(zipfile.ZipInfo(info.filename, FIXED_TIME), source.read(info), zipfile.ZIP_DEFLATED)
    return out.getvalue()
