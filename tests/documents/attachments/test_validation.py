"""The attachment validator against honest and hostile PDFs."""

import base64
import dataclasses
import hashlib
import random
from collections.abc import Callable
from pathlib import Path

import pytest

from documents.attachments import AttachmentLimits, Code, Verdict, validate_pdf
from documents.attachments.inspection import Refusal, a85_decode, hex_decode

from . import builders

MIB = 1024 * 1024
RAISED_DECODE_CAPS = {"max_stream_bytes": 1024 * MIB, "max_decoded_bytes": 2048 * MIB}

Check = Callable[..., Verdict]


@pytest.fixture
def check(tmp_path: Path) -> Check:
    """Write bytes as an upload named court_order.pdf and validate it, with any limits overridden."""

    def _check(data: bytes, **limits: object) -> Verdict:
        path = tmp_path / "court_order.pdf"
        path.write_bytes(data)
        return validate_pdf(path, limits=AttachmentLimits(**limits))  # type: ignore[arg-type]

    return _check


class TestHonestPdf:
    """Ordinary documents are accepted with the facts the storage layer records."""

    def test_multi_page_reportlab_pdf_is_accepted_with_page_count_and_hash(self, check: Check) -> None:
        """A five-page care plan is ok, with its page count, size and SHA-256."""
        data = builders.report(5)
        verdict = check(data)
        assert verdict == Verdict(
            ok=True, code="ok", message="", pages=5, sha256=hashlib.sha256(data).hexdigest(), size=len(data)
        )

    def test_images_in_reportlab_default_ascii85_streams_are_accepted(self, check: Check) -> None:
        """Images behind [/ASCII85Decode /FlateDecode], reportlab's default, decode and pass."""
        assert check(builders.report_with_images(3)).code == Code.OK

    def test_links_and_an_open_at_page_one_action_are_not_active_content(self, check: Check) -> None:
        """A web link and /OpenAction [page /Fit] are normal in court documents."""
        link = b"/Annots [<< /Type /Annot /Subtype /Link /Rect [0 0 9 9] /A << /S /URI /URI (https://x.test) >> >>]"
        assert check(builders.one_page(catalog=b"/OpenAction [3 0 R /Fit]", page=link)).code == Code.OK

    def test_small_highly_compressible_stream_is_not_a_bomb(self, check: Check) -> None:
        """4 MB of zeros (ratio ~1000) is under the ratio floor, like a blank scanned page."""
        assert check(builders.flate_bomb(4 * MIB)).code == Code.OK

    def test_validation_only_reads_the_file(self, tmp_path: Path) -> None:
        """The upload is unchanged and nothing new appears beside it."""
        path = tmp_path / "court_order.pdf"
        path.write_bytes(builders.report(2))
        before = path.stat()
        validate_pdf(path)
        assert [p.name for p in tmp_path.iterdir()] == ["court_order.pdf"]
        assert (path.stat().st_mtime_ns, path.stat().st_size) == (before.st_mtime_ns, before.st_size)

    def test_verdict_cannot_be_altered(self, check: Check) -> None:
        """A verdict is frozen, so a caller cannot flip a refusal to ok."""
        verdict = check(builders.html())
        with pytest.raises(dataclasses.FrozenInstanceError):
            verdict.ok = True  # type: ignore[misc]


