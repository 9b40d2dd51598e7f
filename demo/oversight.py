"""Demo data for national oversight: a few hundred synthetic searches over the last year, with their home requests,
decline reasons and a year of daily beds for every home, the real searches' facts rebuilt, and last quarter's
public statistics page."""

from accounts.models import Organisation
from oversight.publishing import previous_quarter, quarterly_publish
from oversight.services import care_cooperative_set, facts_rebuild
from oversight.synthetic import synthetic_searches_generate

DEMO_SEARCHES = 400  # enough for the reports to show figures by profile; `synthetic_searches` makes more
DEMO_SEED = 2026
# Fictional co-operatives of the demo's local authorities (slugs in demo/people.py): (name, lead, other members).
CARE_COOPERATIVES = (
    ("South East Care Co-operative", "hampshire", ("kent",)),
    ("North West Care Co-operative", "manchester", ("liverpool",)),
    ("South West Care Co-operative", "devon", ("bristol",)),
)


def demo_care_cooperatives_seed() -> int:
    """The demo's care co-operatives (the other authorities belong to none); returns how many."""
    authorities = Organisation.objects.filter(kind=Organisation.Kind.LOCAL_AUTHORITY).in_bulk(field_name="slug")
    made = 0
    for name, lead, others in CARE_COOPERATIVES:
        if lead in authorities:
            members = [authorities[slug] for slug in others if slug in authorities]
            care_cooperative_set(name=name, lead_authority=authorities[lead], members=members)
            made += 1
    return made


def demo_oversight_seed() -> dict[str, int]:
    """The care co-operatives; replace the synthetic searches (same seed, same rows for the day), rebuild the real
    facts and publish last quarter's public statistics (from the referred children only, as the schedule would)."""
    demo_care_cooperatives_seed()
    totals = synthetic_searches_generate(searches=DEMO_SEARCHES, seed=DEMO_SEED)
    facts_rebuild()
    year, quarter = previous_quarter()
    quarterly_publish(year=year, quarter=quarter)
    return totals
