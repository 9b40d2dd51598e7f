"""Beds pages: declaring, the confirmation, history, beds today; who may open each; bad input."""

from datetime import date, datetime, time
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import AuditEvent, Organisation, Role
from beds.models import BedDeclaration
from tests.factories import member

from .conftest import client_for
from .factories import BedDeclarationFactory

TODAY = date(2026, 3, 4)
NOON = datetime(2026, 3, 4, 12, 0, tzinfo=ZoneInfo("Europe/London"))


@pytest.fixture(autouse=True)
def _noon(time_machine: Any) -> None:
    """Every test here runs at noon on a Wednesday."""
    time_machine.move_to(NOON, tick=False)


def _valid(**overrides: Any) -> dict[str, Any]:
    return {
        "approved_places": "12",
        "available_welfare": "2",
        "available_justice": "0",
        "staffed_capacity": "1",
        "max_staffing_ratio": "1:1",
        "sexes": "female",
        "min_age": "12",
        "max_age": "17",
        "notes": "Room 4 out of use",
        **overrides,
    }


class TestDeclare:
    def test_a_manager_declares_and_sees_the_confirmation(self, manager: Any, home: Organisation) -> None:
        """A valid declaration is saved for the manager's own home today, audited, and confirmed."""
        response = client_for(manager).post(reverse("beds:declare"), _valid(), follow=True)
        declaration = BedDeclaration.objects.get()
        assert (declaration.home, declaration.date, declaration.declared_by) == (home, TODAY, manager)
        assert (declaration.available_welfare, declaration.staffed_capacity, declaration.sexes) == (2, 1, "female")
        assert "Beds declared" in response.content.decode()
        assert AuditEvent.objects.filter(action="beds.declare", object_id=str(declaration.pk), actor=manager).exists()

    def test_declaring_again_the_same_day_keeps_the_first(self, manager: Any) -> None:
        """A second declaration adds a row; both are in the history and the latest counts."""
        client = client_for(manager)
        client.post(reverse("beds:declare"), _valid())
        client.post(reverse("beds:declare"), _valid(available_welfare="0", staffed_capacity="0"))
        assert list(BedDeclaration.objects.order_by("pk").values_list("available_welfare", flat=True)) == [2, 0]
        page = client.get(reverse("beds:declare")).content.decode()
        assert "0 welfare beds" in page

    def test_the_form_is_prefilled_from_the_last_declaration(self, manager: Any, home: Organisation) -> None:
        """Yesterday's answers come back, with approved places from the home's profile."""
        BedDeclarationFactory(home=home, date=date(2026, 3, 3), approved_places=9, sexes="male", min_age=13)
        form = client_for(manager).get(reverse("beds:declare")).context["form"]
        assert form.initial["approved_places"] == 12
        assert (form.initial["sexes"], form.initial["min_age"]) == ("male", 13)

    @pytest.mark.parametrize(
        ("overrides", "message"),
        [
            ({"available_welfare": "13"}, "must be no more than the 12 approved places"),
            ({"available_justice": "1"}, "does not take justice placements, so enter 0"),
            ({"staffed_capacity": "-1"}, "must be 0 or more"),
            ({"staffed_capacity": "3"}, "Staffed capacity must be no more than the 2 available welfare and justice"),
            ({"min_age": "16", "max_age": "13"}, "Oldest age accepted must be the same as or older"),
            ({"min_age": "9"}, "must be between 10 and 17"),
            ({"max_age": "18"}, "must be between 10 and 17"),
            ({"available_welfare": "two"}, "must be a whole number"),
            ({"available_welfare": ""}, "Enter the number of available welfare beds"),
            ({"sexes": "robot"}, "Select a valid choice"),
        ],
    )
    def test_bad_input_is_a_400_with_an_error_summary(self, manager: Any, overrides: dict, message: str) -> None:
        """Each mistake is named in the GOV.UK error summary; nothing is saved."""
        response = client_for(manager).post(reverse("beds:declare"), _valid(**overrides))
        page = response.content.decode()
        assert response.status_code == 400
        assert "There is a problem" in page and message in page
        assert not BedDeclaration.objects.exists()

    def test_an_empty_post_is_a_400_not_a_500(self, manager: Any) -> None:
        """Submitting nothing lists every missing answer."""
        response = client_for(manager).post(reverse("beds:declare"), {})
        assert response.status_code == 400
        assert "Enter the number of staffed capacity" not in response.content.decode()
        assert "Enter the number of children the home can safely admit" in response.content.decode()

    def test_a_justice_only_home_cannot_declare_welfare_beds(self, manager: Any, home: Organisation) -> None:
        """A home that takes no welfare placements is told to enter 0."""
        home.home_profile.takes_welfare = False
        home.home_profile.save()
        response = client_for(manager).post(reverse("beds:declare"), _valid())
        assert response.status_code == 400
        assert "does not take welfare placements" in response.content.decode()

    def test_user_text_is_escaped(self, manager: Any) -> None:
        """Notes are shown as text, never as markup."""
        client = client_for(manager)
        client.post(reverse("beds:declare"), _valid(notes="<script>alert(1)</script>"))
        page = client.get(reverse("beds:home-history", args=[manager.memberships.get().organisation_id]))
        assert "<script>alert(1)</script>" not in page.content.decode()
        assert "&lt;script&gt;" in page.content.decode()