class TestTypeSpoofing:
    """Type is decided by content, never by the name or the declared content type."""

    @pytest.mark.parametrize(
        "data", [builders.html(), builders.zip_archive(), builders.png()], ids=["html", "zip", "png"]
    )
    def test_other_file_types_named_pdf_are_refused(self, check: Check, data: bytes) -> None:
        """HTML with a script, a ZIP and a PNG renamed court_order.pdf are not PDFs."""
        verdict = check(data)
        assert (verdict.ok, verdict.code, verdict.message) == (False, "not_pdf", "The selected file must be a PDF")

    def test_header_pushed_beyond_the_first_1024_bytes_is_refused(self, check: Check) -> None:
        """Readers only look for %PDF- in the first 1024 bytes, and so do we."""
        assert check(b"x" * 2000 + builders.report(1)).code == Code.NOT_PDF

    def test_html_carrying_pdf_markers_is_refused_by_the_parser(self, check: Check) -> None:
        """A polyglot that passes the cheap checks still is not a PDF pypdf can read."""
        assert check(builders.html(polyglot=True)).code == Code.UNREADABLE

    def test_empty_file_is_refused_as_empty(self, check: Check) -> None:
        """A 0-byte upload gets the Design System's empty-file message."""
        verdict = check(b"")
        assert (verdict.code, verdict.message) == ("empty", "The selected file is empty")


class TestSizeLimit:
    """The size cap is applied from the file's metadata, before a byte is read."""

    def test_file_over_the_limit_is_refused_without_being_read(self, check: Check) -> None:
        """Over max_bytes is too_large, and no hash means the content was never read."""
        data = builders.report(1)
        verdict = check(data, max_bytes=len(data) - 1)
        assert (verdict.code, verdict.size, verdict.sha256) == ("too_large", len(data), "")

    def test_file_exactly_at_the_limit_is_checked(self, check: Check) -> None:
        """The limit is inclusive."""
        data = builders.report(1)
        assert check(data, max_bytes=len(data)).code == Code.OK

    def test_sparse_file_just_over_20_mib_gets_the_default_message(self, tmp_path: Path) -> None:
        """A 20 MiB + 1 byte file (sparse, so the test stays light) is refused with the 20MB message."""
        path = tmp_path / "court_order.pdf"
        with path.open("wb") as file:
            file.truncate(20 * MIB + 1)
        verdict = validate_pdf(path)
        assert (verdict.code, verdict.message) == ("too_large", "The selected file must be smaller than 20MB")

    def test_too_many_pages_is_refused_with_the_limit_in_the_message(self, check: Check) -> None:
        """Pages are counted from the page tree, not from the file's own /Count."""
        verdict = check(builders.report(4), max_pages=3)
        assert (verdict.code, verdict.message) == ("too_many_pages", "The selected file must have 3 pages or fewer")


class TestDecompressionBomb:
    """Every stream is decoded under running caps, and a bomb is refused before it is held in memory."""

    def test_200_mb_of_deflated_zeros_is_refused(self, check: Check) -> None:
        """About 200 KB on disk inflating to 200 MB is decompression_bomb."""
        assert len(builders.flate_bomb()) < 300_000
        assert check(builders.flate_bomb()).code == Code.DECOMPRESSION_BOMB

    def test_stream_deflated_twice_is_refused(self, check: Check) -> None:
        """[/FlateDecode /FlateDecode]: the inner layer is checked against the original size."""
        assert check(builders.nested_bomb()).code == Code.DECOMPRESSION_BOMB

    def test_ratio_cap_refuses_a_bomb_that_fits_the_size_caps(self, check: Check) -> None:
        """With per-stream and total caps raised to GBs, the 100:1 ratio still refuses it."""
        assert check(builders.flate_bomb(), **RAISED_DECODE_CAPS).code == Code.DECOMPRESSION_BOMB

    def test_total_cap_refuses_many_streams_each_under_the_stream_cap(self, check: Check) -> None:
        """Four streams of 4 MB each pass alone but not under a 10 MB total."""
        assert check(builders.zero_streams(4, 4 * MIB)).code == Code.OK
        assert check(builders.zero_streams(4, 4 * MIB), max_decoded_bytes=10 * MIB).code == Code.DECOMPRESSION_BOMB

    def test_running_out_of_memory_in_the_child_is_a_refusal(self, check: Check) -> None:
        """With every decode cap lifted, a 200 MB layer that must be held hits RLIMIT_AS and becomes resource_limit."""
        data = builders.flate_bomb(filters=b"[/FlateDecode /ASCIIHexDecode]")
        verdict = check(data, **RAISED_DECODE_CAPS, ratio_floor_bytes=2048 * MIB, memory_bytes=128 * MIB)
        assert verdict.code == Code.RESOURCE_LIMIT


