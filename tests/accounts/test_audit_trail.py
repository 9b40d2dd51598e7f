"""The audit trail can be asked (by child's referral, person, action, period), exported as CSV, and not edited."""

import csv
import io
from datetime import timedelta

import pytest
import time_machine
from django.core.management import call_command
from django.db import connection, transaction
from django.db.utils import DatabaseError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.models import AuditEvent, AuditRowsAreAppendOnly, Role
from accounts.services import audit_record
from forms_engine.models import Referral
from tests.factories import member, verified_login

AUDIT = reverse("accounts:audit-log")
CSV = reverse("accounts:audit-log-csv")


@pytest.fixture
def referrals(db: None) -> list[Referral]:
    call_command("seed_demo", "--quiet-logins")
    found = list(Referral.objects.exclude(reference=None).exclude(reference="").order_by("pk")[:2])
    assert len(found) == 2
    return found


@pytest.fixture
def coordinator() -> Client:
    client = Client()
    verified_login(client, member(Role.COORDINATOR))
    return client


@pytest.mark.django_db
class TestAskingTheAuditLog:
    def test_a_referrals_records_are_found_by_its_reference(
        self, referrals: list[Referral], coordinator: Client
    ) -> None:
        first, second = referrals
        reader = member(Role.COORDINATOR)
        audit_record(actor=reader, action="test.viewed_first", outcome=AuditEvent.Outcome.ALLOWED, obj=first)
        audit_record(actor=reader, action="test.viewed_second", outcome=AuditEvent.Outcome.ALLOWED, obj=second)
        assert AuditEvent.objects.get(action="test.viewed_first").subject_reference == first.reference
        page = coordinator.get(AUDIT, {"reference": first.reference.lower()}).content.decode()
        assert "test.viewed_first" in page and "test.viewed_second" not in page

    def test_by_person_action_and_period(self, coordinator: Client) -> None:
        someone = member(Role.SOCIAL_WORKER)
        with time_machine.travel(timezone.now() - timedelta(days=10)):
            audit_record(actor=someone, action="test.old", outcome=AuditEvent.Outcome.ALLOWED)
        audit_record(actor=someone, action="test.new", outcome=AuditEvent.Outcome.ALLOWED)
        audit_record(actor=member(Role.ANALYST), action="test.other", outcome=AuditEvent.Outcome.ALLOWED)
        today = timezone.localdate()
        since = today - timedelta(days=1)
        page = coordinator.get(
            AUDIT,
            {
                "user": someone.username,
                "action": "test.",
                "since_0": since.day,
                "since_1": since.month,
                "since_2": since.year,
            },
        ).content.decode()
        assert "test.new" in page and "test.old" not in page and "test.other" not in page

    def test_a_wrong_filter_is_named(self, coordinator: Client) -> None:
        response = coordinator.get(AUDIT, {"since_0": "31", "since_1": "2", "since_2": "2026"})
        assert response.status_code == 400
        assert "There is a problem" in response.content.decode()

    def test_csv_export_is_filtered_safe_for_spreadsheets_and_audited(self, coordinator: Client) -> None:
        audit_record(actor=None, action="=cmd|' /C calc'!A0", outcome=AuditEvent.Outcome.FAILED)
        audit_record(actor=None, action="test.exported", outcome=AuditEvent.Outcome.FAILED)
        response = coordinator.get(CSV, {"action": "test."})
        assert response["Content-Disposition"] == 'attachment; filename="audit-log.csv"'
        rows = list(csv.reader(io.StringIO(response.content.decode())))
        assert rows[0][:4] == ["occurred_at", "actor", "actor_organisation", "action"]
        assert [row[3] for row in rows[1:]] == ["test.exported"]
        everything = coordinator.get(CSV).content.decode()
        assert "'=cmd|" in everything
        assert AuditEvent.objects.filter(action="accounts.audit_export", file_type="csv").count() == 2

    def test_the_csv_export_needs_a_recent_second_factor(self, coordinator: Client) -> None:
        with time_machine.travel(timezone.now() + timedelta(minutes=16)):
            response = coordinator.get(CSV)
        assert response["Location"].startswith(reverse("accounts:confirm-identity"))

    def test_only_the_audit_permission_reads_it(self) -> None:
        client = Client()
        verified_login(client, member(Role.ANALYST))
        assert client.get(AUDIT).status_code == 404
        assert client.get(CSV).status_code == 404


@pytest.mark.django_db
class TestAppendOnly:
    def test_the_application_cannot_change_or_delete_an_audit_row(self) -> None:
        event = audit_record(actor=None, action="test.kept", outcome=AuditEvent.Outcome.SUCCEEDED)
        event.action = "test.changed"
        with pytest.raises(AuditRowsAreAppendOnly):
            event.save()
        with pytest.raises(AuditRowsAreAppendOnly):
            event.delete()
        with pytest.raises(AuditRowsAreAppendOnly):
            AuditEvent.objects.filter(pk=event.pk).update(action="test.changed")
        with pytest.raises(AuditRowsAreAppendOnly):
            AuditEvent.objects.filter(pk=event.pk).delete()
        assert AuditEvent.objects.get(pk=event.pk).action == "test.kept"

    @pytest.mark.skipif(connection.vendor != "postgresql", reason="the database trigger is PostgreSQL's")
    def test_on_postgresql_the_database_itself_refuses_update_and_delete(self) -> None:
        event = audit_record(actor=None, action="test.kept", outcome=AuditEvent.Outcome.SUCCEEDED)
        table = AuditEvent._meta.db_table
        for statement in (
            f"UPDATE {table} SET action = 'test.changed' WHERE id = %s",
            f"DELETE FROM {table} WHERE id = %s",
        ):
            with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
                cursor.execute(statement, [event.pk])
        assert AuditEvent.objects.get(pk=event.pk).action == "test.kept"
