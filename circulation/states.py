"""The allowed moves of a search and of each home's request; everything else is refused with a reason."""

from .models import HomeRequest, Search

R = HomeRequest.Status
S = Search.Status

SEARCH_TRANSITIONS: dict[str, frozenset[str]] = {
    S.OPEN: frozenset({S.PLACED, S.CLOSED}),
    S.PLACED: frozenset(),
    S.CLOSED: frozenset(),
}

REQUEST_TRANSITIONS: dict[str, frozenset[str]] = {
    R.AWAITING: frozenset({R.INFO_REQUESTED, R.ACCEPTED, R.DECLINED, R.RECALLED}),
    R.INFO_REQUESTED: frozenset({R.AWAITING, R.RECALLED}),
    R.ACCEPTED: frozenset({R.PLACED, R.RECALLED}),
    R.DECLINED: frozenset(),
    R.RECALLED: frozenset(),
    R.PLACED: frozenset(),
}

OPEN_REQUEST_STATUSES = frozenset({R.AWAITING, R.INFO_REQUESTED, R.ACCEPTED})


class TransitionRefused(Exception):
    """A move the state machine does not allow; the message is shown to the user."""


def search_transition_check(search: Search, to: str) -> None:
    """Raise TransitionRefused unless the search may move to `to`."""
    if to not in SEARCH_TRANSITIONS[search.status]:
        raise TransitionRefused(
            f"This search is {search.get_status_display().lower()}: it cannot be "
            f"{'placed' if to == S.PLACED else 'closed'} now."
        )


def request_transition_check(home_request: HomeRequest, to: str) -> None:
    """Raise TransitionRefused unless the home's request may move to `to`."""
    if to not in REQUEST_TRANSITIONS[home_request.status]:
        raise TransitionRefused(
            f"This request is {home_request.get_status_display().lower()}: it cannot move to {R(to).label.lower()} now."
        )
