"""A signed-in user kept for a few seconds in the shared cache (Redis in production; the database cache on SQLite
here): changes through the application take effect on the next request, others within the period, and Django's
own checks (active account, session hash) still run against what is kept."""

import pickle
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
import time_machine
from django.contrib.auth import HASH_SESSION_KEY
from django.core.cache import cache
from django.db import connection
from django.test import Client, RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.backends import MembershipBackend
from accounts.models import Membership, Organisation, Role
from accounts.principal import principal_keep, principal_kept, principal_key
from accounts.services import membership_set
from tests.factories import member, organisation_for_role

SECONDS = 10
START = datetime(2026, 11, 30, 9, 0, tzinfo=UTC)
AUDIT_LOG = reverse("accounts:audit-log")


@pytest.fixture(autouse=True)
def keep_principals(settings: Any) -> None:
    settings.ACCOUNTS_PRINCIPAL_SECONDS = SECONDS


def _signed_in(role: str = Role.COORDINATOR) -> tuple[Client, Any]:
    user = member(role)
    cache.delete(principal_key(user.pk))  # a shared cache may outlive an earlier test's rows
    client = Client()
    client.force_login(user)
    assert client.get(AUDIT_LOG if role == Role.COORDINATOR else reverse("accounts:dashboard")).status_code == 200
    return client, user


def _identity_queries(client: Client, path: str) -> list[str]:
    with CaptureQueriesContext(connection) as queries:
        client.get(path)
    return [
        q["sql"]
        for q in queries.captured_queries
        if ('FROM "accounts_membership"' in q["sql"] or 'FROM "auth_user"' in q["sql"]) and "COUNT(" not in q["sql"]
    ]


@pytest.mark.django_db
class TestKeptPrincipal:
    def test_the_next_request_loads_no_user_or_membership(self) -> None:
        client, user = _signed_in()
        assert principal_kept(user.pk, SECONDS)[0] is not None
        assert _identity_queries(client, reverse("accounts:dashboard")) == []

    def test_it_is_loaded_again_once_the_period_is_over(self) -> None:
        with time_machine.travel(START, tick=False) as clock:
            client, user = _signed_in()
            clock.shift(timedelta(seconds=SECONDS))
            assert principal_kept(user.pk, SECONDS)[0] is None
            assert len(_identity_queries(client, reverse("accounts:dashboard"))) == 1

    def test_an_ended_membership_takes_effect_on_the_next_request(self) -> None:
        client, user = _signed_in()
        membership = Membership.objects.get(user=user)
        membership.is_active = False
        membership.save()
        assert client.get(AUDIT_LOG).status_code == 404

    def test_a_new_role_from_membership_set_takes_effect_on_the_next_request(self) -> None:
        """membership_set ends other memberships with an update, which sends no signal: it forgets the user itself."""
        client, user = _signed_in()
        membership_set(user=user, organisation=organisation_for_role(Role.ANALYST), role=Role.ANALYST)
        assert client.get(AUDIT_LOG).status_code == 404

    def test_a_closed_organisation_takes_effect_on_the_next_request(self) -> None:
        client, user = _signed_in()
        organisation = Organisation.objects.get(memberships__user=user)
        organisation.is_active = False
        organisation.save()
        assert client.get(AUDIT_LOG).status_code == 404

    def test_a_deactivated_account_is_signed_out_on_the_next_request(self) -> None:
        client, user = _signed_in()
        user.is_active = False
        user.save()
        assert client.get(reverse("accounts:dashboard")).status_code == 302

    def test_a_password_change_ends_the_session_on_the_next_request(self) -> None:
        client, user = _signed_in()
        user.set_password("a-completely-new-password")
        user.save()
        assert client.get(reverse("accounts:dashboard")).status_code == 302

    def test_a_change_behind_the_applications_back_takes_effect_within_the_period(self) -> None:
        """An UPDATE sends no signal: the kept user is used until the period is over, never longer."""
        with time_machine.travel(START, tick=False) as clock:
            client, user = _signed_in()
            Membership.objects.filter(user=user).update(is_active=False)
            assert client.get(AUDIT_LOG).status_code == 200
            clock.shift(timedelta(seconds=SECONDS))
            assert client.get(AUDIT_LOG).status_code == 404

    def test_a_kept_inactive_account_is_still_refused(self) -> None:
        """Whatever the cache holds, the backend refuses an inactive user."""
        client, user = _signed_in()
        entry = cache.get(principal_key(user.pk))
        entry["user"].is_active = False
        cache.set(principal_key(user.pk), entry, SECONDS)
        assert client.get(reverse("accounts:dashboard")).status_code == 302

    def test_an_entry_for_another_user_is_never_used(self) -> None:
        _, user = _signed_in()
        _, other = _signed_in()
        cache.set(principal_key(user.pk), cache.get(principal_key(other.pk)), SECONDS)
        assert principal_kept(user.pk, SECONDS)[0] is None

    def test_a_clock_set_back_does_not_stretch_the_period(self) -> None:
        with time_machine.travel(START, tick=False) as clock:
            _, user = _signed_in()
            clock.shift(timedelta(seconds=-60))
            assert principal_kept(user.pk, SECONDS)[0] is None


