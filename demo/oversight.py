"""Demo data for national oversight: a few hundred synthetic searches over the last year, with their home requests,
decline reasons and a year of daily beds for every home, and the real searches' facts rebuilt."""

from oversight.services import facts_mark_stale, facts_rebuild
from oversight.synthetic import synthetic_searches_generate

DEMO_SEARCHES = 400  # enough for the reports to show figures by profile; `synthetic_searches` makes more
DEMO_SEED = 2026


def demo_oversight_seed() -> dict[str, int]:
    """Replace the synthetic searches (same seed, same rows for the day) and rebuild the real facts."""
    totals = synthetic_searches_generate(searches=DEMO_SEARCHES, seed=DEMO_SEED)
    facts_rebuild()
    facts_mark_stale()
    return totals
