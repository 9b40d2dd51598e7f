"""manifest.json: what was issued to whom, from which inputs, and the SHA-256 of every file."""

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from ..models import FormVersion
from .identity import bytes_sha256


@dataclass(frozen=True)
class PackFile:
    """One output file as the manifest lists it."""

    name: str
    sha256: str
    size: int

    @classmethod
    def of(cls, name: str, data: bytes) -> "PackFile":
        return cls(name, bytes_sha256(data), len(data))


def manifest_bytes(
    *,
    reference: str,
    answers_hash: str,
    version: FormVersion,
    recipient: dict[str, str],
    pack_id: str,
    digest: str,
    template: dict[str, str],
    issued_at: datetime,
    files: list[PackFile],
) -> bytes:
    """The manifest as stable, sorted JSON (identical inputs give identical bytes)."""
    manifest: dict[str, Any] = {
        "pack_id": pack_id,
        "pack_digest": digest,
        "referral_reference": reference,
        "answers_hash": answers_hash,
        "form": {
            "key": version.form.key,
            "version": version.number,
            "version_label": version.label,
            "schema_hash": version.schema_hash or version.content_hash(),
        },
        "template": template,
        "recipient": recipient,
        "issued_at": issued_at.isoformat(),
        "files": [{"name": f.name, "sha256": f.sha256, "size": f.size} for f in files],
    }
    return json.dumps(manifest, indent=2, sort_keys=True, ensure_ascii=False).encode() + b"\n"
