"""The second factor: set-up at first sign-in, codes, replay, recovery codes, step-up, sessions, passwords, lockout."""

import re
from datetime import timedelta
from io import StringIO

import pytest
import time_machine
from django.contrib.auth.models import Group
from django.core import mail
from django.core.management import CommandError, call_command
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts import two_factor
from accounts.models import AuditEvent, Role, UserSession
from tests.factories import member, verified_login

PASSWORD = "correct-horse-battery"
SIGN_IN = reverse("accounts:sign-in")
CODE = reverse("accounts:sign-in-code")
SET_UP = reverse("accounts:set-up-authenticator")
DASHBOARD = reverse("accounts:dashboard")


def _password(client: Client, username: str, password: str = PASSWORD, **extra: str) -> object:
    return client.post(SIGN_IN, {"username": username, "password": password}, **extra)


def _enrolled(role: str = Role.SOCIAL_WORKER) -> tuple[object, TOTPDevice]:
    user = member(role)
    device = TOTPDevice.objects.create(user=user, name="Phone", confirmed=True)
    return user, device


def _code(device: TOTPDevice) -> str:
    device.refresh_from_db()
    code, _ = two_factor.code_for_next_use(device, allow_next_step=True)
    return code


def _signed_in(client: Client) -> bool:
    return client.get(DASHBOARD).status_code == 200


@pytest.mark.django_db
class TestFirstSignIn:
    def test_a_new_account_sets_up_an_authenticator_then_sees_recovery_codes_once(self) -> None:
        user = member(Role.SOCIAL_WORKER)
        client = Client()
        response = _password(client, user.username)
        assert response["Location"] == SET_UP
        assert not _signed_in(client), "a password alone must not sign anyone in"
        page = client.get(SET_UP).content.decode()
        assert "<svg" in page and "QR code" in page
        written = re.search(r'id="setup-key"><code>([A-Z2-7 ]+)</code>', page)
        assert written, "the key is written out for people who cannot scan the QR code"
        key = client.session[two_factor.SETUP_KEY_SESSION]
        assert two_factor.key_written_out(key) == written.group(1)
        wrong = client.post(SET_UP, {"code": "000000" if two_factor.code_now(key) != "000000" else "111111"})
        assert wrong.status_code == 400 and b"The code is not right" in wrong.content
        response = client.post(SET_UP, {"code": two_factor.code_now(key)})
        assert response["Location"] == reverse("accounts:recovery-codes")
        codes_page = client.get(reverse("accounts:recovery-codes")).content.decode()
        assert len(re.findall(r"<li><code>\d{5} \d{5}</code></li>", codes_page)) == two_factor.RECOVERY_CODE_COUNT
        assert client.get(reverse("accounts:recovery-codes"))["Location"] == reverse("accounts:sign-in-methods")
        assert _signed_in(client)
        assert TOTPDevice.objects.get(user=user).confirmed
        assert AuditEvent.objects.filter(actor=user, action="auth.second_factor_added").exists()
        assert AuditEvent.objects.filter(actor=user, action="auth.sign_in", outcome="succeeded").exists()

    def test_the_set_up_page_needs_the_password_step_first(self) -> None:
        assert Client().get(SET_UP)["Location"] == SIGN_IN


