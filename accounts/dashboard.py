"""What each role sees on signing in: what they can do now, with empty states rather than blank pages."""

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from django.core.cache import caches
from django.urls import reverse

from . import selectors
from .models import Membership, Role

logger = logging.getLogger(__name__)
# Counts on the landing page may be this many seconds old. They are kept in each web process's own memory (the
# "local" cache): no network round trip, and nothing personal, since they are the same for a whole organisation.
FIGURES_CACHE_SECONDS = 60
LOCAL_CACHE = "local"


def _cached(key: str, seconds: int, compute: Callable[[], object]) -> object:
    """A value from this process's cache, computed again once it is `seconds` old."""
    local = caches[LOCAL_CACHE]
    value = local.get(key)
    if value is None:
        value = compute()
        local.set(key, value, seconds)
    return value


def _cached_figures(key: str, compute: Callable[[], dict[str, int]]) -> dict[str, int]:
    """Counts computed at most once a minute per process."""
    return _cached(key, FIGURES_CACHE_SECONDS, compute)  # type: ignore[return-value]


@dataclass(frozen=True)
class Link:
    text: str
    href: str


@dataclass(frozen=True)
class Card:
    """One panel on the landing page: a heading, a figure or an empty state, and what to do next."""

    title: str
    body: str
    figure: str = ""
    figure_label: str = ""
    empty: str = ""
    links: tuple[Link, ...] = field(default_factory=tuple)


def _team_card(membership: Membership) -> Card:
    organisation = membership.organisation
    count = _cached_figures(
        f"dashboard:team:{organisation.pk}",
        lambda: {"members": selectors.organisation_members(organisation=organisation).count()},
    )["members"]
    return Card(
        title="Your team",
        body=f"People at {organisation} who use this service, and their roles.",
        figure=str(count),
        figure_label="active member" if count == 1 else "active members",
        links=(Link("View your organisation", organisation.get_absolute_url()),),
    )


def _coordinator_cards(membership: Membership) -> list[Card]:
    figures = _cached_figures(
        "dashboard:network", lambda: {**selectors.network_figures(), "denials": selectors.recent_denials_count()}
    )
    organisations = reverse("accounts:organisation-list")
    return [
        Card(
            title="Secure children's homes",
            body=f"{figures['places']} approved places across the homes in the network.",
            figure=str(figures["homes"]),
            figure_label="homes",
            links=(Link("See homes and local authorities", organisations),),
        ),
        Card(
            title="Local authorities using the service",
            body="Local authorities whose staff can refer children for a secure welfare bed.",
            figure=str(figures["local_authorities"]),
            figure_label="local authorities",
            links=(Link("See organisations", organisations),),
        ),
        Card(
            title="Refused requests in the last 7 days",
            body="Requests for pages or records a user may not see. Each one is in the audit log.",
            figure=str(figures["denials"]),
            figure_label="refused requests",
            links=(Link("Open the audit log", reverse("accounts:audit-log")),),
        ),
    ]


def _home_cards(membership: Membership) -> list[Card]:
    profile = getattr(membership.organisation, "home_profile", None)
    routes = [
        name
        for name, on in (("welfare", profile and profile.takes_welfare), ("justice", profile and profile.takes_justice))
        if on
    ]
    return [
        Card(
            title=str(membership.organisation),
            body=f"Operated by {profile.operator}; takes {' and '.join(routes) or 'no'} placements."
            if profile
            else "No home profile has been recorded yet.",
            figure=str(profile.approved_places) if profile else "",
            figure_label="approved places",
        ),
    ]


def _editor_cards(membership: Membership) -> list[Card]:
    from wagtail.models import Page

    live = Page.objects.filter(depth__gt=1, live=True).count()
    drafts = Page.objects.filter(depth__gt=1, has_unpublished_changes=True).count()
    return [
        Card(
            title="The SAN website",
            body=f"{drafts} page{'s' if drafts != 1 else ''} with unpublished changes.",
            figure=str(live),
            figure_label="live pages",
            links=(Link("Open the website editor", reverse("wagtailadmin_home")), Link("View the website", "/")),
        ),
        Card(
            title="Referral form versions",
            body="Draft a new version of the referral form, compare it with any other version, and publish it now "
            "or on its effective date.",
            links=(Link("Manage referral form versions", reverse("forms_engine_admin:version-list")),),
        ),
    ]


def _no_cards(membership: Membership) -> list[Card]:
    """Roles whose cards all come from the apps that own their work (registered below)."""
    return []


# Each role's own cards, and how old they may be when shown (0: always live, as they show the user's own work).
_ROLE_CARDS: dict[str, tuple[Callable[[Membership], list[Card]], int]] = {
    Role.SOCIAL_WORKER: (_no_cards, 0),
    Role.SANCTIONING_OFFICER: (_no_cards, 0),
    Role.LEAVING_CARE_WORKER: (_no_cards, 0),
    Role.COORDINATOR: (_coordinator_cards, FIGURES_CACHE_SECONDS),
    Role.HOME_MANAGER: (_home_cards, 0),
    Role.EDITOR: (_editor_cards, 0),
    Role.ANALYST: (_no_cards, FIGURES_CACHE_SECONDS),
    Role.REGIONAL_COMMISSIONER: (_no_cards, 0),  # oversight registers its regional card
}


CardProvider = Callable[[Membership], list[Card]]
_REGISTERED: list[tuple[frozenset[str], CardProvider, int]] = []


def dashboard_cards_register(*, roles: set[str], provider: CardProvider, shared_seconds: int = 0) -> None:
    """Let another app add cards for some roles (called from its AppConfig.ready, so accounts imports no app).

    shared_seconds > 0 reuses a provider's cards for that long for everyone with the same role in the same
    organisation: only for cards that depend on nothing else (no user's own work, no names).
    """
    _REGISTERED.append((frozenset(roles), provider, shared_seconds))


def _provider_cards(provider: CardProvider, membership: Membership, shared_seconds: int) -> list[Card]:
    """One provider's cards, from the per-process cache when the provider allows it; slow providers are logged."""
    began = time.perf_counter()
    if shared_seconds > 0:
        name = f"{provider.__module__}.{provider.__qualname__}"
        key = f"dashboard:cards:{name}:{membership.role}:{membership.organisation_id}"
        cards: list[Card] = _cached(key, shared_seconds, lambda: provider(membership))  # type: ignore[assignment]
    else:
        cards = provider(membership)
    if logger.isEnabledFor(logging.DEBUG):
        logger.debug(
            "dashboard cards from %s.%s took %.1f ms",
            provider.__module__,
            provider.__qualname__,
            (time.perf_counter() - began) * 1000,
        )
    return cards


def dashboard_cards(*, membership: Membership) -> list[Card]:
    """The landing-page cards for a membership: the role's own, then those other apps register, then the team."""
    registered = [
        card
        for roles, provider, shared_seconds in _REGISTERED
        if membership.role in roles
        for card in _provider_cards(provider, membership, shared_seconds)
    ]
    return [*_ROLE_CARDS[membership.role][0](membership), *registered, _team_card(membership)]
