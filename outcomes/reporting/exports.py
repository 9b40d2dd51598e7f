"""CSV and XLSX of published tables: shown figures only, symbols explained, the public log, no formula injection."""

import csv
import io
import re
from collections.abc import Iterable, Sequence

from openpyxl import Workbook
from openpyxl.styles import Font

from outcomes.disclosure import SYMBOLS, Published, Shown, public_log

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
NOTE = (
    "Figures are under statistical disclosure control. A 'c' cell is suppressed, not zero; spreadsheet software may "
    "read symbols as 0 or blank, so do not sum columns containing them."
)


def neutralise(value: object) -> str:
    """Text that a spreadsheet will not run as a formula: a leading = + - @ tab or CR gets an apostrophe."""
    text = str(value)
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text


def table_lines(table: Published) -> list[tuple[str, list[Shown]]]:
    """Each row label with its shown figures, including the Total column and the Total row when published."""
    lines = []
    for i, label in enumerate(table.row_labels):
        extra = [table.row_totals[i]] if table.row_totals else []
        lines.append((label, [*table.cells[i], *extra]))
    if table.column_totals:
        extra = [table.grand_total] if table.grand_total else []
        lines.append(("Total", [*table.column_totals, *extra]))
    return lines


def table_header(table: Published) -> list[str]:
    return ["", *table.column_labels, *(["Total"] if table.row_totals else [])]


def _notes(tables: Sequence[Published]) -> list[list[str]]:
    rows = [["Notes"], [NOTE], *([symbol, meaning] for symbol, meaning in SYMBOLS.items())]
    rows.append(["Table", "Row", "Column", "What was done"])
    rows += [[t.title, e.row, e.column, e.reason] for t in tables for e in public_log(t.log)]
    return rows


def tables_csv(tables: Sequence[Published]) -> bytes:
    """One CSV with each table under its title, then the notes and the public suppression log."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    for table in tables:
        writer.writerow([neutralise(table.title)])
        writer.writerow([neutralise(h) for h in table_header(table)])
        writer.writerows([[neutralise(label), *(str(s) for s in shown)] for label, shown in table_lines(table)])
        writer.writerow([])
    writer.writerows([[neutralise(cell) for cell in row] for row in _notes(tables)])
    return buffer.getvalue().encode("utf-8-sig")


def _sheet_title(title: str, used: set[str]) -> str:
    base = re.sub(r"[\[\]:*?/\\']", "", title)[:28] or "Table"
    name, n = base, 1
    while name in used:
        n += 1
        name = f"{base[:25]} {n}"
    used.add(name)
    return name


def _write(sheet, rows: Iterable[Sequence[object]]) -> None:
    for row in rows:
        sheet.append([_xlsx_value(v) for v in row])


def _xlsx_value(value: object) -> object:
    """Shown numbers stay numbers (percentages as fractions); everything else is neutralised text."""
    if isinstance(value, Shown) and value.is_number and value.value is not None:
        return value.value / 100 if value.percent else value.value
    return neutralise(value)


def tables_xlsx(tables: Sequence[Published]) -> bytes:
    """A workbook with a sheet per table and a Notes sheet; no cell can be a formula."""
    workbook = Workbook()
    used: set[str] = set()
    workbook.remove(workbook.active)
    for table in tables:
        sheet = workbook.create_sheet(_sheet_title(table.title, used))
        _write(sheet, [[table.title], table_header(table), *([label, *shown] for label, shown in table_lines(table))])
        sheet["A1"].font = Font(bold=True)
        for row in sheet.iter_rows(min_row=3):
            for cell in row[1:]:
                if isinstance(cell.value, float):
                    cell.number_format = "0%"
        sheet.column_dimensions["A"].width = 40
    _write(workbook.create_sheet(_sheet_title("Notes", used)), _notes(tables))
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if isinstance(cell.value, str):
                    cell.data_type = "s"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
