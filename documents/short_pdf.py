"""A short A4 document from reportlab flowables: the addendum and the first-72-hours key information."""

import io

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, SimpleDocTemplate

AUTHOR = "Secure Welfare Coordination Unit"


def short_pdf(story: list[Flowable], *, title: str, author: str = AUTHOR) -> bytes:
    """The story laid out on A4 with 20 mm margins; invariant, so the same story gives the same bytes."""
    buffer = io.BytesIO()
    margin = 20 * mm
    SimpleDocTemplate(
        buffer,
        pagesize=A4,
        title=title,
        author=author,
        leftMargin=margin,
        rightMargin=margin,
        topMargin=margin,
        bottomMargin=margin,
        invariant=1,
    ).build(story)
    return buffer.getvalue()
