"""python manage.py render_pack REFERENCE --home SLUG --out DIR: write a referral's pack for one secure home."""

from datetime import datetime
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from accounts.models import Organisation
from forms_engine.models import Referral
from forms_engine.packs import PackError, pack_render


class Command(BaseCommand):
    help = "Render the DOCX, PDF and manifest of a submitted referral's pack for one secure home."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("reference", help="The referral reference, for example SW-7KQD-93HX.")
        parser.add_argument("--home", required=True, help="The recipient secure home's slug.")
        parser.add_argument("--out", required=True, type=Path, help="The folder to write the pack into.")
        parser.add_argument(
            "--issued-at", type=datetime.fromisoformat, help="Issue time (ISO 8601, with offset); now by default."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        referral = Referral.objects.filter(reference=options["reference"].strip().upper()).first()
        if referral is None:
            raise CommandError(f"No referral has the reference {options['reference']!r}.")
        home = Organisation.objects.filter(slug=options["home"], kind=Organisation.Kind.SECURE_HOME).first()
        if home is None:
            raise CommandError(f"No secure children's home has the slug {options['home']!r}.")
        issued_at = options["issued_at"] or timezone.now()
        if timezone.is_naive(issued_at):
            raise CommandError("--issued-at needs a UTC offset, for example 2025-03-01T09:30:00+00:00.")
        try:
            result = pack_render(referral=referral, home=home, out_dir=options["out"], issued_at=issued_at)
        except PackError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"Pack {result.pack_id} for {home.name}:")
        for path in (result.docx_path, result.pdf_path, result.manifest_path):
            self.stdout.write(f"  {path}  sha256:{result.sha256[path.name]}")
