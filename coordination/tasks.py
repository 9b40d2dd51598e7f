"""django-q2 tasks for coordination: thin, they load and call one service."""

from .services import upkeep_reminders_send


def upkeep_check() -> int:
    """The daily upkeep check (scheduled in migration 0002): reminders and overdue notices."""
    return upkeep_reminders_send()
