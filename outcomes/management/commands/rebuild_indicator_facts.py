"""python manage.py rebuild_indicator_facts: recompute every child's indicator facts from their records."""

import time
from typing import Any

from django.core.management.base import BaseCommand

from outcomes.services.facts import indicator_facts_rebuild


class Command(BaseCommand):
    help = "Recompute every child's indicator facts from their checkpoints and placement episodes, in one statement."

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.monotonic()
        children = indicator_facts_rebuild()
        self.stdout.write(f"Rebuilt the indicator facts of {children} children in {time.monotonic() - started:.1f} s.")
