"""django-q2 tasks for forms: thin wrappers that call one service."""

from .services import form_versions_activate_due


def activate_due_form_versions() -> list[str]:
    """Switch scheduled form versions live on their effective date (scheduled hourly)."""
    return [version.label for version in form_versions_activate_due()]
