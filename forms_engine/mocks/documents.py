"""Synthetic PDFs for mock referrals: every page says it is an example about a fictional child."""

import io

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen import canvas

EXAMPLE_STAMP = "EXAMPLE — not a real child"


def mock_document_pdf(title: str, pages: int, reference: str) -> bytes:
    """A deterministic PDF of this many pages with the title and the example stamp on each."""
    buffer = io.BytesIO()
    page = canvas.Canvas(buffer, pagesize=A4, invariant=1)
    page.setTitle(f"{title} — {EXAMPLE_STAMP}")
    for number in range(1, pages + 1):
        page.setFont("Helvetica-Bold", 12)
        page.drawString(25 * mm, 270 * mm, title)
        page.setFont("Helvetica", 10)
        page.drawString(25 * mm, 262 * mm, f"Mock referral {reference} — synthetic document, page {number} of {pages}")
        page.drawString(25 * mm, 250 * mm, "This document was made up for guidance and testing. It describes no one.")
        page.showPage()
    page.save()
    return buffer.getvalue()
