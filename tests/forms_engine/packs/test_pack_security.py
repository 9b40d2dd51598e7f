"""Hostile text and templates: user text stays data in the PDF and the DOCX; templates run in a strict sandbox."""

from pathlib import Path
from typing import Any
from unittest import mock

import pytest
from docx import Document
from reportlab import rl_config

from accounts.models import Organisation
from documents.pdf_styles import fonts
from forms_engine.models import Referral
from forms_engine.packs import PackRenderError, PackResult, pack_render
from forms_engine.packs.content import PackContent, PackFacts
from forms_engine.packs.docx import pack_docx

from .conftest import ISSUED_AT, submit
from .reading import docx_text, docx_xml, pdf_pages_text

FIRST_NAME = '<b>Sam</b> & <font color="red">'
LAST_NAME = "</para></w:t></w:r><w:r><w:instrText>INCLUDEPICTURE</w:instrText>"
COLOUR_PAYLOAD = "<font color=\"[[[getattr(pow, Word('__globals__'))['os'].system('id')]]] and 'red'\">x</font>"
IMAGE_PAYLOAD = '<img src="/etc/hostname"/> <a href="javascript:alert(1)">link</a>'
JINJA_PAYLOADS = {"child_other_names": "{{ 7*7 }}", "religion": "{{ ''.__class__.__mro__ }}"}


@pytest.fixture
def hostile(complete_draft: Referral, social_worker: Any, officer: Any) -> Referral:
    answers = {"child_first_name": FIRST_NAME, "child_last_name": LAST_NAME, **JINJA_PAYLOADS}
    answers |= {"reasons_for_secure": COLOUR_PAYLOAD, "alternatives_considered": IMAGE_PAYLOAD}
    return submit(complete_draft, social_worker, officer, **answers)


@pytest.fixture
def hostile_pack(hostile: Referral, home: Organisation, tmp_path: Path) -> PackResult:
    fonts()  # load the fonts first, so the patched open_for_read sees only what the markup asks for
    with mock.patch("reportlab.lib.utils.open_for_read", side_effect=AssertionError("a file was opened")) as opened:
        result = pack_render(referral=hostile, home=home, out_dir=tmp_path / "pack", issued_at=ISSUED_AT)
    assert not opened.called
    return result


def _template(tmp_path: Path, text: str) -> Path:
    """A minimal template with one expression, built with python-docx."""
    document = Document()
    document.add_paragraph(text)
    path = tmp_path / "hostile.docx"
    document.save(str(path))
    return path


def _content() -> PackContent:
    facts = PackFacts("SW-AAAA-CCCC", "Leeds City Council", "v4", "now", "Home", "PK-1", "Officer")
    return PackContent(facts, [], [], {})


@pytest.mark.django_db
class TestHostileTextInThePdf:
    """Markup in a child's details is printed literally by reportlab and fetches nothing."""

    def test_markup_in_the_name_is_printed_literally(self, hostile_pack: PackResult) -> None:
        """The name's tags and ampersand appear as typed, and the PDF builds."""
        text = "\n".join(pdf_pages_text(hostile_pack.pdf_path))
        assert FIRST_NAME in text and LAST_NAME in text

    def test_colour_and_image_payloads_are_text_not_instructions(self, hostile_pack: PackResult) -> None:
        """The CVE-2023-33733 colour expression and an <img> path are text; no file was opened (see fixture)."""
        text = "\n".join(pdf_pages_text(hostile_pack.pdf_path))
        assert "getattr(pow, Word('__globals__'))" in text and '<img src="/etc/hostname"/>' in text

    def test_reportlab_fetches_nothing_and_evaluates_no_colours(self, hostile_pack: PackResult) -> None:
        """No trusted hosts or schemes, and colour strings are never evaluated as expressions."""
        assert rl_config.trustedHosts == [] and rl_config.trustedSchemes == []
        assert rl_config.toColorCanUse is None


@pytest.mark.django_db
class TestHostileTextInTheDocx:
    """Answers are data for docxtpl, never OOXML or Jinja."""

    def test_markup_in_the_name_is_printed_literally(self, hostile_pack: PackResult) -> None:
        """python-docx reads the name as typed; no field code came from the data."""
        assert FIRST_NAME in docx_text(hostile_pack.docx_path) and LAST_NAME in docx_text(hostile_pack.docx_path)
        assert "<w:instrText" not in docx_xml(hostile_pack.docx_path)

    def test_jinja_in_an_answer_is_not_evaluated(self, hostile_pack: PackResult) -> None:
        """{{ 7*7 }} stays {{ 7*7 }} in both files; answers are never rendered as templates."""
        docx, pdf = docx_text(hostile_pack.docx_path), "\n".join(pdf_pages_text(hostile_pack.pdf_path))
        for payload in JINJA_PAYLOADS.values():
            assert payload in docx and payload in pdf


class TestTemplateSandbox:
    """A template's own expressions run in the immutable sandbox with StrictUndefined."""

    @pytest.mark.parametrize(
        "expression",
        [
            "{{ ''.__class__.__mro__ }}",
            "{{ cycler.__init__.__globals__.os.getpid() }}",
            "{{ 'x' * 1000000 }}",
            "{{ referral.nhs_numbr }}",
        ],
    )
    def test_unsafe_or_undeclared_expressions_fail_the_render(self, tmp_path: Path, expression: str) -> None:
        """Breakouts, unbounded repetition and typos raise a clean PackRenderError instead of rendering."""
        with pytest.raises(PackRenderError):
            pack_docx(_template(tmp_path, expression), _content())

    def test_declared_variables_render_escaped(self, tmp_path: Path) -> None:
        """A legitimate expression renders, with autoescape on."""
        content = _content()
        data = pack_docx(_template(tmp_path, "{{ referral.local_authority }} {{ 6 * 7 }}"), content)
        (tmp_path / "out.docx").write_bytes(data)
        assert "Leeds City Council 42" in docx_text(tmp_path / "out.docx")
