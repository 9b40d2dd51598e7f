"""Calendar arithmetic for checkpoints: whole months from a start date, clamped to the month's last day."""

import datetime

CHECKPOINT_MONTHS = (3, 6, 12)
# A checkpoint is due from its date and overdue 28 days later: four weeks lets a worker fit a visit into a
# normal month of casework, and matches the 28-day rhythm the secure accommodation regulations use elsewhere.
OVERDUE_AFTER_DAYS = 28


def overdue_from(due_on: datetime.date) -> datetime.date:
    """The first day a checkpoint due on `due_on` counts as overdue."""
    return due_on + datetime.timedelta(days=OVERDUE_AFTER_DAYS + 1)


def checkpoint_state_on(due_on: datetime.date, today: datetime.date) -> str:
    """The state of an unrecorded checkpoint on a day: upcoming, due, or overdue."""
    if today >= overdue_from(due_on):
        return "overdue"
    return "due" if today >= due_on else "upcoming"
