"""Outcomes' part when circulation places a child or ends a search (every referred child's follow-up starts), and
when liberty records an order (the child's indicator facts count deprivation of liberty outside a secure home)."""

from typing import Any

from accounts.types import Actor
from circulation.models import Placement, Search
from liberty.models import LibertyOrder

from .models import FollowUp
from .services import followup_start_unplaced, secure_stay_start
from .services.facts import indicator_facts_refresh_one


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


def on_liberty_order_recorded(sender: Any, *, order: LibertyOrder, **kwargs: Any) -> None:
    """Recount the child's indicator facts: a DoL order outside a secure home is one of them."""
    started = FollowUp.objects.filter(referral_id=order.referral_id, start_date__isnull=False)
    followup_id = started.values_list("pk", flat=True).first()
    if followup_id is not None:
        indicator_facts_refresh_one(followup_id)