@pytest.mark.django_db
class TestCodes:
    def test_password_then_code_signs_in_and_keeps_next(self) -> None:
        user, device = _enrolled()
        client = Client()
        response = client.post(
            f"{SIGN_IN}?next=/referrals/", {"username": user.username, "password": PASSWORD, "next": "/referrals/"}
        )
        assert response["Location"] == CODE
        assert not _signed_in(client)
        response = client.post(CODE, {"code": _code(device)})
        assert response["Location"] == "/referrals/"
        assert _signed_in(client)

    def test_next_cannot_leave_the_site(self) -> None:
        user, device = _enrolled()
        client = Client()
        client.post(SIGN_IN, {"username": user.username, "password": PASSWORD, "next": "https://evil.example/"})
        assert client.post(CODE, {"code": _code(device)})["Location"] == DASHBOARD

    def test_a_code_cannot_be_used_twice(self) -> None:
        user, device = _enrolled()
        first = Client()
        _password(first, user.username)
        code = _code(device)
        first.post(CODE, {"code": code})
        assert _signed_in(first)
        second = Client()
        _password(second, user.username)
        response = second.post(CODE, {"code": code})
        assert response.status_code == 400
        assert b"The code is not right or has been used" in response.content
        assert not _signed_in(second)
        assert AuditEvent.objects.filter(action="auth.second_factor", outcome="failed").exists()

    def test_recovery_codes_work_once_each(self) -> None:
        user, _ = _enrolled()
        codes = two_factor.recovery_codes_issue(user=user)
        first = Client()
        _password(first, user.username)
        assert first.post(CODE, {"code": codes[0]})["Location"] == DASHBOARD
        assert StaticToken.objects.filter(device__user=user).count() == two_factor.RECOVERY_CODE_COUNT - 1
        second = Client()
        _password(second, user.username)
        assert second.post(CODE, {"code": codes[0]}).status_code == 400
        with time_machine.travel(timezone.now() + timedelta(seconds=5)):  # past django-otp's throttle after a miss
            assert second.post(CODE, {"code": codes[1]})["Location"] == DASHBOARD

    def test_wrong_codes_are_throttled(self) -> None:
        user, device = _enrolled()
        client = Client()
        _password(client, user.username)
        client.post(CODE, {"code": "12345"})
        response = client.post(CODE, {"code": _code(device)})
        assert b"too many wrong codes" in response.content
        assert not _signed_in(client)

    def test_the_password_step_expires(self) -> None:
        user, device = _enrolled()
        client = Client()
        _password(client, user.username)
        with time_machine.travel(timezone.now() + timedelta(seconds=two_factor.PENDING_SECONDS + 5)):
            assert client.post(CODE, {"code": _code(device)})["Location"] == SIGN_IN
        assert not _signed_in(client)

    def test_a_session_signed_in_without_a_second_factor_is_ended_and_audited(self) -> None:
        user = member(Role.COORDINATOR)
        client = Client()
        client.force_login(user)
        response = client.get(DASHBOARD)
        assert response.status_code == 302 and response["Location"].startswith(SIGN_IN)
        assert AuditEvent.objects.filter(actor=user, action="auth.unverified_session_ended").exists()


@pytest.mark.django_db
class TestStepUp:
    def test_a_decision_more_than_15_minutes_after_the_last_code_asks_again(self) -> None:
        user, device = _enrolled(Role.COORDINATOR)
        client = Client()
        _password(client, user.username)
        client.post(CODE, {"code": _code(device)})
        change = reverse("accounts:password-change")
        assert client.get(change).status_code == 200
        with time_machine.travel(timezone.now() + timedelta(minutes=16)):
            response = client.get(change)
            confirm = reverse("accounts:confirm-identity")
            assert response["Location"] == f"{confirm}?next=%2Faccount%2Fpassword%2F"
            assert client.post(confirm, {"code": "999999", "next": change}).status_code == 400
            assert client.get(change).status_code == 302
        with time_machine.travel(timezone.now() + timedelta(minutes=17)):
            assert client.post(confirm, {"code": _code(device), "next": change})["Location"] == change
            assert client.get(change).status_code == 200
        assert AuditEvent.objects.filter(actor=user, action="auth.step_up", outcome="succeeded").exists()


@pytest.mark.django_db
class TestSessions:
    def test_sessions_end_after_the_absolute_lifetime_however_active(self) -> None:
        user = member(Role.COORDINATOR)
        client = Client()
        verified_login(client, user)
        for minutes in range(0, 10 * 60, 25):
            with time_machine.travel(timezone.now() + timedelta(minutes=minutes)):
                assert _signed_in(client)
        with time_machine.travel(timezone.now() + timedelta(hours=10, minutes=1)):
            assert not _signed_in(client)
        assert AuditEvent.objects.filter(actor=user, action="auth.absolute_timeout").exists()

    def test_sign_out_everywhere_else(self) -> None:
        user = member(Role.COORDINATOR)
        here, elsewhere = Client(), Client()
        verified_login(here, user)
        verified_login(elsewhere, user)
        page = here.get(reverse("accounts:sessions")).content.decode()
        assert page.count('<tr class="govuk-table__row"><td') == 2 and "This session" in page
        here.post(reverse("accounts:sessions"))
        assert _signed_in(here)
        assert not _signed_in(elsewhere)
        assert UserSession.objects.filter(user=user).count() == 1


