"""Notifications through an outbox: a row per message in the event's transaction, sent by a django-q2 task after it
commits, tried again with backoff, failed for the unit to see and try again, swept when the broker lost it, and sent
once. The one thing faked is GOV.UK Notify's HTTP API, served on loopback by `FakeNotify`; GOV.UK Notify's own
client talks to it over real HTTP. The e-mail path's failure is a real SMTP connection to a closed port."""

import json
import logging
import socket
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
import time_machine
from django.core import mail
from django.db import connection, transaction
from django.test import Client
from django.urls import reverse
from django_q.brokers import get_broker
from django_q.conf import Conf
from django_q.models import Schedule
from django_q.signing import SignedPackage

from accounts.models import AuditEvent, Role
from ops import tasks
from ops.models import OutboxMessage
from ops.notifications import (
    BACKOFF_FACTOR,
    FIRST_RETRY_AFTER,
    LEASE,
    MAX_ATTEMPTS,
    message_deliver,
    notification_send,
    notifications_sweep,
)
from tests.factories import member, verified_login

Status = OutboxMessage.Status
START = datetime(2026, 11, 30, 9, 0, tzinfo=UTC)
SECRET = "reset-link-token-do-not-log"
BODY = f"Open this link to choose a password: https://example.org/{SECRET}/"


class FakeNotify:
    """GOV.UK Notify's e-mail endpoint on loopback: each POST gets the next planned status (201 when none is left),
    after `delay` seconds; what was posted is kept in `received`."""

    def __init__(self) -> None:
        self.replies: list[int] = []
        self.received: list[dict[str, Any]] = []
        self.delay = 0.0
        self._lock = threading.Lock()
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                payload = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
                with fake._lock:
                    fake.received.append({"path": self.path, "authorization": self.headers["Authorization"], **payload})
                    status = fake.replies.pop(0) if fake.replies else 201
                time.sleep(fake.delay)
                if status == 201:
                    reply: dict[str, Any] = {
                        "id": str(uuid.uuid4()),
                        "reference": payload.get("reference"),
                        "content": {"subject": "s", "body": "b", "from_email": "service@notify.example"},
                    }
                else:
                    message = "Can't send to this recipient" if status == 400 else "Internal server error"
                    reply = {"status_code": status, "errors": [{"error": "Error", "message": message}]}
                data = json.dumps(reply).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, format: str, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_port}"


@pytest.fixture
def notify(settings: Any) -> Iterator[FakeNotify]:
    """The service configured for GOV.UK Notify, talking to the fake."""
    fake = FakeNotify()
    fake.thread.start()
    settings.NOTIFY_API_KEY = f"test_key-{uuid.uuid4()}-{uuid.uuid4()}"
    settings.NOTIFY_TEMPLATE_ID = str(uuid.uuid4())
    settings.NOTIFY_BASE_URL = fake.url
    yield fake
    fake.server.shutdown()
    fake.server.server_close()


@pytest.fixture
def after_commit(settings: Any) -> None:
    """The production path: messages are handed to the queue only once the event's transaction commits."""
    settings.NOTIFICATIONS_ENQUEUE_BEFORE_COMMIT = False


@pytest.fixture
def own_queue(monkeypatch: pytest.MonkeyPatch) -> Iterator[Any]:
    """A real, asynchronous queue as in production (the configured broker, a queue name of this test's own), so
    `async_task` only hands the task over; nothing runs until a worker takes it."""
    monkeypatch.setattr(Conf, "SYNC", False)
    monkeypatch.setattr(Conf, "CLUSTER_NAME", f"outbox-test-{uuid.uuid4().hex[:8]}")
    broker = get_broker()
    yield broker
    broker.delete_queue()


def _taken_from(broker: Any) -> list[dict[str, Any]]:
    """What a worker would take from the queue now."""
    taken: list[dict[str, Any]] = []
    for _ in range(10):
        for ack_id, package in broker.dequeue() or []:
            taken.append(SignedPackage.loads(package))
            if ack_id is not None:
                broker.acknowledge(ack_id)
        if taken:
            return taken
    return taken


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _only_message() -> OutboxMessage:
    (message,) = OutboxMessage.objects.all()
    return message


