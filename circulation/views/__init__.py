"""Circulation pages: the unit's circulation and closure, the home's inbox and decisions, the authority's view."""

from .coordinator import circulate, close
from .home import accept, addendum, ask, decline, inbox, request_detail
from .searches import answer, confirm, search_detail, search_list

__all__ = [
    "accept",
    "addendum",
    "answer",
    "ask",
    "circulate",
    "close",
    "confirm",
    "decline",
    "inbox",
    "request_detail",
    "search_detail",
    "search_list",
]
