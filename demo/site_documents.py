"""Demo documents for the website: small PDFs built with reportlab, every page marked DEMO COPY."""

import io
from xml.sax.saxutils import escape

from django.core.files.base import ContentFile
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer
from wagtail.documents import get_document_model
from wagtail.utils.file import hash_filelike

DEMO_MARK = "DEMO COPY – not an official document"


def _mark_page(canvas, doc) -> None:
    canvas.saveState()
    canvas.setFont("Helvetica-Bold", 10)
    canvas.drawString(20 * mm, 287 * mm, DEMO_MARK)
    canvas.drawRightString(190 * mm, 10 * mm, f"{DEMO_MARK} – page {doc.page}")
    canvas.setFont("Helvetica-Bold", 60)
    canvas.setFillGray(0.9)
    canvas.translate(105 * mm, 148 * mm)
    canvas.rotate(45)
    canvas.drawCentredString(0, 0, "DEMO COPY")
    canvas.restoreState()


def demo_pdf(title: str, paragraphs: tuple[str, ...]) -> bytes:
    """A short PDF with the title, the paragraphs (plain text, escaped) and the demo marking on every page."""
    buffer = io.BytesIO()
    styles = getSampleStyleSheet()
    doc = SimpleDocTemplate(buffer, pagesize=A4, title=f"{title} (DEMO COPY)", author="Secure Accommodation Network")
    story = [Paragraph(escape(title), styles["Title"]), Paragraph(escape(DEMO_MARK), styles["Heading3"])]
    for text in paragraphs:
        story += [Spacer(1, 4 * mm), Paragraph(escape(text), styles["BodyText"])]
    doc.build(story, onFirstPage=_mark_page, onLaterPages=_mark_page)
    return buffer.getvalue()


def demo_document(*, title: str, filename: str, paragraphs: tuple[str, ...]):
    """The Wagtail document with this title, generated on first use."""
    model = get_document_model()
    existing = model.objects.filter(title=title).first()
    if existing:
        return existing
    content = demo_pdf(title, paragraphs)
    document = model(
        title=title,
        file=ContentFile(content, name=filename),
        file_size=len(content),
        file_hash=hash_filelike(io.BytesIO(content)),
    )
    document.save()
    return document
