"""A referral's contents and sections are laid out once per worker and reused for every home, without mixing homes."""

from pathlib import Path

import pytest
from pypdf import PdfReader

from accounts.models import Organisation
from forms_engine.models import Referral
from forms_engine.packs import PackResult, pack_render
from forms_engine.packs.shared import shared_forget
from tests.factories import SecureHomeFactory

from .conftest import ISSUED_AT
from .reading import docx_text, pdf_pages_text


def render(referral: Referral, home: Organisation, out_dir: Path) -> PackResult:
    return pack_render(referral=referral, home=home, out_dir=out_dir, issued_at=ISSUED_AT)


@pytest.mark.django_db
class TestSharedPages:
    """Reusing the contents and sections changes no byte of any pack and never carries one home into another."""

    def test_a_pack_is_the_same_whether_the_pages_were_reused_or_not(
        self, submitted: Referral, home: Organisation, tmp_path: Path
    ) -> None:
        """A referral's first pack (nothing to reuse) and a later one have the same files."""
        shared_forget()
        first = render(submitted, home, tmp_path / "first")
        again = render(submitted, home, tmp_path / "again")
        assert first.sha256 == again.sha256
        assert first.pdf_path.read_bytes() == again.pdf_path.read_bytes()

    def test_the_next_home_has_only_its_own_name_and_pack_id(
        self, submitted: Referral, home: Organisation, tmp_path: Path
    ) -> None:
        """Cover, footer and every page name the second home; the first home appears nowhere in its pack."""
        shared_forget()
        first = render(submitted, home, tmp_path / "first")
        other = SecureHomeFactory(name="Kyloe House", slug="kyloe-house")
        second = render(submitted, other, tmp_path / "second")
        pages = pdf_pages_text(second.pdf_path)
        assert "Referral pack for Kyloe House" in pages[0]
        for text in pages:
            assert "Kyloe House" in text and second.pack_id in text
            assert "Aycliffe" not in text and first.pack_id not in text
        title = str(PdfReader(second.pdf_path).metadata.title)
        assert "Kyloe House" in title and "Aycliffe" not in docx_text(second.docx_path) + title

    def test_each_section_bookmark_opens_the_page_with_its_heading(self, pack: PackResult, submitted: Referral) -> None:
        """The section page numbers, counted after the cover, land on the sections' own headings."""
        reader = PdfReader(pack.pdf_path)
        texts = pdf_pages_text(pack.pdf_path)
        sections = {section["title"] for section in submitted.version.schema["sections"]}
        items = [item for item in reader.outline if not isinstance(item, list) and item["/Title"] in sections]
        assert len(items) == len(sections)
        for item in items:
            assert item["/Title"] in texts[reader.get_destination_page_number(item)]
        assert "Contents" in texts[1] and "Referral pack for" in texts[0]
