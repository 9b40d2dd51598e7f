"""Publish the monthly summary: its web page (outcomes.models.SummaryPublication), and the PDF and deck as Wagtail
documents, with one block per month on the data summary page linking all three."""

import calendar
import io
from datetime import date
from functools import partial
from typing import Any

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from wagtail.documents import get_document_model
from wagtail.models import Collection
from wagtail.utils.file import hash_filelike

from accounts.models import AuditEvent
from accounts.services import audit_record
from accounts.types import Actor
from cms.models import DataSummaryPage

from ..models import SummaryPublication
from .summary import MonthlySummary, monthly_summary_for
from .summary_pdf import summary_pdf
from .summary_pptx import summary_pptx

COLLECTION = "Coordination summaries"


class SummaryPublishError(Exception):
    """The summary could not be published (e.g. there is no data summary page)."""


def previous_month(today: date | None = None) -> tuple[int, int]:
    """(year, month) of the month before today's."""
    today = today or timezone.localdate()
    return (today.year - 1, 12) if today.month == 1 else (today.year, today.month - 1)


def _collection() -> Collection:
    existing = Collection.objects.filter(name=COLLECTION).first()
    return existing or Collection.get_first_root_node().add_child(name=COLLECTION)


def _document(*, title: str, filename: str, content: bytes) -> Any:
    """The document with this title in the summaries collection, its file replaced by the new content."""
    model = get_document_model()
    collection = _collection()
    document = model.objects.filter(title=title, collection=collection).first() or model(
        title=title, collection=collection
    )
    document.file = ContentFile(content, name=filename)
    document.file_size = len(content)
    document.file_hash = hash_filelike(io.BytesIO(content))
    document.full_clean()
    document.save()
    return document


def _block(summary: MonthlySummary, pdf: Any, slides: Any, web_page: str) -> dict[str, Any]:
    return {
        "title": summary.title,
        "period": summary.period,
        "web_page": web_page,
        "document": pdf,
        "slides": slides,
        "figures": [{"label": f.label, "value": f.value} for f in summary.figures],
        "note": summary.note,
    }


def _web_page(summary: MonthlySummary, pdf: Any, slides: Any) -> SummaryPublication:
    """The month's web page: the same figures and tables as the PDF and the deck, as text."""
    publication, _ = SummaryPublication.objects.update_or_create(
        year=summary.year,
        month=summary.month,
        defaults={
            "title": summary.title,
            "period": summary.period,
            "figures": [{"label": f.label, "value": f.value} for f in summary.figures],
            "tables": [
                {
                    "title": t.title,
                    "header": list(t.header),
                    "rows": [list(row) for row in t.rows],
                    "chart": [[label, str(shown)] for label, shown in t.chart],
                }
                for t in summary.tables
            ],
            "note": summary.note,
            "pdf": pdf,
            "slides": slides,
        },
    )
    return publication


def _page() -> Any:

    page = DataSummaryPage.objects.live().order_by("path").first()
    if page is None:
        raise SummaryPublishError("There is no live data summary page to publish to.")
    return page.specific


@transaction.atomic
def summary_publish(*, summary: MonthlySummary, user: Actor = None) -> Any:
    """Put the month's PDF and deck on the data summary page, replacing that month's block if it is there."""
    page = _page()
    pdf = _document(
        title=f"{summary.title} (PDF)", filename=f"swcu-summary-{summary.slug}.pdf", content=summary_pdf(summary)
    )
    slides = _document(
        title=f"{summary.title} (slides)", filename=f"swcu-summary-{summary.slug}.pptx", content=summary_pptx(summary)
    )
    web_page = _web_page(summary, pdf, slides)
    blocks = [(child.block_type, child.value) for child in page.summaries]
    new = ("summary", _block(summary, pdf, slides, web_page.get_absolute_url()))
    same = [i for i, (kind, value) in enumerate(blocks) if kind == "summary" and value["period"] == summary.period]
    if same:
        blocks[same[0]] = new
        blocks = [b for i, b in enumerate(blocks) if i not in same[1:]]
    else:
        blocks.append(new)
    page.summaries = blocks
    page.save_revision(user=user, log_action=True).publish(user=user, skip_permission_checks=True)
    transaction.on_commit(
        partial(
            audit_record,
            actor=user,
            action="outcomes.summary_publish",
            outcome=AuditEvent.Outcome.SUCCEEDED,
            object_type="cms.datasummarypage",
            object_id=f"{page.pk}:{summary.slug}",
        )
    )
    return page


def summary_published(*, year: int, month: int) -> bool:
    """Whether the data summary page already has a block for that month."""
    period = f"{calendar.month_name[month]} {year}"
    return any(child.block_type == "summary" and child.value["period"] == period for child in _page().summaries)


def monthly_summary_publish(*, year: int, month: int, user: Actor = None) -> Any:
    """Build the month's summary from the live selectors and publish it."""
    return summary_publish(summary=monthly_summary_for(year=year, month=month), user=user)