def _send(to: str = "worker@hampshire.gov.uk") -> int:
    return notification_send(to=[to], subject="Reminder (REF-0042)", body=BODY)


@pytest.mark.django_db
class TestWrittenWithTheEvent:
    """The row is part of the event's transaction; the send waits for the commit."""

    def test_the_message_is_written_in_the_event_s_transaction_and_sent_once_it_commits(
        self, notify: FakeNotify, after_commit: None, django_capture_on_commit_callbacks: Callable[..., Any]
    ) -> None:
        user = member(Role.SOCIAL_WORKER)
        with django_capture_on_commit_callbacks(execute=True):
            with transaction.atomic():
                user.first_name = "Changed"
                user.save()
                assert _send(user.email) == 1
                message = _only_message()
                assert message.status == Status.QUEUED and message.body == BODY
            assert notify.received == [], "nothing is sent before the commit"
        (posted,) = notify.received
        assert posted["path"] == "/v2/notifications/email" and posted["authorization"].startswith("Bearer ")
        assert posted["email_address"] == user.email
        assert posted["personalisation"] == {"subject": "Reminder (REF-0042)", "body": BODY}
        assert posted["reference"] == str(message.reference)
        message.refresh_from_db()
        assert (message.status, message.attempts, message.last_error) == (Status.SENT, 1, "")
        assert message.body == "", "the body (a link, perhaps a reset link) is not kept once sent"
        assert message.provider_id and message.sent_at

    def test_a_rolled_back_event_leaves_no_message_and_sends_nothing(
        self, notify: FakeNotify, after_commit: None, django_capture_on_commit_callbacks: Callable[..., Any]
    ) -> None:
        with django_capture_on_commit_callbacks(execute=True) as callbacks:
            with pytest.raises(RuntimeError), transaction.atomic():
                _send()
                raise RuntimeError("the event fails after its message was written")
        assert callbacks == []
        assert not OutboxMessage.objects.exists()
        assert notify.received == []

    def test_one_row_per_distinct_address_and_none_for_no_address(self, after_commit: None) -> None:
        assert notification_send(to=["a@x.gov.uk", "", "b@y.gov.uk", "a@x.gov.uk"], subject="S", body="B") == 2
        assert sorted(OutboxMessage.objects.values_list("to", flat=True)) == ["a@x.gov.uk", "b@y.gov.uk"]
        assert notification_send(to=["", ""], subject="S", body="B") == 0


@pytest.mark.django_db
def test_a_view_that_notifies_answers_without_calling_notify(
    notify: FakeNotify,
    after_commit: None,
    own_queue: Any,
    django_capture_on_commit_callbacks: Callable[..., Any],
) -> None:
    """A password reset request only writes the message and hands a task to the queue; a worker sends it."""
    user = member(Role.SOCIAL_WORKER)
    with django_capture_on_commit_callbacks(execute=True):
        response = Client().post(reverse("accounts:password-reset"), {"email": user.email})
    assert response.status_code == 302
    assert notify.received == [], "Notify is not called from the request"
    message = _only_message()
    assert message.status == Status.QUEUED and message.enqueued_at is not None and message.attempts == 0
    (task,) = _taken_from(own_queue)
    assert (task["func"], task["args"]) == ("ops.tasks.notification_deliver", (message.pk,))
    assert tasks.notification_deliver(*task["args"]) == "sent"
    (posted,) = notify.received
    assert posted["email_address"] == user.email
    assert "/account/password-reset/" in posted["personalisation"]["body"]


