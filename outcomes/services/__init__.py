"""Use cases for the outcome framework; import from here."""

from .checkpoints import checkpoint_record, checkpoints_advance
from .followups import exit_record, followup_start_unplaced, secure_stay_start
from .questions import question_set_live, question_set_publish

__all__ = [
    "checkpoint_record",
    "checkpoints_advance",
    "exit_record",
    "followup_start_unplaced",
    "question_set_live",
    "question_set_publish",
    "secure_stay_start",
]
