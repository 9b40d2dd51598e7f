"""The retention schedule: each rule removes exactly what is due, a legal hold stops it, runs are harmless to repeat,
and anonymisation leaves the published outcome figures as they were."""

from datetime import timedelta
from io import StringIO

import pytest
import time_machine
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.models import AuditEvent, Membership, Role
from accounts.services import audit_record
from circulation.models import HomeRequest, InformationRequest, Search
from forms_engine.models import PackJob, Referral
from forms_engine.services.packs import pack_key
from ops import storage
from outcomes.models import IndicatorRollup
from outcomes.services.facts import indicator_facts_rebuild
from privacy.models import LegalHold, RetentionRun
from privacy.retention import due_now, retention_run
from tests.factories import member, verified_login


@pytest.fixture
def demo(db: None) -> None:
    call_command("seed_demo", "--quiet-logins")


class _Kept:
    """A stored file, asked whether it is still there."""

    def __init__(self, key: str) -> None:
        self.key = key

    def exists(self) -> bool:
        return storage.exists(self.key)


def _built(job: PackJob) -> _Kept:
    """Stand in for a built pack: a file kept for the job and the job done (builds are tested in forms_engine)."""
    key = pack_key(job, "pack.pdf")
    storage.store_bytes(key, b"%PDF-1.7 pack")
    PackJob.objects.filter(pk=job.pk).update(state=PackJob.State.DONE, files={"pack.pdf": "x"})
    return _Kept(key)


def _due(rule: str, now: object = None) -> list[str]:
    return next(labels for d in due_now(now) if d.rule == rule for labels in [[label for label, _ in d.items]])


def _later(days: float) -> time_machine.travel:
    return time_machine.travel(timezone.now() + timedelta(days=days), tick=False)


@pytest.mark.django_db
class TestRules:
    def test_abandoned_drafts_go_after_90_days_and_nothing_else_does(self, demo: None) -> None:
        abandoned = Referral.objects.get(status=Referral.Status.DRAFT, answers__child_last_name="Forgottenham")
        fresh = Referral.objects.create(
            version=abandoned.version, local_authority=abandoned.local_authority, created_by=abandoned.created_by
        )
        submitted = set(Referral.objects.filter(status=Referral.Status.SUBMITTED).values_list("pk", flat=True))
        retention_run(dry_run=False)
        assert not Referral.objects.filter(pk=abandoned.pk).exists()
        assert Referral.objects.filter(pk=fresh.pk).exists()
        assert set(Referral.objects.filter(status=Referral.Status.SUBMITTED).values_list("pk", flat=True)) == submitted

    def test_a_declined_or_recalled_homes_pack_is_destroyed_once_access_ends(self, demo: None) -> None:
        ended = HomeRequest.objects.filter(
            status__in=[HomeRequest.Status.DECLINED, HomeRequest.Status.RECALLED], search__referral__legal_holds=None
        ).exclude(pack_job=None)
        waiting = HomeRequest.objects.filter(status=HomeRequest.Status.AWAITING).exclude(pack_job=None)
        assert ended.exists() and waiting.exists()
        folders = {hr.pk: _built(hr.pack_job) for hr in [*ended, *waiting]}
        retention_run(dry_run=False)
        for hr in ended:
            assert not folders[hr.pk].exists()
            assert PackJob.objects.get(pk=hr.pack_job_id).state == PackJob.State.DESTROYED
        for hr in waiting:
            assert folders[hr.pk].exists()
            assert PackJob.objects.get(pk=hr.pack_job_id).state == PackJob.State.DONE

    def test_every_pack_of_a_closed_search_is_destroyed_30_days_after_it_closed(self, demo: None) -> None:
        placed = Search.objects.get(referral__reference="SW-DEMO-PLCD")
        kept = HomeRequest.objects.get(search=placed, status=HomeRequest.Status.PLACED)
        folder = _built(kept.pack_job)
        with _later(29):
            retention_run(dry_run=False)
        assert folder.exists()
        with _later(31):
            retention_run(dry_run=False)
        assert not folder.exists()

    def test_identifiable_records_are_anonymised_and_the_published_figures_stay(self, demo: None) -> None:
        def figures() -> list[tuple]:
            return sorted(row[1:] for row in IndicatorRollup.objects.values_list())  # without the row id

        indicator_facts_rebuild()
        before = figures()
        closed = Referral.objects.get(reference="SW-DEMO-PLCD")
        request = HomeRequest.objects.filter(search__referral=closed).first()
        InformationRequest.objects.create(
            home_request=request, question="Is Tyler safe with others?", asked_by=request.search.opened_by
        )
        with _later(365 * 4):
            assert "SW-DEMO-PLCD" in _due("identifiable_records")
            assert "SW-DEMO-OPEN" not in _due("identifiable_records"), "an open search keeps its referral"
            retention_run(dry_run=False)
        closed.refresh_from_db()
        assert closed.answers == {} and closed.anonymised_at is not None
        assert InformationRequest.objects.get(home_request=request).question == ""
        assert Referral.objects.get(reference="SW-DEMO-OPEN").answers != {}
        indicator_facts_rebuild()
        assert figures() == before

    def test_old_audit_events_task_results_and_reminders_go(self, demo: None) -> None:
        with time_machine.travel(timezone.now() - timedelta(days=8 * 365)):
            old = audit_record(actor=None, action="test.old", outcome=AuditEvent.Outcome.SUCCEEDED)
        recent = audit_record(actor=None, action="test.recent", outcome=AuditEvent.Outcome.SUCCEEDED)
        retention_run(dry_run=False)
        assert not AuditEvent.objects.filter(pk=old.pk).exists()
        assert AuditEvent.objects.filter(pk=recent.pk).exists()


