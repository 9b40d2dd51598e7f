"""Coordination's part when circulation ends a search: the Ofsted notification letter is drafted."""

from typing import Any

from accounts.types import Actor
from circulation.models import Search

from .services import ofsted_notification_draft


def on_search_closed(sender: Any, *, search: Search, user: Actor, **kwargs: Any) -> None:
    """Draft the local authority's letter to Ofsted about the unplaced child."""
    ofsted_notification_draft(search=search, user=user)
