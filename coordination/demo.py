"""Demo data for coordination (called by seed_demo, idempotent)."""


def demo_coordination_seed() -> int:
    """Create or update the demo rows; returns how many exist."""
    return 0
