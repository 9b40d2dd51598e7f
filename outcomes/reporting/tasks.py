"""django-q2 tasks for reports: thin wrappers that call one service."""

from django.contrib.auth import get_user_model

from .publishing import monthly_summary_publish, previous_month


def publish_monthly_summary(year: int | None = None, month: int | None = None, user_id: int | None = None) -> str:
    """Publish a month's summary (by default last month's; scheduled for the 1st of each month)."""
    if year is None or month is None:
        year, month = previous_month()
    user = get_user_model().objects.filter(pk=user_id).first() if user_id else None
    monthly_summary_publish(year=year, month=month, user=user)
    return f"{year:04d}-{month:02d}"
