"""Demo: last month's coordination summary on the data summary page (idempotent: an existing month is left alone)."""

from cms.models import DataSummaryPage
from outcomes.reporting.publishing import monthly_summary_publish, previous_month
from outcomes.reporting.summary import MonthlySummary


def demo_reports_seed() -> int:
    """Publish last month's summary unless the page already has it; returns how many summary blocks exist."""

    page = DataSummaryPage.objects.live().order_by("path").first()
    if page is None:
        return 0
    year, month = previous_month()
    period = MonthlySummary(year=year, month=month, figures=[], tables=[], suppressed=0).period
    if not any(block.value["period"] == period for block in page.specific.summaries):
        page = monthly_summary_publish(year=year, month=month)
    return len(page.specific.summaries)
