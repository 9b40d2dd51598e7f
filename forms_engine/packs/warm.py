"""Warm a worker once before its first confined pack: fonts, styles, compiled patterns and lazily loaded modules.

Each pack is built in a fork that exits afterwards, so whatever the child loads or caches on the way (the Liberation
fonts, reportlab's styles, docxtpl's compiled regular expressions, pypdf's filters) is lost with it, and every child
would load it again (about 50 ms a pack). The worker builds one pack itself, once, from trusted input only: the
shipped v4 template (never an uploaded one) and a built-in mock referral, with no attachments and no database.
Its children then start warm.
"""

import hashlib
import json
import logging
import tempfile
from datetime import UTC, datetime
from pathlib import Path

from vocabulary.codelists import CODE_LISTS

logger = logging.getLogger(__name__)
_STATE = {"warm": False}
_NUMBER = 4  # the form version whose shipped template warms the worker


def pack_worker_warm() -> None:
    """Build one throwaway pack in this process the first time it is called; later calls do nothing."""
    if _STATE["warm"]:
        return
    _STATE["warm"] = True
    try:
        _warm_build()
    except Exception:  # a failed warm-up only means colder packs: never a reason to fail a real one
        logger.exception("Warming the pack worker failed; packs are built without it")


def _warm_build() -> None:
    from ..definitions import VERSIONS
    from ..mocks import MOCKS
    from ..models import Form, FormVersion
    from .content import PackSource
    from .identity import TemplateRef, file_sha256, shipped_template_path, templates_root
    from .service import Recipient, _pack_build
    from .shared import shared_drop

    spec = next(s for s in VERSIONS if s["number"] == _NUMBER)
    form = Form(key="san-referral", title="SAN secure welfare referral form")
    version = FormVersion(form=form, number=_NUMBER, label=spec["label"], schema=spec["schema"], code_lists=CODE_LISTS)
    version.schema_hash = version.content_hash()
    mock = next(m for m in MOCKS if m.version_number == _NUMBER)
    answers_hash = hashlib.sha256(json.dumps(mock.answers, sort_keys=True).encode()).hexdigest()
    source = PackSource(
        version, dict(mock.answers), [], mock.reference, answers_hash, mock.local_authority_name, mock.signed_by
    )
    path = shipped_template_path(version)
    template = TemplateRef(path, file_sha256(path), path.relative_to(templates_root()).as_posix())
    with tempfile.TemporaryDirectory(prefix="pack-warm-") as folder:
        issued = datetime(2025, 1, 1, tzinfo=UTC)
        _, (key, _) = _pack_build(source, Recipient("warm-up", "Warm-up Home"), template, Path(folder), issued, "")
    shared_drop(key)
