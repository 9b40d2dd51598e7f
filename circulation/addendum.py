"""The addendum pack: a home's questions and the local authority's answers, beside (never inside) the referral."""

import io
from xml.sax.saxutils import escape

from django.utils import timezone
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer

from documents.pdf_styles import styles

from .models import HomeRequest

MARKING = "OFFICIAL-SENSITIVE"


def _text(value: str) -> str:
    """User text as reportlab paragraph markup: escaped, line breaks kept."""
    return escape(value).replace("\n", "<br/>")


def addendum_pdf(*, home_request: HomeRequest) -> bytes:
    """A PDF of every answered question on this home's request, in the order they were asked."""
    style = styles()
    referral = home_request.search.referral
    story = [
        Paragraph(MARKING, style["marking"]),
        Paragraph(f"Addendum to referral {escape(str(referral.reference))}", style["title"]),
        Paragraph(
            f"Questions from {escape(str(home_request.home))} and answers from {escape(str(referral.local_authority))}",
            style["subtitle"],
        ),
        Paragraph("The submitted referral is unchanged. These answers add to it for this home only.", style["body"]),
    ]
    answered = [q for q in home_request.questions.all() if q.is_answered]
    for number, question in enumerate(answered, start=1):
        story += [
            Paragraph(f"Question {number}, asked {timezone.localtime(question.asked_at):%d %B %Y %H:%M}", style["h2"]),
            Paragraph(_text(question.question), style["value"]),
            Paragraph(
                f"Answer, {timezone.localtime(question.answered_at):%d %B %Y %H:%M}",
                style["label"],
            ),
            Paragraph(_text(question.answer), style["value"]),
        ]
    if not answered:
        story.append(Paragraph("No questions have been answered yet.", style["empty"]))
    story += [Spacer(1, 12 * mm), Paragraph(f"Prepared for {escape(str(home_request.home))} only.", style["note"])]
    buffer = io.BytesIO()
    document = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        title=f"Addendum to {referral.reference}",
        author="Secure Welfare Coordination Unit",
        leftMargin=20 * mm,
        rightMargin=20 * mm,
        topMargin=20 * mm,
        bottomMargin=20 * mm,
        invariant=1,
    )
    document.build(story)
    return buffer.getvalue()
