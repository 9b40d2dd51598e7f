"""django-q2 entry points for ops: thin wrappers around the notifications outbox."""

from typing import Any


def notification_deliver(message_id: int) -> str:
    """Send one outbox message (queued after the event's transaction commits, or by the sweeper)."""
    from .notifications import message_deliver

    return message_deliver(message_id)


def notifications_sweep_task() -> dict[str, Any]:
    """Run every minute (ops migration 0002): hand over what is due, take back what a stopped worker held."""
    from .notifications import notifications_sweep

    return notifications_sweep()
