"""Landing-page cards for follow-up work: leaving-care teams, secure homes and the coordination unit."""

from django.urls import reverse

from accounts.dashboard import Card, Link
from accounts.models import Membership

from . import selectors
from .access import checkpoints_recordable_by, followups_exit_recordable_by, followups_visible_to
from .models import Checkpoint, FollowUp


def leaving_care_cards(membership: Membership) -> list[Card]:
    """Checkpoints due and overdue for the authority's young people, and exits still to record."""
    counts = selectors.checkpoint_counts(checkpoints=checkpoints_recordable_by(membership.user))
    in_secure = selectors.exits_to_record(followups=followups_exit_recordable_by(membership.user)).count()
    waiting = counts["due"] + counts["overdue"]
    return [
        Card(
            title="Follow-up checkpoints",
            body=f"{counts['overdue']} overdue and {counts['due']} due. {in_secure} young "
            f"{'person is' if in_secure == 1 else 'people are'} in a secure home with the exit not yet recorded.",
            figure=str(waiting) if waiting else "",
            figure_label="to record",
            empty="" if waiting else "No checkpoints are due or overdue.",
            links=(Link("Record follow-up checkpoints", reverse("outcomes:checkpoint-list")),),
        )
    ]


def home_cards(membership: Membership) -> list[Card]:
    """Children placed in the home whose exit has not been recorded."""
    followups = followups_exit_recordable_by(membership.user)
    waiting = list(selectors.exits_to_record(followups=followups)[:5])
    total = selectors.exits_to_record(followups=followups).count()
    return [
        Card(
            title="Exits to record",
            body="When a young person leaves, record where they went: their follow-up at 3, 6 and 12 months "
            "starts from the exit date.",
            figure=str(total) if total else "",
            figure_label="child without an exit recorded" if total == 1 else "children without an exit recorded",
            empty="" if total else "Every child placed here through the service has their exit recorded.",
            links=(
                *(
                    Link(
                        f"Record the exit of {(f.referral and f.referral.child_name) or f'F{f.pk}'}",
                        reverse("outcomes:exit-record", args=[f.pk]),
                    )
                    for f in waiting
                ),
                Link("See children placed in your home", reverse("outcomes:followup-list")),
            ),
        )
    ]


def coordinator_cards(membership: Membership) -> list[Card]:
    """Follow-ups under way across the country and overdue checkpoints."""
    followups = followups_visible_to(membership.user)
    following = followups.filter(state=FollowUp.State.FOLLOWING).count()
    overdue = Checkpoint.objects.filter(followup__in=followups, state=Checkpoint.State.OVERDUE).count()
    return [
        Card(
            title="Follow-ups",
            body=f"{overdue} checkpoint{'s are' if overdue != 1 else ' is'} overdue across local authorities.",
            figure=str(following),
            figure_label="children being followed",
            links=(Link("See every follow-up", reverse("outcomes:followup-list")),),
        )
    ]
