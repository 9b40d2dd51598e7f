"""Demo data for outcomes (called by seed_demo, idempotent)."""


def demo_outcomes_seed() -> int:
    """Create or update the demo rows; returns how many exist."""
    return 0