@pytest.mark.django_db
def test_nothing_is_kept_when_turned_off(settings: Any) -> None:
    settings.ACCOUNTS_PRINCIPAL_SECONDS = 0
    client, user = _signed_in()
    assert len(_identity_queries(client, reverse("accounts:dashboard"))) == 1


@pytest.mark.django_db
def test_an_unreadable_entry_is_loaded_from_the_database() -> None:
    client, user = _signed_in()
    cache.set(principal_key(user.pk), "not a kept user", SECONDS)
    assert client.get(AUDIT_LOG).status_code == 200
    assert principal_kept(user.pk, SECONDS)[0].pk == user.pk  # loaded and kept afresh


@pytest.mark.django_db
def test_a_cache_that_fails_to_answer_falls_back_to_the_database(monkeypatch: pytest.MonkeyPatch) -> None:
    client, user = _signed_in()

    def down(*args: Any, **kwargs: Any) -> None:
        raise ConnectionError("cache unavailable")

    from accounts import principal

    monkeypatch.setattr(principal.cache, "get", down)
    assert client.get(AUDIT_LOG).status_code == 200


def test_the_key_changes_with_the_kept_models_fields() -> None:
    """Entries pickled by a release with other fields are never read by this one."""
    from accounts import principal

    principal._fingerprint.cache_clear()
    assert principal_key(7) == f"principal:{principal._fingerprint()}:7"
    assert len(principal._fingerprint()) == 12


@pytest.mark.django_db
class TestWhatIsKept:
    def test_no_password_hash_is_kept(self) -> None:
        _, user = _signed_in()
        entry = cache.get(principal_key(user.pk))
        assert "password" not in entry["user"].__dict__
        assert "password" not in entry["user"]._active_membership.user.__dict__
        assert user.password.encode() not in pickle.dumps(entry)

    def test_saving_a_kept_user_leaves_the_password_alone(self) -> None:
        _, user = _signed_in()
        kept, _ = principal_kept(user.pk, SECONDS)
        kept.first_name = "Renamed"
        kept.save()
        user.refresh_from_db()
        assert user.first_name == "Renamed"
        assert user.check_password("correct-horse-battery")

    def test_changing_the_password_of_a_kept_user_keeps_that_session(self) -> None:
        """As a password-change view does: set, save, then update the session's hash from the same object."""
        client, user = _signed_in()
        kept, _ = principal_kept(user.pk, SECONDS)
        kept.set_password("a-new-long-password")
        kept.save()
        session = client.session
        session[HASH_SESSION_KEY] = kept.get_session_auth_hash()
        session.save()
        assert client.get(AUDIT_LOG).status_code == 200
        user.refresh_from_db()
        assert user.check_password("a-new-long-password")

    def test_a_copy_loaded_before_a_change_is_never_used_after_it(self) -> None:
        """A request reads the generation, loads old rows; a change commits; the request keeps its copy: void."""
        client, user = _signed_in()
        _, generation = principal_kept(user.pk, SECONDS)
        stale = MembershipBackend()._load(user.pk)
        membership = Membership.objects.get(user=user)
        membership.is_active = False
        membership.save()
        principal_keep(stale, SECONDS, generation)
        assert principal_kept(user.pk, SECONDS)[0] is None
        assert client.get(AUDIT_LOG).status_code == 404

    def test_a_cache_that_fails_to_forget_does_not_fail_the_save(self, monkeypatch: pytest.MonkeyPatch) -> None:
        _, user = _signed_in()

        def down(*args: Any, **kwargs: Any) -> None:
            raise ConnectionError("cache unavailable")

        from accounts import principal

        monkeypatch.setattr(principal.cache, "incr", down)
        monkeypatch.setattr(principal.cache, "add", down)
        user.first_name = "Saved anyway"
        user.save()


@pytest.mark.django_db
def test_wagtails_bulk_deactivation_takes_effect_on_the_next_request() -> None:
    """Wagtail marks users inactive with one UPDATE; its after_bulk_action hook forgets them."""
    from wagtail import hooks
    from wagtail.users.views.bulk_actions.set_active_state import SetActiveStateBulkAction

    from accounts.wagtail_hooks import forget_bulk_changed_users

    client, user = _signed_in()
    assert forget_bulk_changed_users in hooks.get_hooks("after_bulk_action")
    action = SetActiveStateBulkAction(RequestFactory().get("/"), type(user))
    SetActiveStateBulkAction.execute_action([user], mark_as_active=False)
    forget_bulk_changed_users(None, "set_active_state", [user], action)
    assert client.get(reverse("accounts:dashboard")).status_code == 302
