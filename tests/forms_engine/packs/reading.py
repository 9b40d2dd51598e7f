"""Readers for generated packs: text of every DOCX part and every PDF page, and the PDF outline as titles."""

import io
import json
import zipfile
from pathlib import Path
from typing import IO, Any

from docx import Document
from pypdf import PdfReader

from ops import storage


def docx_text(path: Path | IO[bytes]) -> str:
    """All body text, table cells included, then headers and footers, as python-docx reads them."""
    document = Document(path if not isinstance(path, Path) else str(path))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        parts += [cell.text for row in table.rows for cell in row.cells]
    for section in document.sections:
        parts += [p.text for p in section.header.paragraphs] + [p.text for p in section.footer.paragraphs]
    return "\n".join(parts)


def docx_xml(path: Path) -> str:
    with zipfile.ZipFile(path) as archive:
        return archive.read("word/document.xml").decode()


def pdf_pages_text(path: Path) -> list[str]:
    return [page.extract_text() or "" for page in PdfReader(path).pages]


def outline_titles(outline: list[Any]) -> list[str]:
    """Titles of every outline item, nested ones included."""
    titles: list[str] = []
    for item in outline:
        titles += outline_titles(item) if isinstance(item, list) else [str(item["/Title"])]
    return titles


def manifest(path: Path) -> dict[str, Any]:
    return json.loads(path.read_text())


def stored(key: str) -> io.BytesIO:
    """A file kept in the protected storage, to read as the functions above read a path."""
    return io.BytesIO(storage.read_bytes(key))
