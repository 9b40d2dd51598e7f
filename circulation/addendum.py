"""The addendum pack: a home's questions and the local authority's answers, beside (never inside) the referral."""

from datetime import datetime
from xml.sax.saxutils import escape

from django.utils import timezone
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Paragraph, Spacer

from documents.pdf_styles import styles
from documents.short_pdf import short_pdf
from forms_engine.services.amendments import AmendmentShown, amendments_shown

from .models import HomeRequest

MARKING = "OFFICIAL-SENSITIVE"


def _text(value: str) -> str:
    """User text as reportlab paragraph markup: escaped, line breaks kept."""
    return escape(value).replace("\n", "<br/>")


def _when(moment: datetime) -> str:
    return f"{timezone.localtime(moment):%d %B %Y %H:%M}"


def _corrections(amendments: list[AmendmentShown]) -> list[Flowable]:
    """The local authority's corrections of the submitted answers, oldest first: question, old, new, who, why."""
    style = styles()
    story: list[Flowable] = [Paragraph("Corrections to the referral", style["h1"])]
    for number, amendment in enumerate(amendments, start=1):
        story += [
            Paragraph(f"Correction {number}: {_text(amendment.label)}", style["h2"]),
            Paragraph("Was", style["label"]),
            Paragraph(_text(amendment.old or "Not answered"), style["value"]),
            Paragraph("Now", style["label"]),
            Paragraph(_text(amendment.new or "Not answered"), style["value"]),
            Paragraph(f"Corrected by {_text(amendment.made_by)} on {_when(amendment.made_at)}. Why", style["label"]),
            Paragraph(_text(amendment.reason), style["value"]),
        ]
    return story


def addendum_pdf(*, home_request: HomeRequest) -> bytes:
    """A PDF of the local authority's corrections to the referral (if any), then every answered question on this
    home's request, in the order they were asked."""
    style = styles()
    referral = home_request.search.referral
    amendments = amendments_shown(referral)
    story = [
        Paragraph(MARKING, style["marking"]),
        Paragraph(f"Addendum to referral {escape(str(referral.reference))}", style["title"]),
        Paragraph(
            f"Questions from {escape(str(home_request.home))} and answers from {escape(str(referral.local_authority))}",
            style["subtitle"],
        ),
        Paragraph(
            "The submitted referral is unchanged. The corrections below replace the answers they name; the answers to "
            "this home's questions add to the referral for this home only.",
            style["body"],
        ),
        *(_corrections(amendments) if amendments else []),
    ]
    if amendments:
        story.append(Paragraph("Questions from this home", style["h1"]))
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
    return short_pdf(story, title=f"Addendum to {referral.reference}")
