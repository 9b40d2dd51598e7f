"""The cheap signed-in request: idle timeout kept to the minute, one query for user and membership, cached counts."""

import time
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.contrib.auth import SESSION_KEY
from django.contrib.sessions.models import Session
from django.core.cache import caches
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts import dashboard
from accounts.dashboard import Card, dashboard_cards_register
from accounts.middleware import IDLE_STAMP_EVERY_SECONDS, IDLE_STAMP_KEY
from accounts.models import AuditEvent, Membership, Role
from tests.factories import MembershipFactory, member, verified_login

LOCAL_CACHE = {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "test-landing-page"}
START = datetime(2026, 11, 30, 9, 0, tzinfo=UTC)


def _session_writes(queries: CaptureQueriesContext) -> list[str]:
    """Statements in a captured request that write the session row."""
    return [q["sql"] for q in queries.captured_queries if "django_session" in q["sql"] and "SELECT" not in q["sql"]]


def _signed_in(role: str = Role.COORDINATOR) -> tuple[Client, object]:
    user = member(role)
    client = Client()
    verified_login(client, user)
    return client, user


def _stamp(client: Client, seconds_ago: int) -> None:
    """Set the session's last-seen stamp as if the last recorded request was that long ago (store still alive)."""
    session = client.session
    session[IDLE_STAMP_KEY] = int(time.time()) - seconds_ago
    session.save()


@pytest.mark.django_db
class TestIdleTimeoutWithoutWritingEveryRequest:
    """The session is rewritten at most once a minute, and the 30-minute idle timeout still holds to the minute."""

    def test_a_request_within_a_minute_of_the_stamp_does_not_write_the_session(self) -> None:
        """Back-to-back page views read the session but never update it."""
        with time_machine.travel(START, tick=False) as clock:
            client, _ = _signed_in()
            client.get(reverse("accounts:dashboard"))  # first request stamps the session
            expiry = Session.objects.get().expire_date
            clock.shift(timedelta(seconds=IDLE_STAMP_EVERY_SECONDS - 1))
            with CaptureQueriesContext(connection) as queries:
                assert client.get(reverse("accounts:dashboard")).status_code == 200
        assert _session_writes(queries) == []
        assert Session.objects.get().expire_date == expiry

    def test_a_request_a_minute_after_the_stamp_pushes_expiry_thirty_minutes_ahead(self) -> None:
        """Once the stamp is a minute old, the next request renews it and the store's expiry."""
        with time_machine.travel(START, tick=False) as clock:
            client, _ = _signed_in()
            client.get(reverse("accounts:dashboard"))
            clock.shift(timedelta(seconds=IDLE_STAMP_EVERY_SECONDS))
            with CaptureQueriesContext(connection) as queries:
                client.get(reverse("accounts:dashboard"))
            now = timezone.now()
            assert client.session[IDLE_STAMP_KEY] == int(now.timestamp())
        assert _session_writes(queries)
        assert Session.objects.get().expire_date == now + timedelta(minutes=30)

    def test_steady_use_over_two_hours_keeps_the_user_signed_in(self) -> None:
        """A page every ten minutes never reaches the idle limit."""
        with time_machine.travel(START, tick=False) as clock:
            client, _ = _signed_in()
            for _ in range(12):
                clock.shift(timedelta(minutes=10))
                assert client.get(reverse("accounts:dashboard")).status_code == 200

    def test_twenty_nine_minutes_idle_is_still_signed_in(self) -> None:
        """Just under the limit the page is served."""
        with time_machine.travel(START, tick=False) as clock:
            client, _ = _signed_in()
            client.get(reverse("accounts:dashboard"))
            clock.shift(timedelta(minutes=29))
            assert client.get(reverse("accounts:dashboard")).status_code == 200

    def test_thirty_minutes_idle_signs_out_even_while_the_store_still_holds_the_session(self) -> None:
        """The stamp is checked on every request, so a session kept alive elsewhere (e.g. in Redis) still ends."""
        client, user = _signed_in()
        _stamp(client, 30 * 60)
        response = client.get(reverse("accounts:dashboard"))
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("accounts:sign-in"))
        assert SESSION_KEY not in client.session
        event = AuditEvent.objects.get(action="auth.idle_timeout")
        assert event.actor == user
        assert event.outcome == AuditEvent.Outcome.SUCCEEDED

    def test_thirty_minutes_idle_by_the_clock_signs_out(self) -> None:
        """Real idleness (no request for 30 minutes after the last stamp) ends the session."""
        with time_machine.travel(START, tick=False) as clock:
            client, _ = _signed_in()
            client.get(reverse("accounts:dashboard"))
            clock.shift(timedelta(minutes=30))
            response = client.get(reverse("accounts:dashboard"))
        assert response.status_code == 302

    def test_the_timeout_is_at_most_a_minute_early(self) -> None:
        """With the last request 59 s after the stamp, the session ends 29 min 1 s after that request."""
        with time_machine.travel(START, tick=False) as clock:
            client, _ = _signed_in()
            client.get(reverse("accounts:dashboard"))  # 09:00:00, stamped
            clock.shift(timedelta(seconds=59))
            client.get(reverse("accounts:dashboard"))  # 09:00:59, not stamped
            clock.shift(timedelta(minutes=29, seconds=1))  # 09:30:00: 30 min after the stamp
            assert client.get(reverse("accounts:dashboard")).status_code == 302

    def test_a_stamp_that_is_not_a_number_is_replaced_rather_than_trusted(self) -> None:
        """A malformed stamp is treated as missing: the request stamps the session afresh."""
        client, _ = _signed_in()
        session = client.session
        session[IDLE_STAMP_KEY] = "0"
        session.save()
        assert client.get(reverse("accounts:dashboard")).status_code == 200
        assert isinstance(client.session[IDLE_STAMP_KEY], int)

    def test_anonymous_visitors_get_no_session(self) -> None:
        """Signed-out pages create no session row."""
        Client().get("/livez")
        Client().get(reverse("accounts:sign-in"))
        assert not Session.objects.exists()


