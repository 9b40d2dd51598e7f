"""Where a submitted referral has got to after circulation, for forms_engine's lists and cards (its stage hook).

Registered in CirculationConfig.ready with forms_engine.stages.stage_provider_register: forms_engine shows these
stages without importing circulation.
"""

from collections import defaultdict

from django.urls import reverse

from accounts.types import Viewer
from forms_engine.models import Referral
from forms_engine.stages import Action, Stage, StageKey

from .access import information_requests_answerable_by, offers_confirmable_by
from .models import HomeRequest, Search

_OPEN_REQUESTS = (HomeRequest.Status.AWAITING, HomeRequest.Status.INFO_REQUESTED, HomeRequest.Status.ACCEPTED)


def _plural(count: int, one: str, many: str) -> str:
    return f"{count} {one if count == 1 else many}"


def referral_stages(viewer: Viewer, referrals: list[Referral]) -> dict[int, Stage]:
    """The stage of each of these submitted referrals that has a search, with what this viewer can do next: confirm
    a home's offer, answer a home's question (only those the viewer's access rules allow)."""
    ids = [referral.pk for referral in referrals]
    searches = Search.objects.filter(referral_id__in=ids).select_related("placement__home")
    if not searches:
        return {}
    requests = HomeRequest.objects.filter(search__referral_id__in=ids, status__in=_OPEN_REQUESTS)
    open_homes: dict[int, int] = defaultdict(int)
    for referral_id in requests.values_list("search__referral_id", flat=True):
        open_homes[referral_id] += 1
    actions: dict[int, list[Action]] = defaultdict(list)
    offers: dict[int, int] = defaultdict(int)
    for offer in offers_confirmable_by(viewer).filter(search__referral_id__in=ids).order_by("decided_at", "pk"):
        offers[offer.search.referral_id] += 1
        actions[offer.search.referral_id].append(
            Action(f"{offer.home} offered a place — confirm it", reverse("circulation:confirm", args=[offer.pk]))
        )
    questions = (
        information_requests_answerable_by(viewer)
        .filter(home_request__search__referral_id__in=ids, answered_at__isnull=True)
        .select_related("home_request__home", "home_request__search")
        .order_by("asked_at", "pk")
    )
    for question in questions:
        actions[question.home_request.search.referral_id].append(
            Action(
                f"{question.home_request.home} asked a question — answer it",
                reverse("circulation:answer", args=[question.pk]),
            )
        )
    return {search.referral_id: _stage(search, open_homes, offers, actions) for search in searches}


def _stage(
    search: Search, open_homes: dict[int, int], offers: dict[int, int], actions: dict[int, list[Action]]
) -> Stage:
    referral_id = search.referral_id
    if search.status == Search.Status.PLACED:
        placement = getattr(search, "placement", None)
        return Stage(StageKey.PLACED, f"Placed at {placement.home}" if placement else "Placed")
    if search.status == Search.Status.CLOSED:
        outcome = search.get_outcome_display() if search.outcome else "without a placement"
        return Stage(StageKey.CLOSED, f"Closed: {outcome}")
    next_steps = tuple(actions.get(referral_id, ()))
    if offers.get(referral_id):
        return Stage(StageKey.OFFERS, _plural(offers[referral_id], "offer to confirm", "offers to confirm"), next_steps)
    homes = open_homes.get(referral_id, 0)
    label = f"Circulating to {_plural(homes, 'home', 'homes')}" if homes else "Search open, no home considering it"
    return Stage(StageKey.CIRCULATING, label, next_steps)
