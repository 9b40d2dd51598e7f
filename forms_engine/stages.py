"""Where each referral has got to, and the next thing to do about it, for the lists and cards that show them.

forms_engine knows a referral up to its submission: a draft, with the sanctioning officer, submitted. What happens
after (circulated to homes, offers, placed, closed) belongs to apps above it: they register a provider here from
their AppConfig.ready (circulation/stages.py), so forms_engine imports none of them. A provider is asked once for a
whole list of submitted referrals and returns the stage of those it knows about.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.urls import reverse
from django.utils import timezone

from accounts.access import Permission, has_permission
from accounts.types import Viewer

from .access import referrals_signable_by, referrals_visible_to
from .models import Referral


class StageKey:
    """A stage's key: the list's filter value (`?stage=`) and what a provider returns."""

    DRAFT = "draft"
    WITH_OFFICER = "with_officer"
    SUBMITTED = "submitted"
    CIRCULATING = "circulating"
    OFFERS = "offers"
    PLACED = "placed"
    CLOSED = "closed"


# The stages in the order a referral goes through them, with the name the list's filter shows.
STAGE_NAMES: dict[str, str] = {
    StageKey.DRAFT: "Draft",
    StageKey.WITH_OFFICER: "With the sanctioning officer",
    StageKey.SUBMITTED: "Submitted, not yet circulated",
    StageKey.CIRCULATING: "Circulating to homes",
    StageKey.OFFERS: "Offers to confirm",
    StageKey.PLACED: "Placed",
    StageKey.CLOSED: "Closed",
}
TAG_COLOURS: dict[str, str] = {
    StageKey.DRAFT: "grey",
    StageKey.WITH_OFFICER: "yellow",
    StageKey.SUBMITTED: "blue",
    StageKey.CIRCULATING: "light-blue",
    StageKey.OFFERS: "orange",
    StageKey.PLACED: "green",
    StageKey.CLOSED: "grey",
}


@dataclass(frozen=True)
class Action:
    """A next step on a referral, for example "Marydale Lodge asked a question — answer it"."""

    text: str
    href: str


@dataclass(frozen=True)
class Stage:
    key: str
    label: str  # "Circulating to 3 homes", "With Ruth Okafor, sanctioning officer"
    actions: tuple[Action, ...] = field(default_factory=tuple)

    @property
    def colour(self) -> str:
        return TAG_COLOURS[self.key]


StageProvider = Callable[[Viewer, list[Referral]], dict[int, Stage]]
_PROVIDERS: list[StageProvider] = []


def stage_provider_register(provider: StageProvider) -> None:
    """Let a higher app say where submitted referrals have got to (called from its AppConfig.ready)."""
    if provider not in _PROVIDERS:
        _PROVIDERS.append(provider)


def officer_name(referral: Referral) -> str:
    officer = referral.sanctioning_officer
    return (officer.get_full_name() or officer.email) if officer is not None else ""


def with_the_officer(referral: Referral) -> str:
    """ "With Ruth Okafor, sanctioning officer, since 14:02 on 3 December 2026" (the chosen one, or any)."""
    sent = referral.sent_for_signature_at
    since = f" since {timezone.localtime(sent):%H:%M on %-d %B %Y}" if sent else ""
    name = officer_name(referral)
    if name:
        return f"This referral is with {name}, sanctioning officer, for signature{since}"
    return f"This referral has been with the sanctioning officer for signature{since}"


def _own_stage(referral: Referral, signable: set[int]) -> Stage:
    if referral.status == Referral.Status.DRAFT:
        return Stage(StageKey.DRAFT, "Draft")  # the child's name, in every list, leads to the draft
    if referral.status == Referral.Status.AWAITING_SIGNATURE:
        name = officer_name(referral)
        label = f"With {name}, sanctioning officer" if name else "With the sanctioning officer"
        sign = Action("Sign and submit it", reverse("referrals:sign", args=[referral.pk]))
        return Stage(StageKey.WITH_OFFICER, label, (sign,) if referral.pk in signable else ())
    return Stage(StageKey.SUBMITTED, "Submitted, not yet circulated")


def referral_stages(viewer: Viewer, referrals: Iterable[Referral]) -> dict[int, Stage]:
    """Each referral's stage for this viewer: its own up to submission, then what the registered providers say.

    Actions are only those the viewer may take: signing where they may sign, and each provider asks its own access
    rules for its actions."""
    listed = list(referrals)
    waiting = [r.pk for r in listed if r.status == Referral.Status.AWAITING_SIGNATURE]
    signable = (
        set(referrals_signable_by(viewer).filter(pk__in=waiting).values_list("pk", flat=True)) if waiting else set()
    )
    stages = {referral.pk: _own_stage(referral, signable) for referral in listed}
    submitted = [referral for referral in listed if referral.status == Referral.Status.SUBMITTED]
    if submitted:
        for provider in _PROVIDERS:
            stages.update(provider(viewer, submitted))
    return stages


# Not a stage: the list's filter for the referrals waiting for the viewer's own signature (the signature card's).
TO_SIGN = "to_sign"


@dataclass(frozen=True)
class Row:
    referral: Referral
    stage: Stage


def referral_rows(viewer: Viewer, *, stage: str = "") -> list[Row]:
    """The viewer's authority's referrals, most recently changed first, each with its stage; only one stage's when
    `stage` is a StageKey, or those waiting for the viewer's signature for TO_SIGN. The referrals list shows these
    and the landing-page card counts them, so a count on the card is the length of the list it links to."""
    referrals = list(referrals_visible_to(viewer).select_related("sanctioning_officer").order_by("-updated_at"))
    stages = referral_stages(viewer, referrals)
    rows = [Row(referral, stages[referral.pk]) for referral in referrals]
    if stage == TO_SIGN:
        signable = set(referrals_signable_by(viewer).values_list("pk", flat=True))
        return [row for row in rows if row.referral.pk in signable]
    return [row for row in rows if row.stage.key == stage] if stage else rows


def stage_counts(rows: Iterable[Row]) -> dict[str, int]:
    """How many rows are at each stage, in the order of STAGE_NAMES (every stage present, zero or not)."""
    counts = dict.fromkeys(STAGE_NAMES, 0)
    for row in rows:
        counts[row.stage.key] += 1
    return counts


def stage_filter_choices(viewer: Viewer) -> list[tuple[str, str]]:
    """The referrals list's "Show" options: every stage, and the viewer's own signatures for a signer."""
    signer = [(TO_SIGN, "Waiting for your signature")] if has_permission(viewer, Permission.SIGN_REFERRAL) else []
    return [*signer, *STAGE_NAMES.items()]