@pytest.mark.django_db
class TestRunning:
    def test_a_legal_hold_stops_every_rule_and_releasing_it_lets_them_apply(self, demo: None) -> None:
        held = Referral.objects.get(reference="SW-DEMO-CLSD")  # the demo holds it
        assert LegalHold.objects.filter(referral=held, released_at=None).exists()
        jobs = PackJob.objects.filter(referral=held)
        folders = [_built(job) for job in jobs]
        with _later(365 * 4):
            retention_run(dry_run=False)
        held.refresh_from_db()
        assert held.answers != {} and all(folder.exists() for folder in folders)
        LegalHold.objects.filter(referral=held).update(released_at=timezone.now())
        with _later(365 * 4):
            retention_run(dry_run=False)
        held.refresh_from_db()
        assert held.answers == {} and not any(folder.exists() for folder in folders)

    def test_a_dry_run_changes_nothing_and_a_second_run_finds_nothing(self, demo: None) -> None:
        drafts = Referral.objects.filter(status=Referral.Status.DRAFT).count()
        dry = retention_run(dry_run=True)
        assert dry.counts["abandoned_drafts"] == 1
        assert Referral.objects.filter(status=Referral.Status.DRAFT).count() == drafts
        first = retention_run(dry_run=False)
        second = retention_run(dry_run=False)
        assert first.counts["abandoned_drafts"] == 1
        assert all(count == 0 for key, count in second.counts.items() if key != "sessions_and_invitations")
        assert AuditEvent.objects.filter(action="privacy.retention_run").count() == 2
        assert AuditEvent.objects.filter(action="privacy.retention_dry_run").count() == 1

    def test_the_command_lists_what_a_dry_run_would_remove(self, demo: None) -> None:
        out = StringIO()
        call_command("retention", "--dry-run", stdout=out)
        assert "abandoned_drafts: 1 due" in out.getvalue()
        assert Referral.objects.filter(answers__child_last_name="Forgottenham").exists()

    def test_the_schedule_runs_daily_as_data(self, db: None) -> None:
        from django_q.models import Schedule

        schedule = Schedule.objects.get(func="privacy.tasks.retention_daily")
        assert (schedule.schedule_type, schedule.repeats) == (Schedule.DAILY, -1)


@pytest.mark.django_db
class TestPages:
    def _lead(self) -> Client:
        client = Client()
        user = member(Role.COORDINATOR)
        Membership.objects.filter(user=user).update(is_data_protection_lead=True)
        verified_login(client, user)
        return client

    def test_the_lead_sees_the_schedule_what_is_due_and_the_holds(self, demo: None) -> None:
        page = self._lead().get(reverse("privacy:index")).content.decode()
        assert "Draft referrals never submitted" in page and "90 days after the draft was last changed" in page
        assert "draft " in page and "SW-DEMO-CLSD" in page

    def test_others_get_a_404(self, demo: None) -> None:
        client = Client()
        verified_login(client, member(Role.COORDINATOR))
        assert client.get(reverse("privacy:index")).status_code == 404

    def test_setting_a_hold_names_a_wrong_reference_and_is_audited(self, demo: None) -> None:
        client = self._lead()
        url = reverse("privacy:hold-new")
        wrong = client.post(url, {"reference": "NOPE", "reason": "Court case"})
        assert wrong.status_code == 400 and "No referral has this reference" in wrong.content.decode()
        assert client.post(url, {"reference": "sw-demo-open", "reason": "Court case"}).status_code == 302
        hold = LegalHold.objects.get(referral__reference="SW-DEMO-OPEN")
        assert AuditEvent.objects.filter(action="privacy.legal_hold_set", subject_reference="SW-DEMO-OPEN").exists()
        client.post(reverse("privacy:hold-release", args=[hold.pk]))
        hold.refresh_from_db()
        assert hold.released_at is not None

    def test_recording_a_dry_run(self, demo: None) -> None:
        self._lead().post(reverse("privacy:dry-run"))
        assert RetentionRun.objects.get().dry_run


def test_the_dpia_page_shows_the_schedule_as_it_is() -> None:
    from django.conf import settings

    from privacy.schedule import schedule_markdown

    page = (settings.BASE_DIR / "docs" / "data-protection.md").read_text()
    table = page.split("<!-- retention-table:start -->")[1].split("<!-- retention-table:end -->")[0].strip()
    assert table == schedule_markdown(), "run `python manage.py retention --table` and paste it into the page"


@pytest.mark.django_db
def test_sent_and_given_up_messages_go_after_90_days() -> None:
    from ops.models import OutboxMessage

    now = timezone.now()
    old = OutboxMessage.objects.create(to="a@example.org", subject="s", status="sent", sent_at=now - timedelta(days=91))
    new = OutboxMessage.objects.create(to="b@example.org", subject="s", status="sent", sent_at=now - timedelta(days=5))
    waiting = OutboxMessage.objects.create(to="c@example.org", subject="s", created_at=now - timedelta(days=400))
    retention_run(dry_run=False)
    assert set(OutboxMessage.objects.values_list("pk", flat=True)) == {new.pk, waiting.pk}
    assert not OutboxMessage.objects.filter(pk=old.pk).exists()
