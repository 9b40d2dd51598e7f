"""django-q2 tasks for oversight: thin wrappers that call one service."""

from .models import QuarterlyPublication
from .publishing import previous_quarter, quarterly_publish
from .services import facts_rebuild


def rebuild_facts() -> str:
    """Every 5 minutes (oversight migration 0006): the real facts rebuilt, so report pages only read them."""
    totals = facts_rebuild()
    return f"{totals['searches']} searches, {totals['declines']} decline reasons, {totals['days']} home-days"


def publish_last_quarter() -> str:
    """The daily schedule (oversight migration 0003): publish the last quarter if it is not published yet, so a run
    lost to a stopped worker is made good the next day and the runs after it change nothing."""
    year, quarter = previous_quarter()
    if QuarterlyPublication.objects.filter(year=year, quarter=quarter).exists():
        return f"{year} Q{quarter} already published"
    quarterly_publish(year=year, quarter=quarter)
    return f"{year} Q{quarter}"
