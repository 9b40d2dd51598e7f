"""django-q2 tasks for outcomes: thin wrappers that call one service."""

from .services import checkpoints_advance


def advance_checkpoints() -> dict[str, int]:
    """Move checkpoints to due or overdue and remind leaving-care teams (scheduled daily)."""
    return checkpoints_advance()
