"""Landing-page cards for liberty safeguards: the unit's orders ending, an authority's clocks, a home's orders."""

from django.urls import reverse

from accounts.dashboard import Card, Link
from accounts.models import Membership

from . import selectors
from .access import orders_visible_to


def coordinator_cards(membership: Membership) -> list[Card]:
    orders = orders_visible_to(membership.user)
    ending = selectors.ending_without_plan(orders).count()
    overdue = selectors.notifications_overdue(orders).count()
    no_destination = selectors.ending_without_destination(orders).count()
    return [
        Card(
            title="Orders ending with no plan or hearing",
            body=f"Orders restricting a child's liberty that end within 28 days. {no_destination} "
            f"child{'ren' if no_destination != 1 else ''} with an order ending within 28 days "
            f"{'have' if no_destination != 1 else 'has'} no destination; {overdue} unregistered-setting "
            f"notice{'s are' if overdue != 1 else ' is'} overdue to the regulator.",
            figure=str(ending) if ending else "",
            figure_label="orders" if ending != 1 else "order",
            empty="" if ending else "No order ends within 28 days without a plan or a hearing date.",
            links=(Link("See orders ending", reverse("liberty:ending")), Link("All orders", reverse("liberty:list"))),
        )
    ]


def authority_cards(membership: Membership) -> list[Card]:
    orders = orders_visible_to(membership.user)
    ending = selectors.ending_without_plan(orders).count()
    reviews = len(selectors.reviews_due(orders))
    notices = selectors.notifications_open(orders).count()
    stop = len(selectors.criteria_not_met(orders))
    parts = [
        f"{reviews} review{'s' if reviews != 1 else ''} due within 14 days",
        f"{notices} regulator notice{'s' if notices != 1 else ''} to send",
    ]
    if stop:
        parts.append(f"{stop} restriction{'s' if stop != 1 else ''} to end: criteria no longer met")
    return [
        Card(
            title="Liberty orders",
            body=f"{ending} order{'s end' if ending != 1 else ' ends'} within 28 days with no plan or hearing; "
            + "; ".join(parts)
            + ".",
            figure=str(selectors.in_force(orders).count()),
            figure_label="in force",
            links=(
                Link("See your children's orders", reverse("liberty:list")),
                Link("SSDA903 DoL table", reverse("liberty:ssda903")),
            ),
        )
    ]


def home_cards(membership: Membership) -> list[Card]:
    count = orders_visible_to(membership.user).count()
    return [
        Card(
            title="Orders for children placed with you",
            body="The order in force for each child placed at your home: its end date, conditions and setting.",
            figure=str(count) if count else "",
            figure_label="orders" if count != 1 else "order",
            empty="" if count else "No child placed with you has an order recorded.",
            links=(Link("See the orders", reverse("liberty:list")),),
        )
    ]