@pytest.mark.django_db
class TestUserAndMembershipInOneQuery:
    """The signed-in user and their active membership come from one query, read afresh on every request."""

    def test_the_dashboard_loads_user_and_membership_once(self) -> None:
        """One query touches auth_user or accounts_membership for the whole request."""
        client, _ = _signed_in(Role.SOCIAL_WORKER)
        client.get(reverse("accounts:dashboard"))
        with CaptureQueriesContext(connection) as queries:
            client.get(reverse("accounts:dashboard"))
        loads = [q["sql"] for q in queries.captured_queries if "COUNT(" not in q["sql"]]
        identity = [sql for sql in loads if 'FROM "accounts_membership"' in sql or 'FROM "auth_user"' in sql]
        assert len(identity) == 1

    def test_an_ended_membership_takes_effect_on_the_next_request(self) -> None:
        """Nothing about the membership is cached between requests."""
        client, user = _signed_in(Role.COORDINATOR)
        assert client.get(reverse("accounts:audit-log")).status_code == 200
        Membership.objects.filter(user=user).update(is_active=False)
        assert client.get(reverse("accounts:audit-log")).status_code == 404
        assert b"not linked to an organisation" in client.get(reverse("accounts:dashboard")).content

    def test_a_deactivated_user_is_signed_out(self) -> None:
        """An inactive account's session no longer authenticates."""
        client, user = _signed_in(Role.COORDINATOR)
        type(user).objects.filter(pk=user.pk).update(is_active=False)  # type: ignore[attr-defined]
        response = client.get(reverse("accounts:dashboard"))
        assert response.status_code == 302

    def test_a_password_change_elsewhere_ends_the_session(self) -> None:
        """The session hash is still checked against the freshly loaded user."""
        client, user = _signed_in(Role.COORDINATOR)
        user.set_password("a-completely-new-password")  # type: ignore[attr-defined]
        user.save()  # type: ignore[attr-defined]
        assert client.get(reverse("accounts:dashboard")).status_code == 302

    def test_a_user_without_a_membership_still_signs_in(self) -> None:
        """The fallback loads the user alone and the no-membership page explains."""
        client, user = _signed_in(Role.COORDINATOR)
        Membership.objects.filter(user=user).delete()
        response = client.get(reverse("accounts:dashboard"))
        assert response.status_code == 200
        assert b"not linked to an organisation" in response.content