class TestReferenceLoops:
    """Cycles pypdf can resolve are normal; ones it cannot are refused, and none of them hangs."""

    def test_annotation_and_popup_pointing_at_each_other_are_accepted(self, check: Check) -> None:
        """/Popup and /Parent form a cycle in every annotated PDF; the visited set makes it harmless."""
        annotation = b"<< /Type /Annot /Subtype /Text /Rect [0 0 9 9] /Popup 6 0 R >>"
        popup = b"<< /Type /Annot /Subtype /Popup /Rect [0 0 9 9] /Parent 5 0 R >>"
        assert check(builders.one_page(page=b"/Annots [5 0 R]", extra=[annotation, popup])).code == Code.OK

    def test_dictionary_referring_to_itself_is_accepted(self, check: Check) -> None:
        """A custom dictionary holding references to itself is walked once."""
        looped = builders.one_page(catalog=b"/Custom 5 0 R", extra=[b"<< /Self 5 0 R /Again [5 0 R 5 0 R] >>"])
        assert check(looped).code == Code.OK

    def test_page_tree_that_is_its_own_kid_is_refused(self, check: Check) -> None:
        """pypdf reports "Detected cyclic page references"."""
        data = builders.raw_pdf(
            [
                b"<< /Type /Catalog /Pages 2 0 R >>",
                b"<< /Type /Pages /Kids [2 0 R 3 0 R] /Count 1 >>",
                b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 9 9] >>",
            ]
        )
        assert check(data).code == Code.REFERENCE_LOOP

    def test_objects_that_are_only_references_to_each_other_are_refused(self, check: Check) -> None:
        """5 0 obj 6 0 R, 6 0 obj 5 0 R has no value for pypdf to resolve."""
        data = builders.one_page(catalog=b"/Custom 5 0 R", extra=[b"6 0 R", b"5 0 R"])
        assert check(data).code == Code.REFERENCE_LOOP

    def test_trailer_root_pointing_into_a_reference_loop_is_refused(self, check: Check) -> None:
        """The xref's /Root leads straight into 1 -> 2 -> 1."""
        assert check(builders.raw_pdf([b"2 0 R", b"1 0 R"])).code == Code.REFERENCE_LOOP

    def test_stream_whose_length_is_the_stream_itself_is_refused(self, check: Check) -> None:
        """/Length 5 0 R inside object 5 would recurse while parsing."""
        data = builders.one_page(page=b"/X 5 0 R", extra=[b"<< /Length 5 0 R >>\nstream\nabc\nendstream"])
        assert check(data).code == Code.REFERENCE_LOOP

    def test_long_chain_of_objects_is_accepted(self, check: Check) -> None:
        """5,000 objects each pointing at the next, like a long bookmark list, are walked without recursion."""
        assert check(builders.linked_objects(5000)).code == Code.OK

    @pytest.mark.parametrize("opening, closing", [(b"[", b"]"), (b"<< /A ", b">> ")], ids=["arrays", "dictionaries"])
    def test_over_deep_nesting_is_refused(self, check: Check, opening: bytes, closing: bytes) -> None:
        """1,000 nested arrays or dictionaries, which pypdf's recursive parser fails on or cuts short."""
        assert check(builders.one_page(catalog=b"/Deep " + opening * 1000 + closing * 1000)).code == Code.REFERENCE_LOOP

    def test_xref_whose_prev_points_at_itself_is_refused(self, check: Check) -> None:
        """A circular /Prev chain (CVE-2026-27628) is stopped by pypdf and refused by us."""
        assert check(builders.prev_loop()).code == Code.REFERENCE_LOOP

    def test_xref_with_wrong_offsets_is_refused_although_pypdf_could_repair_it(self, check: Check) -> None:
        """A broken xref that pypdf silently repairs is still refused."""
        assert check(builders.broken_xref()).code == Code.UNREADABLE


