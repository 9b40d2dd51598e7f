"""django-q2 entry points (the daily schedule is a data migration: privacy/migrations/0002_schedule_retention.py)."""

from .retention import retention_run


def retention_daily() -> dict[str, int]:
    """The daily run of the retention schedule; its counts are the task's result and the run's record."""
    return dict(retention_run(dry_run=False).counts)
