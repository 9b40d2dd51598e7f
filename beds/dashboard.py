"""Landing-page cards for beds: the manager's declaration today; the coordinator's bookable beds across the network."""

from django.urls import reverse
from django.utils import timezone

from accounts.dashboard import Card, Link
from accounts.models import Membership

from .selectors import latest_declarations, network_beds_on


def manager_cards(membership: Membership) -> list[Card]:
    """Today's declaration for the manager's home, or a prompt to make it."""
    home = membership.organisation
    today = latest_declarations(on=timezone.localdate()).filter(home=home).first()
    history = Link("See your last 30 days", reverse("beds:home-history", args=[home.pk]))
    if today is None:
        return [
            Card(
                title="Today's beds",
                body="The coordination unit sends referrals only to homes that have declared a bed today.",
                empty="You have not declared today's beds.",
                links=(Link("Declare today's beds", reverse("beds:declare")), history),
            )
        ]
    profile = getattr(home, "home_profile", None)
    justice = ""
    if profile is None or profile.takes_justice:
        justice = f"{today.available_justice} justice bed{'s' if today.available_justice != 1 else ''}, "
    return [
        Card(
            title="Today's beds",
            body=f"Declared at {timezone.localtime(today.declared_at):%H:%M}: {justice}"
            f"staff to admit {today.staffed_capacity}.",
            figure=str(today.available_welfare),
            figure_label="welfare bed free" if today.available_welfare == 1 else "welfare beds free",
            links=(Link("Change today's declaration", reverse("beds:declare")), history),
        )
    ]


def coordinator_cards(membership: Membership) -> list[Card]:
    """Bookable welfare beds today across the network, next to nominal availability and homes not declared."""
    network = network_beds_on()
    bookable, nominal = network.bookable, network.available_welfare
    return [
        Card(
            title="Beds today",
            body=f"{nominal} welfare bed{'s' if nominal != 1 else ''} declared free; bookable counts only those "
            f"with staff to admit. {network.not_declared} of {network.homes} homes have not declared today.",
            figure=str(bookable),
            figure_label="bookable welfare bed" if bookable == 1 else "bookable welfare beds",
            links=(Link("See beds today", reverse("beds:today")),),
        )
    ]
