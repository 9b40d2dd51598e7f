"""The pack cover carries the child at a glance, in the PDF (first page) and in the DOCX (after the pack's facts)."""

import io
from pathlib import Path
from typing import Any

import pytest
from docx import Document
from pypdf import PdfReader

from forms_engine.glance import child_at_a_glance
from forms_engine.models import Referral
from forms_engine.packs import PackResult
from tests.forms_engine.packs import conftest as _packs

# The packs' fixtures, shared rather than copied.
submitted, home, pack, _no_shared_pages = _packs.submitted, _packs.home, _packs.pack, _packs._no_shared_pages
ISSUED_AT = _packs.ISSUED_AT
LABELS = (
    "Age",
    "Sex",
    "Legal route",
    "Order ends",
    "Staffing the child needs",
    "Main risks",
    "Expected length of stay",
)


def _expected(referral: Referral) -> Any:
    version = referral.version
    return child_at_a_glance(
        schema=version.schema, code_lists=version.code_lists, answers=referral.answers, on=ISSUED_AT.date()
    )


@pytest.mark.django_db
class TestThePackCoverHasTheGlance:
    """The home sees the child at a glance before it opens the pack's sections."""

    def test_the_pdf_s_first_page_prints_every_fact_and_no_name(self, pack: PackResult, submitted: Referral) -> None:
        """Page 1 of the PDF has the heading, each label and each value of the glance, but not the child's name."""
        pages = PdfReader(pack.pdf_path).pages
        first = pages[0].extract_text()
        assert pages[1].extract_text().lstrip().startswith("Contents")  # the cover is still one page
        flat = " ".join(first.split())
        assert "Child at a glance" in flat and "Referral pack for Aycliffe Secure Centre" in flat
        for row in _expected(submitted).rows():
            assert row.label in flat
            assert " ".join(row.value.split())[:40] in flat, row
        assert "Taylor" not in first and "Sam " not in first

    def test_the_docx_cover_has_the_glance_table_after_the_pack_s_facts(
        self, pack: PackResult, submitted: Referral
    ) -> None:
        """The second table of the DOCX is the glance, headed, before the cover's page break."""
        document = Document(io.BytesIO(Path(pack.docx_path).read_bytes()))
        facts, glance = document.tables[0], document.tables[1]
        assert facts.rows[1].cells[0].text == "Referral reference"
        rows = [(row.cells[0].text, row.cells[1].text) for row in glance.rows]
        assert rows == [(row.label, row.value) for row in _expected(submitted).rows()]
        assert [label for label, _ in rows] == list(LABELS)
        body = [p.text for p in document.paragraphs]
        assert body.index("Child at a glance") < body.index(submitted.version.schema["sections"][0]["title"])
        assert "Taylor" not in "".join(cell for row in rows for cell in row)
