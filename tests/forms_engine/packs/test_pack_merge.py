"""The shared pages merged once per referral, and each home's pack written from their bytes."""

import io
import re
from datetime import UTC, datetime
from pathlib import Path

import pytest
from pypdf import PdfReader, PdfWriter
from pypdf.generic import DictionaryObject, NameObject, TextStringObject

from accounts.models import Organisation
from forms_engine.models import Referral
from forms_engine.packs import pack_render
from forms_engine.packs import shared as shared_module
from forms_engine.packs.content import PackAttachment, PackContent, PackFacts
from forms_engine.packs.pdf_assemble import pack_pdf
from forms_engine.packs.pdf_body import body_pdf, cover_pdf
from forms_engine.packs.pdf_merge import AttachmentPdf, shared_pdf
from forms_engine.packs.shared import shared_forget, shared_keep
from forms_engine.services.storage import attachment_key
from ops import storage
from tests.factories import SecureHomeFactory

from ..answers import pdf_bytes
from .conftest import ISSUED_AT
from .reading import outline_titles, pdf_pages_text

ISSUED = datetime(2025, 3, 14, 9, 30, tzinfo=UTC)


def _content(recipient: str) -> PackContent:
    facts = PackFacts("SW-AAAA-CCCC", "LA", "v4", "now", recipient, f"PK-{recipient}", "Officer")
    return PackContent(facts, [], [], {})


def _listed(label: str) -> PackAttachment:
    return PackAttachment(label, Path("unused.pdf"), "not read here")


def _hostile_attachment() -> bytes:
    """Three pages: the second turned 90 degrees, all sharing one resources dictionary; a catalog with a script,
    a form and names, which must not reach a pack."""
    writer = PdfWriter()
    writer.append(PdfReader(io.BytesIO(pdf_bytes(3, text="Chronology"))))
    shared = writer.pages[0][NameObject("/Resources")]
    for page in writer.pages:
        page[NameObject("/Resources")] = shared
    writer.pages[1].rotate(90)
    script = DictionaryObject(
        {NameObject("/S"): NameObject("/JavaScript"), NameObject("/JS"): TextStringObject("app.alert(1)")}
    )
    writer.root_object[NameObject("/OpenAction")] = writer._add_object(script)
    writer.root_object[NameObject("/AcroForm")] = DictionaryObject({NameObject("/Fields"): DictionaryObject()})
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def _pack(recipient: str, attachment: bytes) -> bytes:
    content = _content(recipient)
    cover = cover_pdf(content)
    reader = PdfReader(io.BytesIO(attachment))
    body = body_pdf([], [_listed("Chronology")], [len(reader.pages)], cover.pages + 1)
    shared = shared_pdf(body, [AttachmentPdf("Chronology", reader)])
    return pack_pdf(content, cover, shared, ISSUED)


class TestHomeFile:
    """A home's file is a whole, single-revision PDF made of the shared objects and its own."""

    def test_one_revision_every_page_stamped_with_its_number(self) -> None:
        """No incremental update (which would keep unstamped pages), and page x of y on every page."""
        data = _pack("Home A", _hostile_attachment())
        assert data.count(b"%%EOF") == 1 and len(re.findall(rb"\nxref\n", data)) == 1
        reader = PdfReader(io.BytesIO(data), strict=True)
        texts = [page.extract_text() for page in reader.pages]
        assert len(texts) >= 4
        for number, text in enumerate(texts, start=1):
            assert "Issued to Home A | Pack PK-Home A" in text and f"Page {number} of {len(texts)}" in text
        assert [t for t in texts if "Chronology, page" in t][1].count("Chronology, page 2") == 1

    def test_pages_sharing_resources_each_get_their_own_stamp(self) -> None:
        """The attachment's pages share one resources dictionary; each page's stamp is still its own."""
        reader = PdfReader(io.BytesIO(_pack("Home A", _hostile_attachment())))
        stamps = [page["/Resources"]["/XObject"].raw_get("/PackStamp").idnum for page in reader.pages]
        assert len(set(stamps)) == len(stamps)

    def test_the_attachment_catalog_does_not_reach_the_pack(self) -> None:
        """A script to run on opening, or a form, in an attachment's catalog is left out."""
        data = _pack("Home A", _hostile_attachment())
        root = PdfReader(io.BytesIO(data)).trailer["/Root"]
        assert "/OpenAction" not in root and "/AcroForm" not in root and b"app.alert" not in data

    def test_two_homes_share_the_same_attachment_bytes_and_name_only_themselves(self) -> None:
        """The shared objects are copied as they are; the stamps differ."""
        first, second = _pack("Home A", _hostile_attachment()), _pack("Home B", _hostile_attachment())
        assert b"Home B" not in first and b"Home A" not in second
        for text in (page.extract_text() for page in PdfReader(io.BytesIO(second)).pages):
            assert "Home B" in text and "Home A" not in text

    def test_outline_points_at_the_attachment_first_page(self) -> None:
        """The bookmark of each attached document opens its first page."""
        reader = PdfReader(io.BytesIO(_pack("Home A", _hostile_attachment())))
        titles = outline_titles(reader.outline)
        assert titles[:2] == ["Cover", "Contents"] and "Chronology" in titles
        chronology = reader.outline[-1][0]
        page = reader.get_destination_page_number(chronology)
        assert "Chronology, page 1" in reader.pages[page].extract_text()


