"""python manage.py publish_monthly_summary [--month YYYY-MM]: publish the coordination summary PDF and deck."""

from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from outcomes.reporting.publishing import SummaryPublishError, monthly_summary_publish, previous_month


def _month(value: str) -> tuple[int, int]:
    try:
        parsed = date.fromisoformat(f"{value}-01")
    except ValueError as error:
        raise CommandError(f"--month must look like 2025-03, not {value!r}.") from error
    return parsed.year, parsed.month


class Command(BaseCommand):
    help = "Publish a month's coordination summary (PDF and PowerPoint) to the website's data summary page."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--month", help="The month to publish, YYYY-MM; last month by default.")

    def handle(self, *args: Any, **options: Any) -> None:
        year, month = _month(options["month"]) if options["month"] else previous_month()
        try:
            page = monthly_summary_publish(year=year, month=month)
        except SummaryPublishError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"Published the {year:04d}-{month:02d} summary on {page.url_path}.")
