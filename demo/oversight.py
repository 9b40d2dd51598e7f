"""Demo data for national oversight: a few hundred synthetic searches over the last year, with their home requests,
decline reasons and a year of daily beds for every home, the real searches' facts rebuilt, and last quarter's
public statistics page."""

from oversight.publishing import previous_quarter, quarterly_publish
from oversight.services import facts_rebuild
from oversight.synthetic import synthetic_searches_generate

DEMO_SEARCHES = 400  # enough for the reports to show figures by profile; `synthetic_searches` makes more
DEMO_SEED = 2026


def demo_oversight_seed() -> dict[str, int]:
    """Replace the synthetic searches (same seed, same rows for the day), rebuild the real facts and publish last
    quarter's public statistics (from the referred children only, as the schedule would)."""
    totals = synthetic_searches_generate(searches=DEMO_SEARCHES, seed=DEMO_SEED)
    facts_rebuild()
    year, quarter = previous_quarter()
    quarterly_publish(year=year, quarter=quarter)
    return totals
