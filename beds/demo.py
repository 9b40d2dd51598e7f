"""Demo data for beds (called by seed_demo, idempotent)."""


def demo_beds_seed() -> int:
    """Create or update the demo rows; returns how many exist."""
    return 0
