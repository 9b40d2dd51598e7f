"""Use cases for coordination: upkeep of open searches, ceasing, reminders and Ofsted notifications."""

from .common import UpkeepRefused
from .ofsted import ofsted_notification_draft, ofsted_notification_key, ofsted_notification_mark_sent
from .reminders import upkeep_reminders_send
from .upkeep import search_cease, search_review_start, search_update_submit

__all__ = [
    "UpkeepRefused",
    "ofsted_notification_draft",
    "ofsted_notification_mark_sent",
    "ofsted_notification_key",
    "search_cease",
    "search_review_start",
    "search_update_submit",
    "upkeep_reminders_send",
]