@pytest.mark.django_db
class TestTriedAgain:
    """A failed send is tried again with exponential backoff, by the sweeper, and logged without its content."""

    def test_a_notify_failure_is_retried_with_backoff_and_sent_later(
        self, notify: FakeNotify, caplog: pytest.LogCaptureFixture
    ) -> None:
        notify.replies = [500, 503]
        caplog.set_level(logging.INFO)
        with time_machine.travel(START, tick=False) as clock:
            _send()
            message = _only_message()
            assert (message.status, message.attempts, message.last_error) == (Status.QUEUED, 1, "HTTPError 500")
            assert message.next_attempt_at == START + FIRST_RETRY_AFTER
            assert notifications_sweep()["due"] == 0, "not due before its wait is over"
            assert len(notify.received) == 1
            clock.shift(FIRST_RETRY_AFTER)
            assert notifications_sweep()["due"] == 1
            message.refresh_from_db()
            assert (message.attempts, message.last_error) == (2, "HTTP503Error 503")
            assert message.next_attempt_at == START + FIRST_RETRY_AFTER * (1 + BACKOFF_FACTOR)
            clock.shift(FIRST_RETRY_AFTER * BACKOFF_FACTOR)
            notifications_sweep()
        message.refresh_from_db()
        assert (message.status, message.attempts) == (Status.SENT, 3)
        assert len(notify.received) == 3
        assert {posted["reference"] for posted in notify.received} == {str(message.reference)}
        logged = "\n".join(record.getMessage() for record in caplog.records)
        assert f"Notification {message.short_reference} to a hampshire.gov.uk address: attempt 1 failed" in logged
        assert "(HTTPError 500); next attempt at 2026-11-30T09:01:00" in logged
        for secret in (SECRET, "Reminder", "worker@"):
            assert secret not in logged

    def test_a_failing_smtp_server_is_retried_and_the_message_sent_once_it_answers(self, settings: Any) -> None:
        """The Django e-mail path: a real SMTP connection to a port nobody listens on."""
        settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", _free_port(), 2
        with time_machine.travel(START, tick=False) as clock:
            _send()
            message = _only_message()
            assert (message.status, message.last_error) == (Status.QUEUED, "ConnectionRefusedError")
            settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
            clock.shift(FIRST_RETRY_AFTER)
            notifications_sweep()
        message.refresh_from_db()
        assert (message.status, message.attempts) == (Status.SENT, 2)
        (sent,) = mail.outbox
        assert sent.to == ["worker@hampshire.gov.uk"] and sent.body == BODY
        assert sent.extra_headers["X-Notification-Reference"] == str(message.reference)


def _fail_for_good(notify: FakeNotify) -> OutboxMessage:
    """A message Notify keeps refusing with 500, swept as each wait runs out until the outbox gives up; returns it."""
    notify.replies = [500] * MAX_ATTEMPTS
    with time_machine.travel(START, tick=False) as clock:
        _send()
        for _ in range(MAX_ATTEMPTS):
            message = _only_message()
            if message.status != Status.QUEUED:
                break
            clock.move_to(message.next_attempt_at)
            notifications_sweep()
    return _only_message()


