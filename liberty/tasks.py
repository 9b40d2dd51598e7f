"""django-q2 tasks for liberty safeguards: thin wrappers that call one service."""

from .services import order_reminders_send


def send_order_reminders() -> int:
    """Remind authorities of orders ending in 28, 14 and 7 days (scheduled daily)."""
    return order_reminders_send()
