"""`manage.py backup FOLDER`: the database and every stored file into a new folder, with a manifest of SHA-256s
(ops/backup.py); `manage.py backup --check FOLDER` checks an existing backup's bytes against its manifest."""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from ops.backup import BackupError, backup_create, backup_verify


class Command(BaseCommand):
    help = "Back up the database and the stored files into a new folder, or check a backup (--check)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("folder", type=Path, help="A new folder for the backup (or the backup to check)")
        parser.add_argument("--check", action="store_true", help="Check this backup against its manifest")

    def handle(self, *args: Any, **options: Any) -> None:
        folder: Path = options["folder"]
        try:
            if options["check"]:
                manifest = backup_verify(folder)
                self.stdout.write(f"{folder}: complete, made {manifest.created_at}, {len(manifest.files)} files")
                return
            self.stdout.write(str(backup_create(folder)))
        except BackupError as error:
            raise CommandError(str(error)) from error
