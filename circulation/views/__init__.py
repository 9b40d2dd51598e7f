"""Circulation pages: the unit's circulation and closure, the home's inbox and decisions, the authority's view."""

from .coordinator import circulate, close
from .first_72_hours import key_information_acknowledged, key_information_download
from .home import accept, addendum, ask, decline, inbox, inbox_history, request_detail
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
    "inbox_history",
    "key_information_acknowledged",
    "key_information_download",
    "request_detail",
    "search_detail",
    "search_list",
]
