"""The DOCX renderer keeps compiled templates and docxtpl's XML clean-up per process: values never carry over from
one render to the next, the sandbox still applies to a kept template, the store stays bounded, and identical inputs
still give identical bytes."""

import io
from pathlib import Path

import pytest
from docx import Document
from jinja2.exceptions import SecurityError

from documents import safety
from documents.docx_render import docx_render
from documents.safety import COMPILED, docx_environment


def _template(path: Path, body: str, header: str = "") -> Path:
    document = Document()
    document.add_paragraph(body)
    if header:
        document.sections[0].header.paragraphs[0].text = header
    document.save(str(path))
    return path


def _text(data: bytes) -> str:
    document = Document(io.BytesIO(data))
    header = "\n".join(p.text for p in document.sections[0].header.paragraphs)
    return header + "\n" + "\n".join(p.text for p in document.paragraphs)


@pytest.fixture(autouse=True)
def _empty_store() -> None:
    COMPILED.clear()


def test_a_kept_template_renders_each_homes_own_values(tmp_path: Path) -> None:
    template = _template(tmp_path / "t.docx", "For {{ home }}", header="Pack {{ pack }}")
    first = _text(docx_render(template, {"home": "Aycliffe", "pack": "P-1"}))
    kept = len(COMPILED)
    second = _text(docx_render(template, {"home": "Clayfields & Co <x>", "pack": "P-2"}))
    assert kept > 0 and len(COMPILED) == kept  # the second render compiled nothing new
    assert "For Aycliffe" in first and "Pack P-1" in first
    assert "For Clayfields & Co <x>" in second and "Pack P-2" in second
    assert "Aycliffe" not in second and "P-1" not in second


def test_identical_inputs_give_identical_bytes(tmp_path: Path) -> None:
    template = _template(tmp_path / "t.docx", "For {{ home }}")
    assert docx_render(template, {"home": "A"}) == docx_render(template, {"home": "A"})
    assert docx_render(template, {"home": "A"}) != docx_render(template, {"home": "B"})


def test_the_sandbox_still_refuses_on_a_kept_template(tmp_path: Path) -> None:
    template = _template(tmp_path / "t.docx", "{{ home * 100 }}")
    for _ in range(2):
        with pytest.raises(SecurityError):
            docx_render(template, {"home": "x"})


def test_the_store_is_bounded_by_count_and_size(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(safety, "COMPILED_MAX_TEMPLATES", 3)
    monkeypatch.setattr(safety, "COMPILED_MAX_CHARS", 100)
    environment = docx_environment()
    for number in range(10):
        environment.from_string(f"{{{{ a }}}} {number}")
    assert len(COMPILED) == 3
    environment.from_string("x" * 101)  # larger than the whole store: compiled, not kept
    assert len(COMPILED) == 3
    for number in range(3):
        environment.from_string(f"{number:02d}" + "y" * 40)
    assert len(COMPILED) == 2  # 2 x 42 chars fit in 100, a third does not


def test_templates_with_globals_are_not_kept() -> None:
    docx_environment().from_string("{{ a }}", globals={"a": 1})
    assert len(COMPILED) == 0