class TestWorkerEntries:
    """What the worker keeps between one home's pack and the next."""

    def test_the_oldest_go_beyond_the_budget_and_the_latest_stays(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """However large, the most recent entry is kept; older ones go once the budget is passed."""
        shared_forget()
        content = _content("Home A")
        cover = cover_pdf(content)
        reader = PdfReader(io.BytesIO(pdf_bytes(2)))
        entry = shared_pdf(body_pdf([], [_listed("Order")], [2], cover.pages + 1), [AttachmentPdf("Order", reader)])
        monkeypatch.setattr(shared_module, "BUDGET_BYTES", entry.size * 2)
        for key in ("one", "two", "three"):
            shared_keep(key, entry)
        assert list(shared_module._SHARED) == ["two", "three"]
        monkeypatch.setattr(shared_module, "BUDGET_BYTES", 1)
        shared_keep("four", entry)
        assert list(shared_module._SHARED) == ["four"]
        shared_forget()


@pytest.mark.django_db
class TestCheckedBytesOnly:
    """Only the bytes checked on upload reach a home, whether the pages were merged now or earlier."""

    def test_a_file_changed_after_the_first_pack_does_not_reach_the_next_home(
        self, submitted: Referral, home: Organisation, tmp_path: Path
    ) -> None:
        """The worker reuses the pages merged from the checked file; the tampered bytes are never read."""
        pack_render(referral=submitted, home=home, out_dir=tmp_path / "a", issued_at=ISSUED_AT)
        storage.store_bytes(attachment_key(submitted.attachments.first().stored_name), b"%PDF-1.4 tampered")
        other = SecureHomeFactory(name="Clayfields House", slug="clayfields")
        result = pack_render(referral=submitted, home=other, out_dir=tmp_path / "b", issued_at=ISSUED_AT)
        assert any("order.pdf, page 1" in text for text in pdf_pages_text(result.pdf_path))
        assert b"tampered" not in result.pdf_path.read_bytes()


class TestWarmWorker:
    """A worker builds one pack from trusted input before its first confined child, so that children start warm."""

    def test_the_warm_up_loads_the_fonts_once_and_keeps_no_pages(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """The fonts are loaded in the worker, the warm-up's pages are not kept, and a second call does nothing."""
        from documents.pdf_styles import fonts, styles
        from forms_engine.packs import warm

        monkeypatch.setitem(warm._STATE, "warm", False)
        fonts.cache_clear()
        styles.cache_clear()
        shared_forget()
        warm.pack_worker_warm()
        assert fonts.cache_info().currsize == 1 and not shared_module._SHARED
        monkeypatch.setattr(warm, "_warm_build", lambda: pytest.fail("warmed twice"))
        warm.pack_worker_warm()

    def test_a_failed_warm_up_is_logged_and_not_raised(
        self, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
    ) -> None:
        """Packs are then only colder, never refused."""
        from forms_engine.packs import warm

        def broken() -> None:
            raise OSError("templates_docs is not readable")

        monkeypatch.setitem(warm._STATE, "warm", False)
        monkeypatch.setattr(warm, "_warm_build", broken)
        warm.pack_worker_warm()
        assert "Warming the pack worker failed" in caplog.text
