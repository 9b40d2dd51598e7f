"""Contract tests for documents/adapters.py: every private-API behaviour it relies on, at the pinned versions."""

import io
import tomllib
import zipfile
from pathlib import Path

import docx
import docxtpl
import pypdf
from docx import Document
from packaging.specifiers import SpecifierSet
from packaging.version import Version
from pypdf import PdfReader, PdfWriter
from pypdf.generic import DecodedStreamObject, IndirectObject, NameObject, NumberObject

from documents import adapters

PYPROJECT = tomllib.loads((Path(__file__).resolve().parents[2] / "pyproject.toml").read_text())


def _pinned(name: str) -> SpecifierSet:
    for requirement in PYPROJECT["project"]["dependencies"]:
        base = requirement.split(";")[0].split("[")[0]
        package = base.split(">")[0].split("<")[0].split("=")[0].strip()
        if package == name:
            return SpecifierSet(base[len(package) :].strip())
    raise AssertionError(f"{name} is not pinned in pyproject.toml")


class TestPinnedVersions:
    """The adapter is written for the versions pyproject.toml allows; an installed version outside them fails here."""

    def test_pypdf_is_within_its_pin(self) -> None:
        """pypdf's private writer API is what the PDF adapters use."""
        assert Version(pypdf.__version__) in _pinned("pypdf")

    def test_python_docx_is_within_its_pin(self) -> None:
        """python-docx's PackageWriter internals write packs' DOCX files."""
        assert Version(docx.__version__) in _pinned("python-docx")

    def test_docxtpl_is_within_its_pin(self) -> None:
        """docxtpl's patch_xml is called unbound."""
        assert Version(docxtpl.__version__) in _pinned("docxtpl")


def _two_page_writer() -> PdfWriter:
    writer = PdfWriter()
    writer.add_blank_page(100, 100)
    writer.add_blank_page(100, 100)
    return writer


def _written(writer: PdfWriter) -> PdfReader:
    buffer = io.BytesIO()
    writer.write(buffer)
    return PdfReader(io.BytesIO(buffer.getvalue()))


class TestPdfAdapters:
    """Object numbering and raw objects behave as the pack merger assumes."""

    def test_an_added_object_gets_the_next_number_and_is_written(self) -> None:
        """pdf_add_object returns a reference numbered after every object so far."""
        writer = _two_page_writer()
        count = adapters.pdf_object_count(writer)
        stream = DecodedStreamObject()
        stream.set_data(b"q Q")
        reference = adapters.pdf_add_object(writer, stream)
        assert isinstance(reference, IndirectObject) and reference.idnum == count + 1
        assert adapters.pdf_object_count(writer) == count + 1
        writer.pages[0][NameObject("/Extra")] = reference
        assert _written(writer).pages[0]["/Extra"].get_object().get_data() == b"q Q"

    def test_objects_from_lists_numbers_and_objects_from_the_first_asked(self) -> None:
        """pdf_objects_from yields (number, object) pairs, numbered from 1 as PDF numbers objects."""
        writer = _two_page_writer()
        pairs = list(adapters.pdf_objects_from(writer, 1))
        assert [number for number, _ in pairs] == list(range(1, adapters.pdf_object_count(writer) + 1))
        page = writer.pages[1].indirect_reference
        assert page is not None and dict(pairs)[page.idnum] is writer.pages[1]

    def test_raw_objects_appended_and_replaced_are_written_byte_for_byte(self) -> None:
        """Serialised objects keep their numbers and bytes through a write."""
        writer = _two_page_writer()
        first = adapters.pdf_object_count(writer) + 1
        adapters.pdf_objects_append(writer, [b"42", None, b"(kept)"])
        assert adapters.pdf_object_count(writer) == first + 2
        adapters.pdf_object_replace(writer, first, b"43")
        writer.pages[0][NameObject("/Number")] = IndirectObject(first, 0, writer)
        writer.pages[0][NameObject("/Text")] = IndirectObject(first + 2, 0, writer)
        page = _written(writer).pages[0]
        assert page["/Number"].get_object() == NumberObject(43) and page["/Text"].get_object() == "kept"

    def test_a_fresh_writer_starts_numbering_at_the_same_place_every_time(self) -> None:
        """The shared pages of a referral are numbered for a fresh writer; the pack checks the count is unchanged."""
        assert adapters.pdf_object_count(PdfWriter()) == adapters.pdf_object_count(PdfWriter()) > 0

    def test_links_are_resolved_without_writing(self) -> None:
        """pdf_resolve_links runs on an appended document and leaves its pages in place."""
        source = _two_page_writer()
        writer = PdfWriter()
        writer.append(_written(source), import_outline=False)
        adapters.pdf_resolve_links(writer)
        assert len(writer.pages) == 2


class TestDocxAdapters:
    """Packages written with fixed timestamps, and docxtpl's clean-up called unbound."""

    def test_a_package_is_written_with_fixed_times_and_opens_again(self) -> None:
        """Same document, same bytes; every member carries ZIP_TIME; python-docx reads it back."""
        document = Document()
        document.add_paragraph("Referral pack")
        first, second = adapters.docx_package_bytes(document), adapters.docx_package_bytes(document)
        assert first == second
        with zipfile.ZipFile(io.BytesIO(first)) as package:
            assert {info.date_time for info in package.infolist()} == {adapters.ZIP_TIME}
            assert "word/document.xml" in package.namelist()
        assert Document(io.BytesIO(first)).paragraphs[-1].text == "Referral pack"

    def test_docxtpl_clean_up_joins_a_tag_split_across_runs(self) -> None:
        """Word splits `{{ x }}` across runs; the clean-up joins it so Jinja sees one tag."""
        xml = "<w:p><w:r><w:t>{{ refer</w:t></w:r><w:r><w:t>ral.reference }}</w:t></w:r></w:p>"
        assert "{{ referral.reference }}" in adapters.docxtpl_patch_xml(xml)
