"""django-q2 tasks for beds: thin wrappers that call one service."""

from .services import bed_reminders_send


def send_bed_reminders() -> int:
    """Remind the managers of homes that have not declared today's beds (scheduled 10:00 each day)."""
    return bed_reminders_send()
