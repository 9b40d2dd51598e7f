"""Oversized content is shortened visibly or refused as section_too_large; it never crashes the build."""

from pathlib import Path

import pytest

from accounts.models import Organisation
from forms_engine.models import Referral
from forms_engine.packs import PackTooLarge, pack_render
from forms_engine.packs.content import PackGroup, PackRow, PackSection
from forms_engine.packs.limits import MAX_ANSWER_CHARS, MAX_GROUP_ITEMS, content_refuse_if_too_large

from .conftest import ISSUED_AT
from .reading import docx_text, pdf_pages_text


def _with_answers(referral: Referral, **answers: object) -> Referral:
    """Answers set straight on the stored row, as imported or migrated data could arrive."""
    Referral.objects.filter(pk=referral.pk).update(answers={**referral.answers, **answers})
    referral.refresh_from_db()
    return referral


@pytest.mark.django_db
class TestOversizedContent:
    """1 MB of notes, a 10,000-row table and a 50,000-character word."""

    def test_a_megabyte_of_notes_is_cut_with_a_note_in_both_files(
        self, submitted: Referral, home: Organisation, tmp_path: Path
    ) -> None:
        """The answer prints its first 20,000 characters and says how much was left out."""
        referral = _with_answers(submitted, reasons_for_secure="Notes. " * 150_000)
        result = pack_render(referral=referral, home=home, out_dir=tmp_path, issued_at=ISSUED_AT)
        hidden = f"{len('Notes. ' * 150_000) - MAX_ANSWER_CHARS:,} more characters not printed"
        assert hidden in "".join(pdf_pages_text(result.pdf_path)).replace("\n", "")
        assert hidden in docx_text(result.docx_path)

    def test_a_single_unbroken_50000_character_word_builds(
        self, submitted: Referral, home: Organisation, tmp_path: Path
    ) -> None:
        """reportlab splits the (shortened) word across lines instead of failing the layout."""
        referral = _with_answers(submitted, alternatives_considered="A" * 50_000)
        result = pack_render(referral=referral, home=home, out_dir=tmp_path, issued_at=ISSUED_AT)
        assert result.pdf_pages > 5 and "A" * 60 in "".join(pdf_pages_text(result.pdf_path))

    def test_a_ten_thousand_row_group_is_refused_as_section_too_large(
        self, submitted: Referral, home: Organisation, tmp_path: Path
    ) -> None:
        """A clear failure naming the group, and nothing written."""
        item = submitted.answers["key_contacts"][0]
        referral = _with_answers(submitted, key_contacts=[item] * 10_000)
        with pytest.raises(
            PackTooLarge, match=f"section_too_large: ‘Key contacts’ has 10,000 items.*{MAX_GROUP_ITEMS}"
        ):
            pack_render(referral=referral, home=home, out_dir=tmp_path / "pack", issued_at=ISSUED_AT)
        assert not (tmp_path / "pack").exists()

    def test_too_much_text_in_all_is_refused(self) -> None:
        """Sixty full-length answers (1.2 million characters) exceed what one pack prints."""
        rows = [PackRow(f"Question {n}", "x" * MAX_ANSWER_CHARS) for n in range(60)]
        with pytest.raises(PackTooLarge, match="section_too_large: the answers hold 1,200,000 characters"):
            content_refuse_if_too_large([PackSection("notes", "Notes", list(rows))])

    def test_a_full_but_legitimate_referral_is_not_refused(self) -> None:
        """The control: 40 full answers and a 500-item group are within the limits."""
        group = PackGroup("Contacts", "Contact", ["Name"], [[PackRow("Name", "A name")]] * MAX_GROUP_ITEMS)
        rows = [PackRow(f"Question {n}", "x" * MAX_ANSWER_CHARS) for n in range(40)]
        content_refuse_if_too_large([PackSection("notes", "Notes", [*rows, group])])
