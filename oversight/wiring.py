"""Navigation and landing-page cards for the oversight reports; `register()` is called from OversightConfig.ready."""

from django.urls import reverse

from accounts.access import Permission
from accounts.dashboard import Card, Link, dashboard_cards_register
from accounts.models import Membership, Role
from accounts.navigation import navigation_register

from .access import REGIONAL_COMMISSIONER


def oversight_cards(membership: Membership) -> list[Card]:
    """For the unit's coordinators and analysts: who is placed, why homes decline, waiting and beds."""
    body = "Who is placed and who is not, by child profile and area; why homes decline; how long children wait."
    if membership.role == Role.COORDINATOR:
        body += ' Declines for "no vacancy" when the home had declared a staffed bed are shown to the unit.'
    return [
        Card(
            title="National oversight",
            body=body,
            links=(
                Link("Who is placed", reverse("oversight:equity")),
                Link("Why homes decline", reverse("oversight:declines")),
                Link("Waiting and beds", reverse("oversight:demand")),
            ),
        )
    ]


def regional_cards(membership: Membership) -> list[Card]:
    """For a regional commissioner: their own region's figures."""
    region = membership.organisation.region or "your region"
    return [
        Card(
            title=f"Secure welfare placements in {region}",
            body=f"Who is placed and who is not, why homes decline and how long children wait, for children referred "
            f"by local authorities in {region}. Figures are under disclosure control, as they are shared.",
            links=(
                Link("Who is placed", reverse("oversight:equity")),
                Link("Why homes decline", reverse("oversight:declines")),
                Link("Waiting and beds", reverse("oversight:demand")),
            ),
        )
    ]


def register() -> None:
    """Add the Oversight link and the card (called once from OversightConfig.ready)."""
    navigation_register(text="Oversight", url_name="oversight:index", permission=Permission.VIEW_AGGREGATES, order=75)
    dashboard_cards_register(roles={Role.COORDINATOR, Role.ANALYST}, provider=oversight_cards, shared_seconds=60)
    dashboard_cards_register(roles={REGIONAL_COMMISSIONER}, provider=regional_cards, shared_seconds=60)
