"""Navigation and landing-page cards for the reports; `register()` is called from OutcomesConfig.ready()."""

from django.urls import reverse

from accounts.access import Permission
from accounts.dashboard import Card, Link, dashboard_cards_register
from accounts.models import Membership, Role
from accounts.navigation import navigation_register
from cms.models import DataSummaryPage

from .publishing import previous_month


def aggregate_cards(membership: Membership) -> list[Card]:
    """For the unit's coordinators and analysts: the disclosure-controlled outcome reports."""
    year, month = previous_month()
    body = "Stability, return to secure, custody and lost contact at 3, 6 and 12 months, placed and not placed."
    if membership.role == Role.COORDINATOR:
        body += f" The {year:04d}-{month:02d} summary can be generated from the reports page."

    links = [Link("Open outcome reports", reverse("outcome_reports:index"))]
    page = DataSummaryPage.objects.live().order_by("path").first()
    if page is not None and page.url:
        links.append(Link("See published summaries", page.url))
    return [Card(title="Outcome reports", body=body, links=tuple(links))]


def ssda903_cards(membership: Membership) -> list[Card]:
    """For an authority's workers: their own children's episodes in the SSDA903 layout."""
    url = reverse("outcome_reports:ssda903-episodes", args=[membership.organisation_id])
    return [
        Card(
            title="SSDA903 episodes",
            body=f"Placement episodes recorded for {membership.organisation}'s followed-up children, in the SSDA903 "
            "episodes layout for your annual return. Children are identified by referral reference only.",
            links=(Link("Download episodes (CSV)", url),),
        )
    ]


def register() -> None:
    """Add the Reports link and the cards (called once from OutcomesConfig.ready)."""

    navigation_register(
        text="Reports", url_name="outcome_reports:index", permission=Permission.VIEW_AGGREGATES, order=70
    )
    dashboard_cards_register(roles={Role.COORDINATOR, Role.ANALYST}, provider=aggregate_cards, shared_seconds=60)
    dashboard_cards_register(roles={Role.LEAVING_CARE_WORKER, Role.SOCIAL_WORKER}, provider=ssda903_cards)
