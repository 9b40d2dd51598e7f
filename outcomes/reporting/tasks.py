"""django-q2 tasks for reports: thin wrappers that call one service."""

from django.contrib.auth import get_user_model

from .publishing import monthly_summary_publish, previous_month, summary_published


def publish_monthly_summary(year: int | None = None, month: int | None = None, user_id: int | None = None) -> str:
    """Publish a month's summary ("Generate now" and the command: the month asked for, published again).

    Without a month (the daily schedule, outcomes migration 0008) last month's summary is published only if it is not
    on the page yet: a run lost to a killed worker or a broker outage is made good the next day, and the runs after
    it change nothing."""
    if year is None or month is None:
        year, month = previous_month()
        if summary_published(year=year, month=month):
            return f"{year:04d}-{month:02d} already published"
    user = get_user_model().objects.filter(pk=user_id).first() if user_id else None
    monthly_summary_publish(year=year, month=month, user=user)
    return f"{year:04d}-{month:02d}"
