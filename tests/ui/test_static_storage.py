"""Production's static storage (ui.storage) remembers each hashed URL and answers as whitenoise's storage does."""

import json
from pathlib import Path

import pytest
from django.test import override_settings
from whitenoise.storage import CompressedManifestStaticFilesStorage

from ui.storage import CachedManifestStaticFilesStorage

MANIFEST = {"version": "1.1", "hash": "x", "paths": {"site/app.css": "site/app.0123abcd.css", "a b.js": "a b.99.js"}}


def _storages(tmp_path: Path) -> tuple[CachedManifestStaticFilesStorage, CompressedManifestStaticFilesStorage]:
    (tmp_path / "staticfiles.json").write_text(json.dumps(MANIFEST))
    made = (
        cls(location=str(tmp_path), base_url="/static/")
        for cls in (CachedManifestStaticFilesStorage, CompressedManifestStaticFilesStorage)
    )
    return next(made), next(made)


@override_settings(DEBUG=False)
def test_the_same_urls_as_whitenoise_and_remembered(tmp_path: Path) -> None:
    cached, plain = _storages(tmp_path)
    for name in ("site/app.css", "a b.js", "site/app.css?v=1#x"):
        assert cached.url(name) == plain.url(name)
        assert cached.url(name) == plain.url(name)  # from what was remembered
    assert cached.url("site/app.css") == "/static/site/app.0123abcd.css"
    cached.hashed_files = {"site/app.css": "site/app.changed.css"}
    assert cached.url("site/app.css") == "/static/site/app.0123abcd.css"
    list(cached.post_process({}, dry_run=True))  # collectstatic's post-processing, which rewrites the manifest
    cached.hashed_files = {"site/app.css": "site/app.changed.css"}
    assert cached.url("site/app.css") == "/static/site/app.changed.css"


@override_settings(DEBUG=False)
def test_a_missing_name_raises_every_time(tmp_path: Path) -> None:
    cached, _ = _storages(tmp_path)
    for _ in range(2):
        with pytest.raises(ValueError, match="Missing staticfiles manifest entry"):
            cached.url("site/missing.css")


def test_debug_gives_unhashed_urls(tmp_path: Path) -> None:
    cached, _ = _storages(tmp_path)
    with override_settings(DEBUG=False):
        assert cached.url("site/app.css") == "/static/site/app.0123abcd.css"
    with override_settings(DEBUG=True):
        assert cached.url("site/app.css") == "/static/site/app.css"
