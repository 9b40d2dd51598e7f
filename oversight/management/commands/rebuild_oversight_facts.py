"""python manage.py rebuild_oversight_facts: the real searches' and beds' facts again, from the records."""

from typing import Any

from django.core.management.base import BaseCommand

from oversight.services import facts_rebuild


class Command(BaseCommand):
    help = "Rebuild the oversight facts of every real search and home-day of beds (synthetic rows are kept)."

    def handle(self, *args: Any, **options: Any) -> None:
        totals = facts_rebuild()
        self.stdout.write(
            f"Rebuilt {totals['searches']} searches, {totals['requests']} home requests, {totals['declines']} "
            f"decline reasons and {totals['days']} home-days of beds."
        )