@pytest.mark.django_db
class TestFailedMessagesForTheUnit:
    """After the cap the message is failed; the unit sees it on its card and page and can try it again."""

    def test_after_eight_attempts_it_is_failed(self, notify: FakeNotify) -> None:
        message = _fail_for_good(notify)
        assert (message.status, message.attempts, message.last_error) == (Status.FAILED, MAX_ATTEMPTS, "HTTPError 500")
        assert message.body == BODY, "kept so that it can be tried again"
        waited = message.failed_at - START
        assert timedelta(hours=12) < waited < timedelta(hours=24)
        assert len(notify.received) == MAX_ATTEMPTS
        with time_machine.travel(message.failed_at + timedelta(days=1), tick=False):
            assert notifications_sweep()["due"] == 0
        assert len(notify.received) == MAX_ATTEMPTS

    def test_a_refused_address_fails_at_once(self, notify: FakeNotify) -> None:
        notify.replies = [400]
        _send()
        message = _only_message()
        assert (message.status, message.attempts, message.last_error) == (Status.FAILED, 1, "HTTPError 400")

    def test_the_unit_sees_it_on_its_card_and_page_without_the_body(self, notify: FakeNotify) -> None:
        message = _fail_for_good(notify)
        coordinator = member(Role.COORDINATOR)
        client = Client()
        verified_login(client, coordinator)
        card = client.get(reverse("accounts:dashboard")).content.decode()
        assert "Messages that could not be sent" in card and "1</span> message could not be sent" in card
        page = client.get(reverse("coordination:outbox-failed")).content.decode()
        assert message.short_reference in page and "hampshire.gov.uk" in page and "Reminder (REF-0042)" in page
        assert "HTTPError 500" in page
        assert SECRET not in page and "worker@" not in page
        outsider = Client()
        verified_login(outsider, member(Role.SOCIAL_WORKER))
        assert outsider.get(reverse("coordination:outbox-failed")).status_code == 404
        refused = outsider.post(reverse("coordination:outbox-try-again", args=[message.pk]))
        assert refused.status_code == 404
        assert _only_message().status == Status.FAILED

    def test_with_nothing_failed_the_card_says_so(self) -> None:
        client = Client()
        verified_login(client, member(Role.COORDINATOR))
        assert (
            "Every message has been sent or is still being tried."
            in client.get(reverse("accounts:dashboard")).content.decode()
        )

    def test_try_again_queues_it_afresh_and_it_is_sent(
        self, notify: FakeNotify, after_commit: None, django_capture_on_commit_callbacks: Callable[..., Any]
    ) -> None:
        message = _fail_for_good(notify)
        coordinator = member(Role.COORDINATOR)
        client = Client()
        verified_login(client, coordinator)
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(reverse("coordination:outbox-try-again", args=[message.pk]), follow=True)
        assert "The message will be sent again" in response.content.decode()
        message.refresh_from_db()
        assert (message.status, message.attempts, message.body) == (Status.SENT, 1, "")
        assert len(notify.received) == MAX_ATTEMPTS + 1
        assert AuditEvent.objects.filter(
            actor=coordinator, action="coordination.outbox_try_again", object_id=str(message.pk)
        ).exists()
        with django_capture_on_commit_callbacks(execute=True):
            again = client.post(reverse("coordination:outbox-try-again", args=[message.pk]), follow=True)
        assert "nothing to send again" in again.content.decode()
        assert len(notify.received) == MAX_ATTEMPTS + 1

    def test_try_all_again(self, notify: FakeNotify) -> None:
        notify.replies = [400, 400]
        notification_send(to=["a@x.gov.uk", "b@y.gov.uk"], subject="S", body="B")
        assert OutboxMessage.objects.filter(status=Status.FAILED).count() == 2
        client = Client()
        verified_login(client, member(Role.COORDINATOR))
        response = client.post(reverse("coordination:outbox-try-all-again"), follow=True)
        assert "2 messages will be sent again" in response.content.decode()
        assert set(OutboxMessage.objects.values_list("status", flat=True)) == {Status.SENT}


