"""Use cases for circulation: open and circulate, decide, place one child, close; and the response clock."""

from ..states import TransitionRefused
from .circulate import search_circulate, search_open
from .clock import requests_chase
from .closure import request_recall, search_close
from .decisions import (
    decline_reasons_check,
    information_answer,
    information_request,
    request_accept,
    request_decline,
)
from .first_72_hours import key_information_acknowledge, key_information_erase, key_information_issue
from .placement import placement_confirm

__all__ = [
    "TransitionRefused",
    "decline_reasons_check",
    "information_answer",
    "information_request",
    "key_information_acknowledge",
    "key_information_erase",
    "key_information_issue",
    "placement_confirm",
    "request_accept",
    "request_decline",
    "request_recall",
    "requests_chase",
    "search_circulate",
    "search_close",
    "search_open",
]