@pytest.fixture
def local_cache(settings: object) -> None:
    """A real per-process cache, as in production (tests otherwise use a dummy one)."""
    settings.CACHES = {**settings.CACHES, "local": LOCAL_CACHE}  # type: ignore[attr-defined]
    caches["local"].clear()


@pytest.mark.django_db
@pytest.mark.usefixtures("local_cache")
class TestCachedLandingPageCounts:
    """Counts on the landing page are computed at most once a minute per process."""

    def test_the_team_count_is_reused_for_a_minute_then_recounted(self) -> None:
        """A new colleague shows up on the card within a minute, without a count on every request."""
        with time_machine.travel(START, tick=False) as clock:
            client, user = _signed_in(Role.COORDINATOR)
            organisation = Membership.objects.get(user=user).organisation
            assert dashboard._team_card(Membership.objects.get(user=user)).figure == "1"
            MembershipFactory(organisation=organisation, role=Role.ANALYST)
            assert dashboard._team_card(Membership.objects.get(user=user)).figure == "1"
            clock.shift(timedelta(seconds=61))
            assert dashboard._team_card(Membership.objects.get(user=user)).figure == "2"

    def test_a_second_coordinator_page_view_runs_no_count_queries(self) -> None:
        """The network figures and refused requests come from the cache after the first view."""
        client, _ = _signed_in(Role.COORDINATOR)
        client.get(reverse("accounts:dashboard"))
        with CaptureQueriesContext(connection) as queries:
            client.get(reverse("accounts:dashboard"))
        counts = [q["sql"] for q in queries.captured_queries if "COUNT(" in q["sql"] and "accounts_" in q["sql"]]
        assert counts == []


@pytest.mark.django_db
@pytest.mark.usefixtures("local_cache")
class TestSharedCardProviders:
    """A provider registered with shared_seconds is asked once per organisation and role in that time."""

    @pytest.fixture
    def calls(self, monkeypatch: pytest.MonkeyPatch) -> list[int]:
        """Register a counting provider for social workers, removed after the test."""
        monkeypatch.setattr(dashboard, "_REGISTERED", [])
        seen: list[int] = []

        def provider(membership: Membership) -> list[Card]:
            seen.append(membership.pk)
            return [Card(title="Shared card", body=f"Built for organisation {membership.organisation_id}")]

        dashboard_cards_register(roles={Role.SOCIAL_WORKER}, provider=provider, shared_seconds=60)
        return seen

    def test_colleagues_share_the_cards_and_other_organisations_do_not(self, calls: list[int]) -> None:
        """Two social workers of one authority cost one call; another authority's worker gets their own cards."""
        first = member(Role.SOCIAL_WORKER)
        organisation = Membership.objects.get(user=first).organisation
        second = member(Role.SOCIAL_WORKER, organisation)
        elsewhere = member(Role.SOCIAL_WORKER)
        pages = {}
        for user in (first, second, elsewhere):
            client = Client()
            verified_login(client, user)
            pages[user] = client.get(reverse("accounts:dashboard")).content.decode()
        assert len(calls) == 2
        assert f"Built for organisation {organisation.pk}" in pages[second]
        assert f"Built for organisation {organisation.pk}" not in pages[elsewhere]

    def test_unshared_providers_are_asked_on_every_request(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """The default (shared_seconds=0) keeps a card about the user's own work fresh."""
        monkeypatch.setattr(dashboard, "_REGISTERED", [])
        seen: list[int] = []
        dashboard_cards_register(
            roles={Role.SOCIAL_WORKER}, provider=lambda m: seen.append(1) or [Card(title="Mine", body="Yours")]
        )
        client, _ = _signed_in(Role.SOCIAL_WORKER)
        client.get(reverse("accounts:dashboard"))
        client.get(reverse("accounts:dashboard"))
        assert len(seen) == 2
