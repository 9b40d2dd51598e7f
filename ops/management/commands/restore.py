"""`manage.py restore FOLDER`: a backup (ops/backup.py) into the configured database, which must be new and
empty, and the configured storages; every restored file is read back and checked against the manifest."""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from ops.backup import BackupError, backup_restore


class Command(BaseCommand):
    help = "Restore a backup into a new, empty database and the configured storages, checking every file."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("folder", type=Path, help="The backup folder (made by manage.py backup)")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            report = backup_restore(options["folder"])
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"Restored {report}")
