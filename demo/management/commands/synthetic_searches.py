"""python manage.py synthetic_searches --searches N --seed S: national-scale synthetic searches for oversight."""

import datetime
import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from oversight.synthetic import synthetic_searches_clear, synthetic_searches_generate


class Command(BaseCommand):
    help = (
        "Replace the synthetic searches (home requests, decline reasons and a year of daily beds for every home) "
        "with N new ones drawn from a seed. No child, referral or name is created."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--searches", type=int, default=2_000, help="Searches to create (about 60%% placed).")
        parser.add_argument("--seed", type=int, default=1, help="Random seed: the same seed gives the same rows.")
        parser.add_argument(
            "--until", type=datetime.date.fromisoformat, default=None, help="Last day of the year (default today)."
        )
        parser.add_argument("--clear", action="store_true", help="Only delete the synthetic searches.")

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.monotonic()
        if options["clear"]:
            self.stdout.write(f"Deleted {synthetic_searches_clear()} synthetic searches.")
            return
        if options["searches"] < 0:
            raise CommandError("--searches must be 0 or more.")
        totals = synthetic_searches_generate(searches=options["searches"], seed=options["seed"], until=options["until"])
        self.stdout.write(
            f"Created {totals['searches']} synthetic searches ({totals['placed']} placed), {totals['requests']} home "
            f"requests, {totals['declines']} decline reasons and {totals['days']} home-days of beds in "
            f"{time.monotonic() - started:.1f} s (seed {options['seed']})."
        )
