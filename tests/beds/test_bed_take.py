"""bed_take: a placement takes one welfare bed and one staffed place from that day's latest declaration."""

from datetime import date, datetime, time
from typing import Any

from django.utils import timezone

from accounts.middleware import current_request_id
from accounts.models import AuditEvent
from beds.services import bed_take
from tests.factories import SecureHomeFactory

from .factories import BedDeclarationFactory

DAY = date(2026, 3, 2)


def _at(hour: int) -> datetime:
    return timezone.make_aware(datetime.combine(DAY, time(hour)))


class TestBedTake:
    def test_takes_one_bed_and_one_staffed_place_from_the_latest_declaration(self, coordinator: Any) -> None:
        """The day's latest declaration loses one welfare bed and one staffed place; earlier ones are untouched."""
        home = SecureHomeFactory()
        earlier = BedDeclarationFactory(home=home, date=DAY, declared_at=_at(8), available_welfare=3)
        latest = BedDeclarationFactory(
            home=home, date=DAY, declared_at=_at(11), available_welfare=2, staffed_capacity=2
        )
        taken = bed_take(home=home, on=DAY, user=coordinator)
        assert taken is not None and taken.pk == latest.pk
        latest.refresh_from_db()
        earlier.refresh_from_db()
        assert (latest.available_welfare, latest.staffed_capacity) == (1, 1)
        assert earlier.available_welfare == 3

    def test_never_goes_below_zero(self, coordinator: Any) -> None:
        """A home with no free bed left stays at zero rather than going negative."""
        declaration = BedDeclarationFactory(date=DAY, available_welfare=0, staffed_capacity=1)
        bed_take(home=declaration.home, on=DAY, user=coordinator)
        bed_take(home=declaration.home, on=DAY, user=coordinator)
        declaration.refresh_from_db()
        assert (declaration.available_welfare, declaration.staffed_capacity) == (0, 0)

    def test_is_audited_with_identifiers_only(self, coordinator: Any) -> None:
        """The take writes one audit event naming the declaration, its home and the request being served."""
        declaration = BedDeclarationFactory(date=DAY)
        token = current_request_id.set("req-2")
        try:
            bed_take(home=declaration.home, on=DAY, user=coordinator)
        finally:
            current_request_id.reset(token)
        event = AuditEvent.objects.get(action="beds.take")
        assert (event.actor, event.object_type, event.object_id, event.object_organisation, event.request_id) == (
            coordinator,
            "beds.beddeclaration",
            str(declaration.pk),
            declaration.home,
            "req-2",
        )
        assert event.outcome == AuditEvent.Outcome.SUCCEEDED

    def test_returns_none_without_a_declaration_that_day(self, coordinator: Any) -> None:
        """No declaration that day: nothing to take, nothing changed, nothing audited."""
        declaration = BedDeclarationFactory(date=date(2026, 3, 1))
        assert bed_take(home=declaration.home, on=DAY, user=coordinator) is None
        declaration.refresh_from_db()
        assert declaration.available_welfare == 2
        assert not AuditEvent.objects.filter(action="beds.take").exists()
