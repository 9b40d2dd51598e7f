"""The pack renderer: a submitted referral becomes a DOCX, a PDF and a manifest for one secure home."""

import hashlib
from pathlib import Path

import pytest
from django.conf import settings
from pypdf import PdfReader

from accounts.models import Organisation
from forms_engine.models import Referral
from forms_engine.packs import PackRenderError, PackResult, RecipientNotAHome, ReferralNotSubmitted, pack_render
from forms_engine.packs.content import PackAttachment, PackContent, PackFacts, PackGroup, PackRow, PackSection
from forms_engine.packs.docx import pack_docx
from forms_engine.presenters import sections
from forms_engine.schema import question_index
from forms_engine.services.storage import attachment_key
from ops import storage
from tests.factories import SecureHomeFactory

from .conftest import ATTACHMENTS, ISSUED_AT
from .reading import docx_text, manifest, outline_titles, pdf_pages_text

ATTACHMENT_PAGES = sum(pages for _, pages in ATTACHMENTS.values())
FOOTER = ("Issued to Aycliffe Secure Centre", "14 March 2025, 09:30 GMT")


def _answered(referral: Referral) -> list[tuple[str, str]]:
    """Every answered question as (label, value), group fields included."""
    questions, pairs = question_index(referral.version.schema), []
    for _, rows in sections(referral):
        for row in rows:
            if questions[row.key]["type"] == "repeating_group":
                pairs += [(cell.label, cell.value) for item in row.items for cell in item]
            elif row.value:
                pairs.append((row.label, row.value))
    return pairs


@pytest.mark.django_db
class TestPackPdf:
    """The PDF: own pages then attachments, outline, footer on every page, metadata."""

    def test_page_count_is_own_pages_plus_attachment_pages(self, pack: PackResult) -> None:
        """Every attachment page is merged after the pack's own cover, contents and sections."""
        reader = PdfReader(pack.pdf_path)
        own_pages = len(reader.pages) - ATTACHMENT_PAGES
        assert own_pages >= 3 and pack.pdf_pages == len(reader.pages)
        assert "order.pdf, page 1" in reader.pages[own_pages].extract_text()
        assert "plan.pdf, page 3" in reader.pages[-1].extract_text()

    def test_outline_has_every_section_and_each_attachment(self, pack: PackResult, submitted: Referral) -> None:
        """A bookmark per section of the pinned version and per attachment, named by its document label."""
        titles = outline_titles(PdfReader(pack.pdf_path).outline)
        assert titles[:2] == ["Cover", "Contents"]
        assert titles[2:-3] == [section["title"] for section in submitted.version.schema["sections"]]
        assert titles[-3:] == ["Attached documents", "Court order or application", "Care plan"]

    def test_footer_and_page_x_of_y_are_on_every_page(self, pack: PackResult) -> None:
        """Attachment pages carry the recipient, pack id, issue time and page number like the pack's own pages."""
        pages = pdf_pages_text(pack.pdf_path)
        for number, text in enumerate(pages, start=1):
            assert all(part in text for part in FOOTER), number
            assert pack.pack_id in text and f"Page {number} of {len(pages)}" in text
            assert text.count("OFFICIAL-SENSITIVE") >= 2

    def test_cover_and_contents_name_the_referral_and_the_pages(self, pack: PackResult, submitted: Referral) -> None:
        """The cover has reference, LA, version and recipient; the contents list the attachments with pages."""
        cover, contents = pdf_pages_text(pack.pdf_path)[:2]
        for fact in (submitted.reference, "Hampshire County Council", "SAN referral form v4", "Aycliffe Secure Centre"):
            assert fact in cover
        assert "Contents" in contents and "Care plan" in contents and "Attached documents" in contents

    def test_metadata_title_subject_and_language_are_set(self, pack: PackResult, submitted: Referral) -> None:
        """Title and subject name the referral and the pack; the catalogue says en-GB."""
        reader = PdfReader(pack.pdf_path)
        assert submitted.reference in reader.metadata.title and pack.pack_id in reader.metadata.subject
        assert reader.trailer["/Root"]["/Lang"] == "en-GB"


@pytest.mark.django_db
class TestPackDocx:
    """The DOCX rendered from the version's template."""

    def test_every_answered_question_and_its_answer_is_in_the_docx(self, pack: PackResult, submitted: Referral) -> None:
        """python-docx finds each label and value, repeating-group fields included."""
        text = docx_text(pack.docx_path)
        missing = [(label, value) for label, value in _answered(submitted) if label not in text or value not in text]
        assert not missing

    def test_header_and_footer_carry_the_marking_and_the_pack_id(self, pack: PackResult) -> None:
        """The marking, the recipient and the pack id are in the rendered header and footer."""
        text = docx_text(pack.docx_path)
        assert "OFFICIAL-SENSITIVE" in text and pack.pack_id in text and FOOTER[0] in text


