"""Outcomes' part when circulation places a child or ends a search: every referred child's follow-up starts."""

from typing import Any

from accounts.types import Actor
from circulation.models import Placement, Search

from .services import followup_start_unplaced, secure_stay_start


def on_search_closed(sender: Any, *, search: Search, user: Actor, **kwargs: Any) -> None:
    """Follow the unplaced child from the day the search ended."""
    assert search.closed_on is not None  # search_close sets it before announcing the closure
    followup_start_unplaced(
        referral=search.referral,
        closed_on=search.closed_on,
        outcome=search.outcome,
        place_code=search.place_code,
        user=user,
    )


def on_placement_confirmed(sender: Any, *, placement: Placement, user: Actor, **kwargs: Any) -> None:
    """Open the placed child's follow-up; it starts when the exit from secure is recorded."""
    secure_stay_start(
        referral=placement.search.referral,
        home=placement.home,
        admitted_on=placement.admitted_on,
        user=user,
    )
