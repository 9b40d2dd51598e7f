"""Mock referrals: valid v4 answers checked as the journey checks them, loaded by the seed, with example packs."""

import dataclasses
import io
from pathlib import Path
from typing import Any

import pytest
from docx import Document
from pypdf import PdfReader

from demo.forms import demo_forms_seed
from forms_engine.mocks import MOCKS, mock_spec
from forms_engine.mocks.documents import EXAMPLE_STAMP
from forms_engine.mocks.validation import mock_problems
from forms_engine.models import MockReferral, Referral
from forms_engine.rules import referral_flags
from forms_engine.schema import question_index
from vocabulary.dates import age_on
from vocabulary.dates import iso_date as parse_date

from .packs.reading import outline_titles


@pytest.fixture
def seeded(db: Any, django_capture_on_commit_callbacks: Any) -> dict[str, MockReferral]:
    """The seed with its on-commit work run: example packs are rendered by the django-q2 task."""
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        demo_forms_seed()
    assert len(callbacks) == 3  # one render task per version with mocks: v4, v5 and v6
    return {mock.key: mock for mock in MockReferral.objects.select_related("example_pdf", "example_docx")}


def _age(key: str) -> int:
    spec = mock_spec(key)
    return age_on(parse_date(spec.answers["child_date_of_birth"]), spec.as_of)


