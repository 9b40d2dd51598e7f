"""Landing-page cards about referrals, registered for local authorities' referrers and signers.

Each count links to the referrals list showing exactly what it counts (`?stage=`): both come from
`stages.referral_rows`, so the figure on the card is the length of the list behind its link.
"""

from django.urls import reverse

from accounts.dashboard import Card, Link
from accounts.models import Membership, Role

from .stages import STAGE_NAMES, TO_SIGN, Row, StageKey, referral_rows, stage_counts

NEXT_STEPS_SHOWN = 5
DRAFTS_SHOWN = 3


def stage_list_url(stage: str) -> str:
    """The referrals list showing one stage (or the viewer's signatures, TO_SIGN)."""
    return f"{reverse('referrals:list')}?stage={stage}"


def _count_text(count: int, stage: str) -> str:
    name = STAGE_NAMES[stage]
    noun = "referral" if count == 1 else "referrals"
    if stage == StageKey.DRAFT:
        return f"{count} draft {noun}"
    return f"{count} {noun}: {name[0].lower()}{name[1:]}"


def _next_steps(rows: list[Row]) -> list[Link]:
    """What homes and signers wait for, such as "Marydale Lodge asked a question — answer it (SW-…)"."""
    steps = [
        Link(f"{action.text} ({row.referral.reference or row.referral.child_name or 'referral'})", action.href)
        for row in rows
        if row.stage.key not in (StageKey.DRAFT, StageKey.WITH_OFFICER)
        for action in row.stage.actions
    ]
    return steps[:NEXT_STEPS_SHOWN]


def _referral_card(membership: Membership) -> Card:
    rows = referral_rows(membership.user)
    counts = stage_counts(rows)
    drafts = counts[StageKey.DRAFT]
    waiting = counts[StageKey.WITH_OFFICER]
    submitted = len(rows) - drafts - waiting
    recent_drafts = [row.referral for row in rows if row.stage.key == StageKey.DRAFT][:DRAFTS_SHOWN]
    return Card(
        title="Your authority's referrals",
        body=f"{waiting} waiting for a sanctioning officer's signature and {submitted} submitted. Secure welfare "
        f"referrals for children of {membership.organisation}, by stage.",
        figure=str(drafts) if drafts else "",
        figure_label="draft referrals" if drafts != 1 else "draft referral",
        empty="" if rows else "Your authority has no referrals yet.",
        links=(
            *_next_steps(rows),
            *(Link(f"Continue {r.child_name or 'unnamed draft'}", r.get_absolute_url()) for r in recent_drafts),
            *(Link(_count_text(n, stage), stage_list_url(stage)) for stage, n in counts.items() if n),
            Link("Go to referrals", reverse("referrals:list")),
        ),
    )


def _signature_card(membership: Membership) -> Card:
    rows = referral_rows(membership.user, stage=TO_SIGN)
    count = len(rows)
    return Card(
        title="Referrals waiting for your signature",
        body="Referrals a social worker has chosen you to sign. A referral goes to the coordination unit only after "
        "you sign its statement of responsibility.",
        figure=str(count) if count else "",
        figure_label="waiting",
        empty="" if count else "Nothing is waiting for your signature.",
        links=(
            *(
                Link(f"Sign {row.referral.child_name or 'referral'}", reverse("referrals:sign", args=[row.referral.pk]))
                for row in rows[:NEXT_STEPS_SHOWN]
            ),
            *((Link(f"See all {count} waiting for your signature", stage_list_url(TO_SIGN)),) if count else ()),
        ),
    )


def authority_cards(membership: Membership) -> list[Card]:
    """A social worker's referrals; a sanctioning officer's signatures first, then the referrals."""
    if membership.role == Role.SOCIAL_WORKER:
        return [_referral_card(membership)]
    if membership.role == Role.SANCTIONING_OFFICER:
        return [_signature_card(membership), _referral_card(membership)]
    return []