@pytest.mark.django_db
class TestPasswords:
    def test_changing_the_password_ends_other_sessions_tells_the_holder_and_is_audited(self) -> None:
        user = member(Role.SOCIAL_WORKER)
        here, elsewhere = Client(), Client()
        verified_login(here, user)
        verified_login(elsewhere, user)
        url = reverse("accounts:password-change")
        weak = here.post(
            url, {"old_password": PASSWORD, "new_password1": "aaaaaaaaaaaa", "new_password2": "aaaaaaaaaaaa"}
        )
        assert weak.status_code == 400 and b"too easy to guess" in weak.content
        common = here.post(
            url, {"old_password": PASSWORD, "new_password1": "password1234", "new_password2": "password1234"}
        )
        assert b"too common" in common.content
        short = here.post(
            url, {"old_password": PASSWORD, "new_password1": "Tr0ub4dor&3", "new_password2": "Tr0ub4dor&3"}
        )
        assert b"at least 12 characters" in short.content
        new = "plum kettle lantern river"
        response = here.post(url, {"old_password": PASSWORD, "new_password1": new, "new_password2": new})
        assert response.status_code == 302
        assert _signed_in(here) and not _signed_in(elsewhere)
        assert [m.subject for m in mail.outbox] == ["Secure welfare referrals: your password was changed"]
        assert AuditEvent.objects.filter(actor=user, action="auth.password_changed").exists()

    def test_reset_link_works_once_for_an_hour_and_still_needs_the_second_factor(self) -> None:
        user, device = _enrolled()
        client = Client()
        client.post(reverse("accounts:password-reset"), {"email": user.email})
        link = re.search(r"http://testserver(/account/password-reset/\S+/)", mail.outbox[0].body).group(1)
        new = "plum kettle lantern river"
        with time_machine.travel(timezone.now() + timedelta(minutes=61)):
            assert b"has expired or has already been used" in client.get(link, follow=True).content
        response = client.get(link, follow=True)
        form_url = response.request["PATH_INFO"]
        client.post(form_url, {"new_password1": new, "new_password2": new})
        assert b"has expired or has already been used" in Client().get(link, follow=True).content
        assert "your password was reset" in mail.outbox[-1].subject
        assert _password(client, user.username, new)["Location"] == CODE
        assert not _signed_in(client)
        assert AuditEvent.objects.filter(action="auth.password_reset", object_id=str(user.pk)).exists()

    def test_wagtail_password_reset_is_switched_off(self) -> None:
        assert Client().get("/admin/password_reset/").status_code == 404


@pytest.mark.django_db
class TestLockout:
    def test_an_account_locked_from_one_address_is_locked_from_every_address(self) -> None:
        user, _ = _enrolled()
        for _ in range(5):
            _password(Client(), user.username, "wrong-password-here", REMOTE_ADDR="10.0.0.1")
        assert _password(Client(), user.username, REMOTE_ADDR="10.0.0.2").status_code == 429
        assert [m.subject for m in mail.outbox] == [
            "Secure welfare referrals: your account has been locked after failed sign-in attempts"
        ]
        assert AuditEvent.objects.filter(action="auth.locked_out", object_id=str(user.pk)).exists()

    def test_one_address_guessing_many_accounts_is_locked(self) -> None:
        others = [member(Role.SOCIAL_WORKER) for _ in range(5)]
        for other in others:
            _password(Client(), other.username, "wrong-password-here", REMOTE_ADDR="10.0.0.9")
        fresh, _ = _enrolled()
        assert _password(Client(), fresh.username, REMOTE_ADDR="10.0.0.9").status_code == 429
        assert _password(Client(), fresh.username, REMOTE_ADDR="10.0.0.10").status_code == 302

    @override_settings(AXES_IPWARE_META_PRECEDENCE_ORDER=("HTTP_X_REAL_IP",))
    def test_behind_a_proxy_the_trusted_header_names_the_client(self) -> None:
        from axes.conf import settings as axes_settings

        assert axes_settings.AXES_IPWARE_META_PRECEDENCE_ORDER == ("HTTP_X_REAL_IP",)
        others = [member(Role.SOCIAL_WORKER) for _ in range(5)]
        for other in others:
            _password(Client(), other.username, "bad-password-x", REMOTE_ADDR="10.9.9.9", HTTP_X_REAL_IP="192.0.2.1")
        fresh, _ = _enrolled()
        blocked = _password(Client(), fresh.username, REMOTE_ADDR="10.9.9.9", HTTP_X_REAL_IP="192.0.2.1")
        allowed = _password(Client(), fresh.username, REMOTE_ADDR="10.9.9.9", HTTP_X_REAL_IP="192.0.2.2")
        assert (blocked.status_code, allowed.status_code) == (429, 302)


