"""Demo data for circulation (called by seed_demo, idempotent)."""


def demo_circulation_seed() -> int:
    """Create or update the demo rows; returns how many exist."""
    return 0