def _docx_text(data: bytes) -> str:
    document = Document(io.BytesIO(data))
    parts = [p.text for p in document.paragraphs]
    parts += [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return "\n".join(parts)


def _read(document: Any) -> bytes:
    with document.file.open("rb") as source:
        return source.read()


@pytest.mark.django_db
class TestMockAnswers:
    """Each shipped mock is complete and valid for its own version on its own date, as the journey would check it."""

    @pytest.mark.parametrize("spec", MOCKS, ids=lambda spec: spec.key)
    def test_every_mock_passes_the_journeys_checks(self, forms_seeded: dict, spec: Any) -> None:
        """Field validation, completeness, visibility and the legal rules find nothing."""
        assert mock_problems(spec, forms_seeded[spec.version_number]) == []

    def test_the_three_scenarios_are_the_ones_the_guidance_describes(self) -> None:
        """A girl of 14 at risk of CSE who absconds; a boy of 15 with violence and gangs; a child of 12 on 72 hours."""
        assert {s.version_number for s in MOCKS} == {4, 5, 6}
        girl, boy, child = (mock_spec(s.key) for s in MOCKS if s.version_number == 4)
        on_v5 = [s for s in MOCKS if s.version_number == 5]
        assert [s.key for s in on_v5] == [f"{m.key}-v5" for m in (girl, boy, child)]
        for on_v4, same_child in zip((girl, boy, child), on_v5, strict=True):
            assert same_child.answers.items() >= on_v4.answers.items()  # v4's answers kept, v5's questions added
            assert {"is_review", "placement_at_referral", "missing_episodes_3_months"} <= set(same_child.answers)
        assert (_age(girl.key), girl.answers["child_sex"], girl.answers["risk_cse"]) == (14, "female", "current")
        assert girl.answers["risk_absconding"] == "current"
        assert (_age(boy.key), boy.answers["child_sex"]) == (15, "male")
        assert boy.answers["risk_violence"] == boy.answers["risk_gangs"] == "current"
        assert _age(child.key) == 12 and child.answers["secretary_of_state_approval_reference"]
        assert referral_flags(child.answers, today=child.as_of) == ["Emergency 72-hour placement", "Child under 13"]

    def test_an_invalid_answer_is_reported(self, forms_seeded: dict) -> None:
        """The check can fail: an unknown code, a missing answer and a missing SoS reference are each named."""
        spec = mock_spec("child-12-emergency-72-hour")
        answers = {**spec.answers, "child_ethnicity": "NOPE"}
        del answers["secretary_of_state_approval_reference"], answers["exit_plan"]
        problems = mock_problems(dataclasses.replace(spec, answers=answers), forms_seeded[4])
        assert any(p.startswith("child_ethnicity:") for p in problems)
        assert "not every section is complete" in problems
        assert any(p.startswith("secretary_of_state_approval_reference:") for p in problems)


@pytest.mark.django_db
class TestSeededMocks:
    """demo_forms_seed loads the mocks as synthetic content with example packs, never as Referral rows."""

    def test_mocks_are_loaded_without_creating_referrals(self, seeded: dict) -> None:
        """Each mock on the version it was written for (three on v4, the same children on v5, one on the v6
        draft), no child-data rows."""
        assert set(seeded) == {spec.key for spec in MOCKS}
        assert {key: mock.version.number for key, mock in seeded.items()} == {
            spec.key: spec.version_number for spec in MOCKS
        }
        assert {mock.version.number for mock in seeded.values()} == {4, 5, 6}
        assert Referral.objects.count() == 0

    def test_seeding_twice_changes_nothing(self, seeded: dict, django_capture_on_commit_callbacks: Any) -> None:
        """Same rows, same documents; no render is queued again."""
        before = {k: (m.pk, m.example_pdf_id, m.example_docx_id, m.examples_sha256) for k, m in seeded.items()}
        with django_capture_on_commit_callbacks() as callbacks:
            demo_forms_seed()
        assert callbacks == []
        after = {
            m.key: (m.pk, m.example_pdf_id, m.example_docx_id, m.examples_sha256) for m in MockReferral.objects.all()
        }
        assert after == before


@pytest.mark.django_db
class TestExamplePacks:
    """The example packs come from the real renderer and say on every page that they describe no real child."""

    @pytest.mark.parametrize("key", [spec.key for spec in MOCKS])
    def test_every_pdf_page_is_stamped_and_the_pack_is_complete(self, seeded: dict, key: str) -> None:
        """Stamp, footer and page x of y on every page; outline has every section and document; attachments merged."""
        mock, spec = seeded[key], mock_spec(key)
        reader = PdfReader(io.BytesIO(_read(mock.example_pdf)))
        pages = [page.extract_text() for page in reader.pages]
        for number, text in enumerate(pages, start=1):
            assert EXAMPLE_STAMP in text and f"Page {number} of {len(pages)}" in text, number
            assert "Issued to Example Secure Children's Home" in text
        attachment_pages = sum(d.pages for d in spec.documents)
        assert "synthetic document, page 1 of" in pages[len(pages) - attachment_pages]
        titles = outline_titles(reader.outline)
        assert [s["title"] for s in mock.version.schema["sections"]] == titles[
            2 : 2 + len(mock.version.schema["sections"])
        ]
        assert "Attached documents" in titles and len(titles) == 2 + len(mock.version.schema["sections"]) + 1 + len(
            spec.documents
        )

    @pytest.mark.parametrize("key", [spec.key for spec in MOCKS])
    def test_the_docx_has_every_answered_question_and_a_stamped_header(self, seeded: dict, key: str) -> None:
        """python-docx finds each visible answer's label and printed value, and the stamp in body and header."""
        mock = seeded[key]
        data = _read(mock.example_docx)
        text = _docx_text(data)
        questions = question_index(mock.version.schema)
        from forms_engine.journey import display_value

        for answer_key, value in mock.answers.items():
            question = questions[answer_key]
            if question["type"] in {"repeating_group", "attachment"}:
                continue
            printed = display_value(question, value, mock.version.code_lists)
            assert question["label"] in text and printed in text, answer_key
        for item in mock.answers.get("key_contacts", []):
            assert item["contact_name"] in text
        document = Document(io.BytesIO(data))
        assert document.paragraphs[0].text == EXAMPLE_STAMP
        assert all(EXAMPLE_STAMP in s.header.paragraphs[0].text for s in document.sections)

    def test_example_packs_are_downloadable_wagtail_documents(self, seeded: dict, client: Any) -> None:
        """Each mock has a PDF and a Word example pack anyone can download from the CMS."""
        for mock in seeded.values():
            for document, extension in ((mock.example_pdf, "pdf"), (mock.example_docx, "docx")):
                assert document.file_extension == extension
                response = client.get(document.url)
                assert response.status_code == 200, document.url


def test_mock_data_folder_is_python_data() -> None:
    """The mocks ship as data modules next to the catalogue."""
    folder = Path(__file__).resolve().parents[2] / "forms_engine" / "mocks"
    assert {"girl_cse_absconds.py", "boy_violence_gangs.py", "emergency_under_13.py"} <= {
        p.name for p in folder.iterdir()
    }


@pytest.mark.django_db
class TestMockReferralSnippets:
    """Editors find the mock referrals among Wagtail's snippets."""

    def test_the_snippet_listing_shows_the_mocks(self, forms_seeded: dict) -> None:
        """The three mocks are listed for an editor."""
        from django.contrib.auth.models import Group
        from django.urls import reverse

        from accounts.models import Role
        from tests.factories import member

        from .conftest import client_for

        editor = member(Role.EDITOR)
        editor.groups.add(Group.objects.get(name="Editors"))
        html = client_for(editor).get(reverse("wagtailsnippets_forms_engine_mockreferral:list")).content.decode()
        for spec in MOCKS:
            assert spec.title in html