class TestUnknownHang:
    """A child that takes too long is killed and the upload refused; the caller is never held."""

    def test_slow_file_is_killed_at_the_wall_clock_limit(self, check: Check) -> None:
        """50,000 chained objects take seconds to walk; a 0.5 s wall limit kills the child."""
        verdict = check(builders.linked_objects(50_000), wall_seconds=0.5)
        assert (verdict.ok, verdict.code) == (False, "timeout")
        assert verdict.sha256  # the parent hashed the file while the child worked

    def test_slow_file_is_stopped_by_the_cpu_limit(self, check: Check) -> None:
        """With a generous wall clock, RLIMIT_CPU's SIGXCPU ends the child at 1 s of CPU."""
        assert check(builders.linked_objects(50_000), cpu_seconds=1).code == Code.TIMEOUT

    def test_graph_larger_than_the_object_limit_is_refused(self, check: Check) -> None:
        """The walk stops at max_objects instead of working through the whole graph."""
        assert check(builders.linked_objects(2000), max_objects=1000).code == Code.RESOURCE_LIMIT

    def test_child_that_cannot_even_start_is_a_refusal(self, check: Check) -> None:
        """An address-space limit too small to import pypdf is resource_limit, not an exception."""
        assert check(builders.report(1), memory_bytes=8 * MIB).code == Code.RESOURCE_LIMIT


class TestEncryptedPdf:
    """Encrypted PDFs are refused, whatever the password arrangement or cipher."""

    PASSWORD_MESSAGE = "The selected file is password protected. Remove the password and upload it again"

    def test_pdf_with_a_user_password_is_refused(self, check: Check) -> None:
        """It cannot be opened without the password."""
        verdict = check(builders.encrypted(user_password="secret", owner_password="owner"))
        assert (verdict.code, verdict.message) == ("encrypted", self.PASSWORD_MESSAGE)

    def test_pdf_with_only_an_owner_password_is_refused(self, check: Check) -> None:
        """It opens without a password, but policy is to refuse rather than re-save it decrypted."""
        assert check(builders.encrypted(user_password="", owner_password="owner")).code == Code.ENCRYPTED

    def test_aes_256_pdf_without_the_cryptography_package_is_refused_the_same_way(self, check: Check) -> None:
        """pypdf's DependencyError is not a PdfReadError; it still becomes the password message."""
        verdict = check(builders.aes256_encrypted())
        assert (verdict.code, verdict.message) == ("encrypted", self.PASSWORD_MESSAGE)


ACTIVE = {
    "open action javascript": builders.one_page(
        catalog=b"/OpenAction 5 0 R", extra=[b"<< /Type /Action /S /JavaScript /JS (app.alert(1)) >>"]
    ),
    "open action launch": builders.one_page(catalog=b"/OpenAction << /S /Launch /F (cmd.exe) >>"),
    "document javascript name tree": builders.one_page(
        catalog=b"/Names << /JavaScript << /Names [(a) << /S /JavaScript /JS (x) >>] >> >>"
    ),
    "page additional action": builders.one_page(
        page=b"/AA << /O << /S /JavaScript /JS 5 0 R >> >>", extra=[builders.stream(b"app.alert(1)")]
    ),
    "link with a script": builders.one_page(
        page=b"/Annots [<< /Subtype /Link /Rect [0 0 9 9] /A << /S /JavaScript /JS (x) >> >>]"
    ),
    "action type behind a reference": builders.one_page(
        catalog=b"/OpenAction << /S 5 0 R /F (cmd.exe) >>", extra=[b"/Launch"]
    ),
    "xfa form": builders.one_page(
        catalog=b"/AcroForm << /Fields [] /XFA 5 0 R >>", extra=[builders.stream(b"<xdp:xdp/>")]
    ),
    "rich media": builders.one_page(page=b"/Annots [<< /Subtype /RichMedia /Rect [0 0 9 9] >>]"),
}
EMBEDDED = {
    "embedded files name tree": builders.one_page(
        catalog=b"/Names << /EmbeddedFiles 5 0 R >>",
        extra=[
            b"<< /Names [(a.exe) 6 0 R] >>",
            b"<< /Type /Filespec /F (a.exe) /EF << /F 7 0 R >> >>",
            builders.stream(b"MZ", b"/Type /EmbeddedFile"),
        ],
    ),
    "file attachment annotation": builders.one_page(
        page=b"/Annots [<< /Subtype /FileAttachment /Rect [0 0 9 9] /FS << /Type /Filespec /F (a.exe) >> >>]"
    ),
}