@pytest.mark.django_db
class TestDemoCode:
    @pytest.mark.parametrize("email", ["coordinator@swcu.example", "manager@clare-lodge.example"])
    def test_demo_code_prints_a_code_that_signs_a_demo_login_in(self, email: str) -> None:
        """Any demo login: one of each role's, or any home's registered manager."""
        call_command("seed_demo", "--quiet-logins")
        out = StringIO()
        call_command("demo_code", email, stdout=out)
        client = Client()
        from demo.people import DEMO_PASSWORD

        _password(client, email, DEMO_PASSWORD)
        assert client.post(CODE, {"code": out.getvalue().strip()})["Location"] == DASHBOARD

    @override_settings(DEMO_DATA_ALLOWED=False)
    def test_demo_code_refuses_where_demo_data_is_not_allowed(self) -> None:
        with pytest.raises(CommandError, match="Demo data is switched off"):
            call_command("demo_code", "coordinator@swcu.example")


@pytest.mark.django_db
class TestStepUpOnDecisions:
    """Confirming a placement, downloading an export and publishing a form version or pack template each ask for a
    code again once 15 minutes have passed since the last one."""

    @pytest.mark.parametrize(
        ("role", "method", "url_name", "args"),
        [
            (Role.HOME_MANAGER, "get", "circulation:confirm", [1]),
            (Role.HOME_MANAGER, "post", "circulation:confirm", [1]),
            (Role.ANALYST, "get", "outcome_reports:download", ["csv"]),
            (Role.EDITOR, "post", "forms_engine_admin:version-publish", [1]),
            (Role.EDITOR, "post", "forms_engine_admin:pack-templates", [1]),
        ],
    )
    def test_stale_second_factor_is_asked_for_again(self, role: str, method: str, url_name: str, args: list) -> None:
        client = Client()
        user = member(role)
        user.groups.add(Group.objects.get(name="Editors"))  # Wagtail's admin-access permission, for the admin pages
        verified_login(client, user)
        url = reverse(url_name, args=args)
        with time_machine.travel(timezone.now() + timedelta(minutes=16)):
            response = getattr(client, method)(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("accounts:confirm-identity"))

    def test_the_pack_templates_page_itself_needs_no_step_up(self) -> None:
        client = Client()
        user = member(Role.EDITOR)
        user.groups.add(Group.objects.get(name="Editors"))
        verified_login(client, user)
        with time_machine.travel(timezone.now() + timedelta(minutes=16)):
            response = client.get(reverse("forms_engine_admin:pack-templates", args=[1]))
        assert response.status_code == 404  # no such version: the page's own audited 404, not the step-up


def test_wagtails_restricted_page_login_leads_to_the_services_two_step_sign_in() -> None:
    response = Client().get("/_util/login/?next=/members-only/")
    assert response.status_code == 302
    assert response["Location"] == f"{SIGN_IN}?next=/members-only/"


@pytest.mark.django_db
def test_adding_an_authenticator_ends_the_other_sessions_and_tells_the_holder() -> None:
    user, device = _enrolled()
    here, elsewhere = Client(), Client()
    for client in (here, elsewhere):
        _password(client, user.username)
        client.post(CODE, {"code": _code(device)})
    here.get(SET_UP)
    key = here.session[two_factor.SETUP_KEY_SESSION]
    here.post(SET_UP, {"code": two_factor.code_now(key)})
    assert _signed_in(here) and not _signed_in(elsewhere)
    assert "an authenticator app was added" in mail.outbox[-1].subject