@pytest.mark.django_db
class TestManifest:
    """manifest.json records the inputs and the hash of every file."""

    def test_hashes_and_sizes_match_the_files(self, pack: PackResult) -> None:
        """Each listed file's SHA-256 and size are those of the file on disk."""
        files = manifest(pack.manifest_path)["files"]
        assert {f["name"] for f in files} == {"pack.docx", "pack.pdf"}
        for entry in files:
            data = (pack.manifest_path.parent / entry["name"]).read_bytes()
            assert (hashlib.sha256(data).hexdigest(), len(data)) == (entry["sha256"], entry["size"])

    def test_records_pack_referral_version_template_recipient_and_time(
        self, pack: PackResult, submitted: Referral
    ) -> None:
        """The manifest says what was issued, from which inputs, to whom and when."""
        data = manifest(pack.manifest_path)
        assert (data["pack_id"], data["referral_reference"]) == (pack.pack_id, submitted.reference)
        assert data["form"]["schema_hash"] == submitted.version.schema_hash and data["form"]["version"] == 4
        assert data["template"]["path"] == "san-referral/v4/pack.docx" and len(data["template"]["sha256"]) == 64
        assert data["recipient"] == {"slug": "aycliffe", "name": "Aycliffe Secure Centre"}
        assert data["issued_at"] == ISSUED_AT.isoformat()


@pytest.mark.django_db
class TestIdempotence:
    """Identical inputs give the same pack; files appear whole."""

    def test_same_inputs_give_the_same_pack_id_and_the_same_bytes(
        self, pack: PackResult, submitted: Referral, home: Organisation, tmp_path: Path
    ) -> None:
        """A retry overwrites with identical files rather than making a second pack."""
        again = pack_render(referral=submitted, home=home, out_dir=tmp_path / "again", issued_at=ISSUED_AT)
        assert again.pack_id == pack.pack_id and again.sha256 == pack.sha256

    def test_another_home_gets_another_pack_id(self, pack: PackResult, submitted: Referral, tmp_path: Path) -> None:
        """The recipient is part of the pack's identity, so a leaked pack names its home."""
        other = SecureHomeFactory(name="Clayfields House", slug="clayfields")
        result = pack_render(referral=submitted, home=other, out_dir=tmp_path / "other", issued_at=ISSUED_AT)
        assert result.pack_id != pack.pack_id

    def test_no_temporary_files_are_left_behind(self, pack: PackResult) -> None:
        """Only the three final files are in the folder."""
        assert sorted(p.name for p in pack.pdf_path.parent.iterdir()) == ["manifest.json", "pack.docx", "pack.pdf"]


@pytest.mark.django_db
class TestRefusals:
    """What cannot be rendered is refused before anything is written."""

    def test_a_draft_referral_is_refused(self, complete_draft: Referral, home: Organisation, tmp_path: Path) -> None:
        """Only submitted answers are frozen; a draft has no pack."""
        with pytest.raises(ReferralNotSubmitted):
            pack_render(referral=complete_draft, home=home, out_dir=tmp_path, issued_at=ISSUED_AT)
        assert not list(tmp_path.iterdir())

    def test_an_organisation_that_is_not_a_home_is_refused(
        self, submitted: Referral, hampshire: Organisation, tmp_path: Path
    ) -> None:
        """Packs go to secure children's homes only."""
        with pytest.raises(RecipientNotAHome):
            pack_render(referral=submitted, home=hampshire, out_dir=tmp_path, issued_at=ISSUED_AT)

    def test_an_attachment_changed_on_disk_is_refused(
        self, submitted: Referral, home: Organisation, tmp_path: Path
    ) -> None:
        """A file that no longer matches its upload-time SHA-256 never reaches a home."""
        storage.store_bytes(attachment_key(submitted.attachments.first().stored_name), b"%PDF-1.4 tampered")
        with pytest.raises(PackRenderError):
            pack_render(referral=submitted, home=home, out_dir=tmp_path, issued_at=ISSUED_AT)


class TestShippedTemplates:
    """The v3, v4 and v5 templates in templates_docs/ render rows, groups and attachments in the sandbox."""

    @pytest.mark.parametrize("number", [3, 4, 5])
    def test_template_renders_sections_groups_and_attachments(self, tmp_path: Path, number: int) -> None:
        """Every loop and value of the template resolves with StrictUndefined."""
        template = Path(settings.BASE_DIR) / "templates_docs" / "san-referral" / f"v{number}" / "pack.docx"
        contact = [PackRow("Role", "GP"), PackRow("Full name", "")]
        group = PackGroup("Key contacts", "Contact", ["Role", "Full name"], [contact])
        section = PackSection("child", "About the child", [PackRow("First name", "Sam"), group])
        facts = PackFacts("SW-AAAA-CCCC", "Leeds City Council", f"v{number}", "now", "Home", "PK-1", "Officer")
        content = PackContent(facts, [section], [PackAttachment("Care plan", tmp_path, "")], {})
        (tmp_path / "out.docx").write_bytes(pack_docx(template, content))
        text = docx_text(tmp_path / "out.docx")
        for expected in ("About the child", "First name", "Sam", "Contact 1", "GP", "Not given", "Care plan", "PK-1"):
            assert expected in text