class TestActiveContent:
    """Scripts, launch actions, XFA, rich media and embedded files are refused wherever they are reachable."""

    @pytest.mark.parametrize("data", ACTIVE.values(), ids=ACTIVE.keys())
    def test_scripts_and_actions_are_refused(self, check: Check, data: bytes) -> None:
        """Each kind of active content is active_content."""
        assert check(data).code == Code.ACTIVE_CONTENT

    @pytest.mark.parametrize("data", EMBEDDED.values(), ids=EMBEDDED.keys())
    def test_embedded_files_are_refused(self, check: Check, data: bytes) -> None:
        """Files inside the PDF, listed or attached to a page, are embedded_files."""
        assert check(data).code == Code.EMBEDDED_FILES


class TestTruncatedPdf:
    """A file cut short is refused, whether or not it still ends with an end-of-file marker."""

    def test_pdf_cut_in_half_is_refused_as_incomplete(self, check: Check) -> None:
        """No %%EOF in the last 1024 bytes: truncated, before any parsing."""
        data = builders.report(4)
        verdict = check(data[: len(data) // 2])
        assert (verdict.code, verdict.sha256) == ("truncated", "")

    def test_pdf_cut_in_half_with_the_marker_put_back_is_refused(self, check: Check) -> None:
        """The marker fools the cheap check; the missing xref does not fool the parser."""
        data = builders.report(4)
        assert check(data[: len(data) // 2] + b"\n%%EOF\n").code == Code.UNREADABLE


class TestStreamDecoders:
    """The C-speed ASCII85 and hex decoders agree with the standard library on every group shape."""

    def test_ascii85_matches_the_standard_library(self) -> None:
        """Short final groups, 'z' for zero groups, Adobe framing and line breaks all decode the same."""
        generator = random.Random(85)
        for length in [*range(40), 1001, 250_003]:
            data = generator.randbytes(length) + bytes(length % 9) + generator.randbytes(length % 7)
            assert a85_decode(base64.a85encode(data, adobe=True, wrapcol=72)) == data
            assert a85_decode(base64.a85encode(data)) == data

    def test_ascii85_data_starting_with_the_end_marker_character_is_decoded(self) -> None:
        """'<~>' is the start marker then the digit '>', not the end marker."""
        assert a85_decode(b"<~>TNs'??[47zzQ2~>") == bytes.fromhex("5c1e02895e7717d3000000000000000096")

    def test_ascii85_group_above_32_bits_is_unreadable(self) -> None:
        """'uuuuu' is 85**5 - 1, which does not fit in four bytes."""
        with pytest.raises(Refusal) as refusal:
            a85_decode(b"uuuuu~>")
        assert refusal.value.code == Code.UNREADABLE

    def test_hex_ignores_whitespace_and_pads_an_odd_digit(self) -> None:
        """'4 1 4>' is 0x41 0x40."""
        assert hex_decode(b"4 1 4>") == b"A@"
