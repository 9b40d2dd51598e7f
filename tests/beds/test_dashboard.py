"""Beds on the landing page and in the header: the manager's declaration, the coordinator's bookable beds."""

from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from accounts.models import Organisation, Role
from tests.factories import member

from .conftest import client_for
from .factories import BedDeclarationFactory

TODAY = date(2026, 3, 4)


@pytest.fixture(autouse=True)
def _ten_past_eleven(time_machine: Any) -> None:
    time_machine.move_to(datetime(2026, 3, 4, 11, 10, tzinfo=ZoneInfo("Europe/London")), tick=False)


class TestManagerCard:
    def test_asks_the_manager_to_declare_when_they_have_not(self, manager: Any) -> None:
        """No declaration today: the card says so and links to the declare page."""
        page = client_for(manager).get(reverse("accounts:dashboard")).content.decode()
        assert "You have not declared today&#x27;s beds." in page or "You have not declared today's beds." in page
        assert f'href="{reverse("beds:declare")}"' in page

    def test_shows_todays_declaration(self, manager: Any, home: Organisation) -> None:
        """After declaring, the card shows the free welfare beds and the staffed capacity."""
        BedDeclarationFactory(home=home, date=TODAY, available_welfare=2, staffed_capacity=1, available_justice=0)
        page = client_for(manager).get(reverse("accounts:dashboard")).content.decode()
        assert "welfare beds free" in page and "staff to admit 1" in page


class TestCoordinatorCard:
    def test_shows_bookable_beds_next_to_nominal_and_homes_not_declared(
        self, coordinator: Any, home: Organisation, other_home: Organisation
    ) -> None:
        """Bookable beds are the figure; free beds and homes not declared are in the text."""
        BedDeclarationFactory(home=home, date=TODAY, available_welfare=3, staffed_capacity=1, available_justice=0)
        response = client_for(coordinator).get(reverse("accounts:dashboard"))
        (card,) = [c for c in response.context["cards"] if c.title == "Beds today"]
        assert (card.figure, card.figure_label) == ("1", "bookable welfare bed")
        assert "3 welfare beds declared free" in card.body and "1 of 2 homes have not declared" in card.body


@pytest.mark.django_db
class TestNavigation:
    @pytest.mark.parametrize(
        ("role", "text", "url_name"),
        [(Role.HOME_MANAGER, "Beds", "beds:declare"), (Role.COORDINATOR, "Beds today", "beds:today")],
    )
    def test_the_header_links_to_beds_for_managers_and_coordinators(self, role: str, text: str, url_name: str) -> None:
        """Each role sees its own beds link."""
        response = client_for(member(role)).get(reverse("accounts:dashboard"))
        assert (text, reverse(url_name)) in [(item.text, item.href) for item in response.context["navigation"]]

    @pytest.mark.parametrize("role", [Role.SOCIAL_WORKER, Role.ANALYST])
    def test_other_roles_see_no_beds_link(self, role: str) -> None:
        """Nobody is shown a link they cannot follow."""
        page = client_for(member(role)).get(reverse("accounts:dashboard")).content.decode()
        assert "/beds/" not in page