@pytest.mark.django_db
class TestTheSweeper:
    """The table, not the broker, is the source of truth: what the broker never carried is sent by the sweeper."""

    def test_it_is_scheduled_every_minute(self) -> None:
        schedule = Schedule.objects.get(func="ops.tasks.notifications_sweep_task")
        assert (schedule.schedule_type, schedule.minutes, schedule.repeats) == (Schedule.MINUTES, 1, -1)

    def test_a_committed_message_whose_task_was_never_queued_is_sent_by_the_sweeper(
        self, notify: FakeNotify, after_commit: None
    ) -> None:
        """The web process died between the commit and handing the task over: the row is queued and nothing else."""
        _send()  # the test's transaction never commits, so no task is handed over: a lost task
        message = _only_message()
        assert (message.status, message.enqueued_at) == (Status.QUEUED, None)
        assert notify.received == []
        assert tasks.notifications_sweep_task() == {"due": 1, "handed_over": 1, "taken_back": 0, "failed": 0}
        assert _only_message().status == Status.SENT and len(notify.received) == 1

    def test_a_broker_outage_only_delays_the_message(
        self, notify: FakeNotify, monkeypatch: pytest.MonkeyPatch, django_capture_on_commit_callbacks: Any
    ) -> None:
        """With the queue's Redis unreachable the request still succeeds; once it is back, the sweeper sends."""
        with monkeypatch.context() as outage:
            outage.setattr(Conf, "SYNC", False)
            outage.setattr(Conf, "ORM", None)
            outage.setattr(Conf, "REDIS", f"redis://127.0.0.1:{_free_port()}/0")
            user = member(Role.SOCIAL_WORKER)
            with django_capture_on_commit_callbacks(execute=True):
                response = Client().post(reverse("accounts:password-reset"), {"email": user.email})
            assert response.status_code == 302
            message = _only_message()
            assert (message.status, message.enqueued_at) == (Status.QUEUED, None)
        assert notify.received == []
        notifications_sweep()
        assert _only_message().status == Status.SENT and len(notify.received) == 1

    def test_a_message_handed_over_but_never_tried_is_handed_over_again(
        self, notify: FakeNotify, own_queue: Any
    ) -> None:
        """The broker lost the task (a Redis restart, a worker killed after taking it): after a while it is sent."""
        with time_machine.travel(START, tick=True) as clock:  # ticking: the ORM broker only hands out older tasks
            _send()
            assert len(_taken_from(own_queue)) == 1  # taken by a worker that then died
            assert notifications_sweep()["due"] == 0, "just handed over: not yet"
            clock.shift(timedelta(minutes=16))
            assert notifications_sweep()["handed_over"] == 1
            (task,) = _taken_from(own_queue)
            assert tasks.notification_deliver(*task["args"]) == "sent"

    def test_a_message_held_by_a_worker_that_died_mid_send_is_taken_back(self, notify: FakeNotify) -> None:
        with time_machine.travel(START, tick=False) as clock:
            notify.replies = [500]
            _send()
            message = _only_message()
            # A worker claims it as message_deliver does, then is killed before it sends or records anything.
            clock.move_to(message.next_attempt_at)
            OutboxMessage.objects.filter(pk=message.pk).update(
                status=Status.SENDING, attempts=2, lease_expires_at=message.next_attempt_at + LEASE
            )
            assert notifications_sweep()["taken_back"] == 0, "its lease has not run out"
            clock.shift(LEASE + timedelta(seconds=1))
            assert notifications_sweep()["taken_back"] == 1
        message.refresh_from_db()
        assert (message.status, message.attempts) == (Status.SENT, 3)


@pytest.mark.django_db
class TestSentOnce:
    def test_a_second_task_for_a_sent_message_sends_nothing(self, notify: FakeNotify) -> None:
        _send()
        message = _only_message()
        assert message.status == Status.SENT
        assert message_deliver(message.pk) == "skipped"
        assert len(notify.received) == 1

    def test_a_task_before_the_message_is_due_sends_nothing(self, notify: FakeNotify) -> None:
        notify.replies = [500]
        _send()
        assert message_deliver(_only_message().pk) == "skipped"
        assert len(notify.received) == 1


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_workers_at_the_same_moment_send_it_once(notify: FakeNotify) -> None:
    """Two tasks for one message (a sweep's and the original) run at once in two threads: one sends, one skips."""
    notify.delay = 0.3
    message = OutboxMessage.objects.create(to="worker@hampshire.gov.uk", subject="S", body="B")
    barrier = threading.Barrier(2)
    results: list[str] = []

    def worker() -> None:
        try:
            barrier.wait()
            results.append(message_deliver(message.pk))
        except Exception as error:  # noqa: BLE001 - reported, not swallowed
            results.append(repr(error))
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert sorted(results) == ["sent", "skipped"]
    assert len(notify.received) == 1
    message.refresh_from_db()
    assert (message.status, message.attempts) == (Status.SENT, 1)
