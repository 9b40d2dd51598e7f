"""On-commit callbacks of a feature, without the ones every save of a user, membership or organisation adds."""

from typing import Any

from accounts.principal import principal_bump


def feature_callbacks(callbacks: list[Any]) -> list[Any]:
    """The captured callbacks other than accounts.principal's forgetting of kept users (added with Redis)."""
    return [c for c in callbacks if getattr(c, "func", None) is not principal_bump]