class TestBedsToday:
    def test_shows_every_home_with_totals_and_not_declared(
        self, coordinator: Any, home: Organisation, other_home: Organisation
    ) -> None:
        """Declared homes show their figures; a home without a declaration is tagged; totals count bookable beds."""
        BedDeclarationFactory(home=home, date=TODAY, available_welfare=3, staffed_capacity=1, available_justice=0)
        page = client_for(coordinator).get(reverse("beds:today")).content.decode()
        assert "Fictional Lodge" in page and "Imaginary House" in page
        assert page.count("Not declared today") == 1
        assert "1</span> bookable welfare bed<" in page
        assert "3</span> welfare beds declared free" in page

    def test_the_chart_and_its_table_carry_thirty_days(self, coordinator: Any, home: Organisation) -> None:
        """An accessible SVG chart with a title, and a table of the same 30 days."""
        BedDeclarationFactory(home=home, date=date(2026, 2, 20), available_welfare=2, staffed_capacity=1)
        response = client_for(coordinator).get(reverse("beds:today"))
        page = response.content.decode()
        assert 'role="img"' in page and "<title" in page
        assert len(response.context["rows"]) == 30
        assert page.count("<rect ") == 31  # 30 bars and the legend key
        assert page.count("n/d</text>") == 29  # every day but the one with a declaration
        assert "Fri 20 Feb" in page

    def test_a_homes_chart_table_marks_days_not_declared(self, coordinator: Any, home: Organisation) -> None:
        """On one home's page the table says which days it did not declare."""
        BedDeclarationFactory(home=home, date=TODAY)
        page = client_for(coordinator).get(reverse("beds:home-history", args=[home.pk])).content.decode()
        assert page.count("Not declared</strong>") == 29


ROLES_404 = [Role.SOCIAL_WORKER, Role.SANCTIONING_OFFICER, Role.LEAVING_CARE_WORKER, Role.ANALYST, Role.EDITOR]


class TestAccess:
    @pytest.mark.parametrize("role", ROLES_404)
    @pytest.mark.parametrize("url_name", ["beds:declare", "beds:today", "beds:home-history"])
    def test_other_roles_get_an_audited_404(self, role: str, url_name: str, home: Organisation) -> None:
        """Social workers, analysts and the others cannot open any beds page."""
        user = member(role)
        args = [home.pk] if url_name == "beds:home-history" else []
        assert client_for(user).get(reverse(url_name, args=args)).status_code == 404
        assert AuditEvent.objects.filter(actor=user, outcome=AuditEvent.Outcome.DENIED).exists()

    def test_a_manager_cannot_open_beds_today(self, manager: Any) -> None:
        """Beds across the network are for the coordination unit."""
        assert client_for(manager).get(reverse("beds:today")).status_code == 404

    def test_the_coordinator_cannot_declare(self, coordinator: Any) -> None:
        """Only a home's registered manager declares its beds."""
        assert client_for(coordinator).post(reverse("beds:declare"), _valid()).status_code == 404
        assert not BedDeclaration.objects.exists()

    def test_a_manager_asking_for_another_homes_history_gets_an_audited_404(
        self, manager: Any, other_home: Organisation
    ) -> None:
        """The refusal looks like a missing page and is in the audit log with the home's id."""
        assert client_for(manager).get(reverse("beds:home-history", args=[other_home.pk])).status_code == 404
        event = AuditEvent.objects.get(actor=manager, outcome=AuditEvent.Outcome.DENIED)
        assert (event.object_type, event.object_id) == ("accounts.organisation", str(other_home.pk))

    def test_a_manager_cannot_open_another_homes_confirmation(self, manager: Any, other_home: Organisation) -> None:
        """A declaration of another home is not found."""
        theirs = BedDeclarationFactory(home=other_home)
        assert client_for(manager).get(reverse("beds:declared", args=[theirs.pk])).status_code == 404

    def test_history_is_open_to_the_manager_and_coordinator(
        self, manager: Any, coordinator: Any, home: Organisation
    ) -> None:
        """The home's own manager and the coordinator see every declaration of the last 30 days."""
        BedDeclarationFactory(home=home, date=TODAY, notes="Morning count")
        BedDeclarationFactory(
            home=home,
            date=TODAY,
            notes="Afternoon count",
            declared_at=timezone.make_aware(datetime.combine(TODAY, time(15))),
        )
        BedDeclarationFactory(home=home, date=date(2026, 1, 1), notes="Too old")
        for user in (manager, coordinator):
            page = client_for(user).get(reverse("beds:home-history", args=[home.pk])).content.decode()
            assert "Morning count" in page and "Afternoon count" in page and "Too old" not in page

    def test_signed_out_visitors_are_sent_to_sign_in(self, home: Organisation) -> None:
        """No beds page is public."""
        from django.test import Client

        response = Client().get(reverse("beds:today"))
        assert response.status_code == 302
