"""python manage.py retention [--dry-run]: apply the retention schedule now, or list what it would remove."""

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from privacy.retention import due_now, retention_run
from privacy.schedule import RULES, schedule_markdown


class Command(BaseCommand):
    help = "Apply the retention schedule (privacy/schedule.py) now; --dry-run lists what would be removed."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--dry-run", action="store_true", help="List what is due; change nothing.")
        parser.add_argument(
            "--table", action="store_true", help="Print the schedule as docs/data-protection.md's table; run nothing."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["table"]:
            self.stdout.write(schedule_markdown())
            return
        if options["dry_run"]:
            for due in due_now():
                rule = RULES[due.rule]
                self.stdout.write(f"{rule.key}: {len(due.items)} due ({rule.then.split(':')[0].lower()})")
                for label, _ in due.items:
                    self.stdout.write(f"  {label}")
        run = retention_run(dry_run=options["dry_run"])
        summary = ", ".join(f"{key} {count}" for key, count in run.counts.items())
        self.stdout.write(self.style.SUCCESS(f"Retention {'dry run' if run.dry_run else 'run'} {run.pk}: {summary}"))
