"""Every page is stamped, by the fast Helvetica path or, for names WinAnsi cannot print, by the embedded fonts."""

from pathlib import Path

import pytest
from pypdf import PdfReader

from forms_engine.models import Referral
from forms_engine.packs import pack_render
from forms_engine.packs.content import PackContent, PackFacts
from forms_engine.packs.pdf_stamp import PageBoxes, stamp_forms
from tests.factories import SecureHomeFactory

from .conftest import ISSUED_AT
from .reading import pdf_pages_text

A4 = PageBoxes((0, 0, 595, 842), (0, 0, 595, 842))


def _content(recipient: str) -> PackContent:
    return PackContent(PackFacts("SW-AAAA-CCCC", "LA", "v4", "now", recipient, "PK-1", "Officer"), [], [], {})


class TestStampPaths:
    """Which path stamps the pages."""

    def test_a_winansi_name_takes_the_fast_path(self) -> None:
        """Names in Windows-1252 (accents, apostrophes, dashes) need no embedded font."""
        from pypdf import PdfWriter

        assert stamp_forms(PdfWriter(), [A4], _content("Clayfields House – St Mary’s")) is not None

    def test_a_name_outside_winansi_falls_back(self) -> None:
        """A Welsh w-circumflex needs the embedded fonts."""
        from pypdf import PdfWriter

        assert stamp_forms(PdfWriter(), [A4], _content("Canolfan Ŵyn")) is None


@pytest.mark.django_db
class TestFallbackStamp:
    """The embedded-font overlay stamps every page just as the fast path does."""

    def test_footer_and_page_numbers_with_a_welsh_home_name(self, submitted: Referral, tmp_path: Path) -> None:
        """The name is printed as written and every page says Page x of y."""
        home = SecureHomeFactory(name="Canolfan Ŵyn Ddiogel", slug="canolfan")
        result = pack_render(referral=submitted, home=home, out_dir=tmp_path, issued_at=ISSUED_AT)
        pages = pdf_pages_text(result.pdf_path)
        assert len(pages) == len(PdfReader(result.pdf_path).pages)
        for number, text in enumerate(pages, start=1):
            assert "Canolfan Ŵyn Ddiogel" in text and f"Page {number} of {len(pages)}" in text
