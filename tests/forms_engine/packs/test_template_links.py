"""Templates may hold hyperlinks to https: and mailto: addresses; every other external relationship is refused."""

import io
import zipfile
from pathlib import Path

import pytest
from django.conf import settings
from docx import Document
from docx.opc.constants import RELATIONSHIP_TYPE as RT

from documents.container import HYPERLINK_TYPE, MAX_LINK_CHARS, docx_container_problems
from forms_engine.packs import PackResult

V4 = Path(settings.BASE_DIR) / "templates_docs" / "san-referral" / "v4" / "pack.docx"
RELS = "word/_rels/document.xml.rels"
TYPES = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
GUIDANCE = "https://www.securechildrenshomes.org.uk/secure-welfare-coordination-unit/"


def with_relationship(target: str, *, kind: str = HYPERLINK_TYPE, mode: str = ' TargetMode="External"') -> bytes:
    """The shipped v4 template with one more relationship in the document's relationships part."""
    source, out = zipfile.ZipFile(V4), io.BytesIO()
    relationship = f'<Relationship Id="rId900" Type="{kind}" Target="{target}"{mode}/></Relationships>'
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == RELS:
                data = data.decode().replace("</Relationships>", relationship).encode()
            archive.writestr(info.filename, data)
    return out.getvalue()


class TestHyperlinks:
    """Hyperlinks to https: and mailto: addresses of reasonable length pass the container check."""

    @pytest.mark.parametrize(
        "target",
        [
            "https://www.gov.uk/government/publications/children-act-1989-court-orders--2",
            "https://www.legislation.gov.uk/uksi/1991/1505/contents#reg-5",
            "mailto:swcu@example.org",
            "mailto:swcu@example.org?subject=Referral%20question",
        ],
    )
    def test_a_hyperlink_to_https_or_mailto_is_accepted(self, target: str) -> None:
        """No problem is reported."""
        assert docx_container_problems(with_relationship(target)) == []

    @pytest.mark.parametrize(
        "target",
        [
            "http://www.gov.uk/",
            "file:///etc/hostname",
            "javascript:alert(1)",
            "\\\\attacker.example\\share\\x.docx",
            "//attacker.example/x",
            "https://user@attacker.example/",
            "https:///no-host",
            "https://www.gov.uk/&#x9;tab",
            "https://www.gov.uk/&#xA;line",
            "https://www.gov.uk/&#x85;next-line",
            "https://www.gov.uk/with space",
            "https://www.gov.uk/" + "x" * MAX_LINK_CHARS,
            "mailto:",
            "data:text/html,hello",
            "",
        ],
    )
    def test_a_hyperlink_anywhere_else_is_refused(self, target: str) -> None:
        """The problem names the hyperlink and the rule."""
        problems = docx_container_problems(with_relationship(target))
        assert len(problems) == 1 and "links must go to an https: web address" in problems[0]

    @pytest.mark.parametrize(
        "kind",
        ["image", "attachedTemplate", "oleObject", "frame", "subDocument", "package", "externalLinkPath"],
    )
    def test_every_other_external_relationship_is_refused_even_to_https(self, kind: str) -> None:
        """A linked picture, attached template, linked object or frame is refused whatever its address."""
        problems = docx_container_problems(with_relationship("https://www.gov.uk/x", kind=TYPES + kind))
        assert len(problems) == 1 and f"links to something outside the document ({kind} in" in problems[0]

    @pytest.mark.parametrize("target", ["file:///etc/hostname", "https://attacker.example/x.png", "..\\..\\x.png"])
    def test_an_address_in_a_relationship_not_marked_external_is_refused(self, target: str) -> None:
        """A URL or a backslash path in an internal relationship does not slip past as a part name."""
        problems = docx_container_problems(with_relationship(target, kind=TYPES + "image", mode=""))
        assert len(problems) == 1 and "not marked as external" in problems[0]


@pytest.mark.django_db
class TestShippedTemplateLinks:
    """The shipped templates link to the guidance, and the links reach the rendered pack."""

    def test_the_shipped_template_passes_the_check_with_its_links(self) -> None:
        """The v4 template has hyperlinks and no container problem."""
        data = V4.read_bytes()
        links = [r for r in Document(io.BytesIO(data)).part.rels.values() if r.reltype == RT.HYPERLINK]
        assert GUIDANCE in {r.target_ref for r in links} and docx_container_problems(data) == []

    def test_the_rendered_pack_keeps_the_links(self, pack: PackResult) -> None:
        """The pack's DOCX has the same hyperlinks and still passes the container check."""
        data = pack.docx_path.read_bytes()
        links = {r.target_ref for r in Document(io.BytesIO(data)).part.rels.values() if r.reltype == RT.HYPERLINK}
        assert GUIDANCE in links and all(t.startswith("https://") for t in links)
        assert docx_container_problems(data) == []
