"""python manage.py synthetic_outcomes --exits N --seed S: reproducible national-scale synthetic follow-ups."""

import datetime
import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from outcomes.synthetic import synthetic_outcomes_clear, synthetic_outcomes_generate


class Command(BaseCommand):
    help = "Replace the synthetic follow-ups with N new ones (exits from secure and closed searches) drawn from a seed."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--exits", type=int, default=10_000, help="Follow-ups to create (about 60%% placed).")
        parser.add_argument("--seed", type=int, default=1, help="Random seed: the same seed gives the same rows.")
        parser.add_argument(
            "--until", type=datetime.date.fromisoformat, default=None, help="Latest start date (default today)."
        )
        parser.add_argument(
            "--episodes-per-child", type=float, default=None, help="Mean episodes per child (default: realistic)."
        )
        parser.add_argument("--clear", action="store_true", help="Only delete the synthetic follow-ups.")

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.monotonic()
        if options["clear"]:
            self.stdout.write(f"Deleted {synthetic_outcomes_clear()} synthetic follow-ups.")
            return
        totals = synthetic_outcomes_generate(
            exits=options["exits"],
            seed=options["seed"],
            until=options["until"],
            episodes_per_child=options["episodes_per_child"],
        )
        self.stdout.write(
            f"Created {totals['followups']} synthetic follow-ups ({totals['exits']} exits from secure) and "
            f"{totals['episodes']} placement episodes in {time.monotonic() - started:.1f} s (seed {options['seed']})."
        )
