"""python manage.py render_pack REFERENCE --home SLUG --out DIR."""

import hashlib
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from accounts.models import Organisation
from forms_engine.models import Referral


@pytest.mark.django_db
class TestRenderPackCommand:
    """The command writes the three files and prints their paths and hashes, or fails with a clear message."""

    def test_writes_the_files_and_prints_paths_and_hashes(
        self, submitted: Referral, home: Organisation, tmp_path: Path
    ) -> None:
        """Each printed hash is the SHA-256 of the printed file."""
        out = StringIO()
        call_command("render_pack", submitted.reference, "--home", home.slug, "--out", str(tmp_path), stdout=out)
        lines = [line.split() for line in out.getvalue().splitlines() if "sha256:" in line]
        assert sorted(Path(path).name for path, _ in lines) == ["manifest.json", "pack.docx", "pack.pdf"]
        for path, digest in lines:
            assert digest == "sha256:" + hashlib.sha256(Path(path).read_bytes()).hexdigest()

    def test_an_unknown_reference_is_a_clear_error(self, home: Organisation, tmp_path: Path) -> None:
        """CommandError (non-zero exit) naming the reference; nothing is written."""
        with pytest.raises(CommandError, match="No referral has the reference 'SW-NONE-NONE'"):
            call_command("render_pack", "SW-NONE-NONE", "--home", home.slug, "--out", str(tmp_path))
        assert not list(tmp_path.iterdir())

    def test_an_unknown_home_is_a_clear_error(self, submitted: Referral, tmp_path: Path) -> None:
        """CommandError naming the slug; a local authority's slug is not a home either."""
        for slug in ("nowhere", "hampshire"):
            with pytest.raises(CommandError, match=f"No secure children's home has the slug '{slug}'"):
                call_command("render_pack", submitted.reference, "--home", slug, "--out", str(tmp_path))
