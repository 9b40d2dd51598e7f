"""django-q2 entry points for circulation: thin wrappers around services."""

from typing import Any


def requests_chase_task() -> dict[str, Any]:
    """Run every 15 minutes: reminders at half time, escalation at the deadline."""
    from .services import requests_chase

    return requests_chase()
