"""Is an uploaded file a plain .docx? Checked from the zip directory and defusedxml, before python-docx.

Nothing here decompresses more than the sizes the zip directory declares, and those are bounded first; every
XML part is parsed with defusedxml with DTDs forbidden, so XXE and entity expansion never reach lxml.
"""

import io
import re
import zipfile
import zlib
from dataclasses import dataclass
from urllib.parse import urlsplit
from xml.etree.ElementTree import Element

import defusedxml.ElementTree as safe_xml
from defusedxml import DefusedXmlException

MIB = 1024 * 1024
MAIN_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
_CT = "{http://schemas.openxmlformats.org/package/2006/content-types}"
_RELS = "{http://schemas.openxmlformats.org/package/2006/relationships}"
HYPERLINK_TYPE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink"
MAX_LINK_CHARS = 2_000
_LINK_REFUSED = re.compile(r"[\x00-\x20\x7f-\x9f\\]")  # controls, spaces and backslashes (UNC paths)
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")
_MACRO_TYPES = ("macroenabled", "vbaproject", "vbadata", "activex", "oleobject", "ms-office.vba")
_ACTIVE_NAMES = ("vbaproject.bin", "vbadata.xml", "/embeddings/", "/activex/")


@dataclass(frozen=True)
class ContainerLimits:
    """ASVS 12.1.2 bounds on the zip: size on upload, entries, total uncompressed size, compression ratio."""

    max_upload_bytes: int = 10 * MIB
    max_entries: int = 500
    max_total_bytes: int = 50 * MIB
    max_member_bytes: int = 20 * MIB
    max_ratio: int = 100
    ratio_floor_bytes: int = 256 * 1024  # tiny parts compress well; the ratio matters for large ones


def _directory_problems(archive: zipfile.ZipFile, limits: ContainerLimits) -> list[str]:
    infos, problems = archive.infolist(), []
    if len(infos) > limits.max_entries:
        return [f"The file holds {len(infos):,} parts; a Word template has far fewer (at most {limits.max_entries})"]
    total = sum(info.file_size for info in infos)
    if total > limits.max_total_bytes:
        return [
            f"The file would unpack to {total // MIB:,} MB; a template may unpack to at most "
            f"{limits.max_total_bytes // MIB} MB (possible zip bomb)"
        ]
    names = [info.filename for info in infos]
    if len(set(names)) != len(names):
        problems.append("The file lists the same part twice")
    for info in infos:
        name = info.filename
        if name.startswith("/") or "\\" in name or ".." in name.split("/"):
            problems.append(f"The part name ‘{name[:80]}’ points outside the document")
        if info.flag_bits & 0x1:
            problems.append("The file is password-protected or encrypted: save it again without a password")
        if info.file_size > limits.max_member_bytes:
            problems.append(f"The part ‘{name[:80]}’ is too large ({info.file_size // MIB:,} MB)")
        ratio = info.file_size / max(info.compress_size, 1)
        if info.file_size > limits.ratio_floor_bytes and ratio > limits.max_ratio:
            problems.append(f"The part ‘{name[:80]}’ is compressed {ratio:,.0f} to 1 (possible zip bomb)")
        if any(marker in f"/{name.lower()}" for marker in _ACTIVE_NAMES):
            problems.append(f"The file contains macros, ActiveX or embedded objects (‘{name[:80]}’)")
    return problems


def _parse(archive: zipfile.ZipFile, name: str) -> Element:
    return safe_xml.fromstring(archive.read(name), forbid_dtd=True, forbid_entities=True, forbid_external=True)


def _xml_problems(archive: zipfile.ZipFile) -> list[str]:
    problems = []
    for name in archive.namelist():
        if not name.lower().endswith((".xml", ".rels")):
            continue
        try:
            root = _parse(archive, name)
        except DefusedXmlException:
            problems.append(f"The part ‘{name}’ declares a DOCTYPE or entities, which templates may not use")
            continue
        except safe_xml.ParseError:
            problems.append(f"The part ‘{name}’ is not well-formed XML")
            continue
        if name.endswith(".rels"):
            problems += _relationship_problems(name, root)
    return problems


def hyperlink_allowed(target: str) -> bool:
    """An https: address with a host, or a mailto: address; short, with no control characters or backslashes."""
    if not target or len(target) > MAX_LINK_CHARS or _LINK_REFUSED.search(target):
        return False
    try:
        parts = urlsplit(target)
        host = parts.hostname
    except ValueError:
        return False
    if parts.scheme == "https":
        return bool(host) and "@" not in parts.netloc
    return parts.scheme == "mailto" and "@" in parts.path and not parts.netloc


def _shown(target: str) -> str:
    return _LINK_REFUSED.sub("\N{REPLACEMENT CHARACTER}", target[:80])


def _relationship_problems(name: str, root: Element) -> list[str]:
    """Only hyperlinks to https: or mailto: may leave the document; any other external relationship is refused."""
    problems = []
    for relationship in root.iter(f"{_RELS}Relationship"):
        kind, target = relationship.get("Type") or "", relationship.get("Target") or ""
        if (relationship.get("TargetMode") or "").lower() != "external":
            if _SCHEME.match(target) or "\\" in target:
                problems.append(f"The part ‘{name}’ has a link to ‘{_shown(target)}’ that is not marked as external")
            continue
        if kind != HYPERLINK_TYPE:
            problems.append(
                f"The file links to something outside the document ({kind.rsplit('/', 1)[-1]} in ‘{name}’): remove "
                "attached templates, linked pictures and linked objects (hyperlinks to https: or mailto: are fine)"
            )
        elif not hyperlink_allowed(target):
            problems.append(
                f"The file has a hyperlink to ‘{_shown(target)}’ in ‘{name}’: links must go to an https: web address "
                f"or a mailto: e-mail address of at most {MAX_LINK_CHARS:,} characters"
            )
    return problems


def _content_type_problems(archive: zipfile.ZipFile) -> list[str]:
    if "[Content_Types].xml" not in archive.namelist() or "word/document.xml" not in archive.namelist():
        return ["The file is not a Word document (.docx)"]
    try:
        root = _parse(archive, "[Content_Types].xml")
    except (DefusedXmlException, safe_xml.ParseError):
        return []  # reported by _xml_problems
    types = [(e.get("ContentType") or "").lower() for e in root if e.tag in (f"{_CT}Override", f"{_CT}Default")]
    problems = []
    if any(marker in kind for kind in types for marker in _MACRO_TYPES):
        problems.append("The file is macro-enabled (.docm) or holds ActiveX or OLE objects: save it as a plain .docx")
    if MAIN_TYPE not in types:
        problems.append("The file is not a plain Word document (.docx): save it as ‘Word Document (.docx)’")
    return problems


def docx_container_problems(data: bytes, limits: ContainerLimits = ContainerLimits()) -> list[str]:
    """Every reason this upload is not a plain, bounded .docx; an empty list means python-docx may open it."""
    if len(data) > limits.max_upload_bytes:
        return [f"The file is larger than {limits.max_upload_bytes // MIB} MB"]
    if not data.startswith(b"PK\x03\x04"):
        return ["The file is not a Word document (.docx)"]
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError):
        return ["The file is damaged or is not a Word document (.docx)"]
    with archive:
        problems = _directory_problems(archive, limits)
        if problems:
            return problems
        try:
            return [*_content_type_problems(archive), *_xml_problems(archive)]
        except (zipfile.BadZipFile, zlib.error, OSError, EOFError, RuntimeError):
            return ["The file is damaged or is not a Word document (.docx)"]
