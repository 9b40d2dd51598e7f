"""User administration in the service: who may administer whom, invitations, roles, switch-off, unlock and the reset
of a lost second factor — each audited and each behind step-up."""

import re
from datetime import timedelta

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import AuditEvent, Membership, Organisation, Role
from tests.factories import OrganisationFactory, member, verified_login
from tests.pages import comparable

PASSWORD = "correct-horse-battery"
NEW_PASSWORD = "plum kettle lantern river"


def _admin(role: str, organisation: Organisation | None = None) -> tuple[Client, object]:
    user = member(role, organisation)
    Membership.objects.filter(user=user).update(is_user_admin=True)
    client = Client()
    verified_login(client, user)
    return client, user


def _organisation_of(user: object) -> Organisation:
    return Membership.objects.get(user=user, is_active=True).organisation


@pytest.mark.django_db
class TestWhoAdministersWhom:
    def test_a_local_authority_administrator_sees_only_their_own_authority(self) -> None:
        client, admin = _admin(Role.SANCTIONING_OFFICER)
        colleague = member(Role.SOCIAL_WORKER, _organisation_of(admin))
        elsewhere = member(Role.SOCIAL_WORKER)
        page = client.get(reverse("accounts:user-list")).content.decode()
        assert colleague.email in page and elsewhere.email not in page and admin.email not in page
        assert client.get(reverse("accounts:user-detail", args=[colleague.pk])).status_code == 200
        refused = client.get(reverse("accounts:user-detail", args=[elsewhere.pk]))
        missing = client.get(reverse("accounts:user-detail", args=[999999]))
        assert refused.status_code == missing.status_code == 404
        assert comparable(refused.content) == comparable(missing.content)
        assert AuditEvent.objects.filter(actor=admin, outcome="denied", object_id=str(elsewhere.pk)).exists()

    def test_the_units_administrator_looks_after_homes_and_authorities_but_not_san(self) -> None:
        client, _ = _admin(Role.COORDINATOR)
        manager, worker, editor = member(Role.HOME_MANAGER), member(Role.SOCIAL_WORKER), member(Role.EDITOR)
        page = client.get(reverse("accounts:user-list")).content.decode()
        assert manager.email in page and worker.email in page and editor.email not in page

    def test_members_who_are_not_administrators_get_a_404(self) -> None:
        client = Client()
        verified_login(client, member(Role.COORDINATOR))
        assert client.get(reverse("accounts:user-list")).status_code == 404

    def test_nobody_administers_their_own_account(self) -> None:
        client, admin = _admin(Role.COORDINATOR)
        assert client.post(reverse("accounts:user-action", args=[admin.pk, "deactivate"])).status_code == 404
        admin.refresh_from_db()
        assert admin.is_active


@pytest.mark.django_db
class TestInvitations:
    def _invite(self, client: Client, organisation: Organisation, **overrides: str) -> object:
        data = {
            "organisation": organisation.pk,
            "first_name": "Ada",
            "last_name": "Lovelace",
            "email": "ada.lovelace@hampshire.example",
            "role": Role.SOCIAL_WORKER,
            "job_title": "Social worker",
        } | overrides
        return client.post(reverse("accounts:user-invite"), data)

    def test_an_invitation_lets_the_new_holder_choose_a_password_once_then_set_up_a_second_factor(self) -> None:
        client, admin = _admin(Role.SANCTIONING_OFFICER)
        authority = _organisation_of(admin)
        response = self._invite(client, authority)
        assert response.status_code == 302
        user = get_user_model().objects.get(username="ada.lovelace@hampshire.example")
        assert not user.has_usable_password()
        assert Membership.objects.get(user=user, is_active=True).organisation == authority
        link = re.search(r"http://testserver(/account/invitation/\S+/)", mail.outbox[-1].body).group(1)
        visitor = Client()
        weak = visitor.post(link, {"new_password1": "aaaaaaaaaaaa", "new_password2": "aaaaaaaaaaaa"})
        assert weak.status_code == 400 and b"too easy to guess" in weak.content
        assert visitor.post(link, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}).status_code == 302
        again = Client().get(link)
        assert again.status_code == 404 and b"This link does not work" in again.content
        signing_in = visitor.post(reverse("accounts:sign-in"), {"username": user.username, "password": NEW_PASSWORD})
        assert signing_in["Location"] == reverse("accounts:set-up-authenticator")
        assert AuditEvent.objects.filter(actor=admin, action="users.invited", object_id=str(user.pk)).exists()
        assert AuditEvent.objects.filter(action="users.invitation_accepted", object_id=str(user.pk)).exists()

    def test_an_invitation_expires_after_24_hours(self) -> None:
        client, admin = _admin(Role.SANCTIONING_OFFICER)
        self._invite(client, _organisation_of(admin))
        link = re.search(r"http://testserver(/account/invitation/\S+/)", mail.outbox[-1].body).group(1)
        with time_machine.travel(timezone.now() + timedelta(hours=24, minutes=1)):
            assert Client().get(link).status_code == 404

    def test_errors_name_the_field(self) -> None:
        client, admin = _admin(Role.COORDINATOR)
        home = OrganisationFactory(kind=Organisation.Kind.SECURE_HOME)
        response = self._invite(client, home, role=Role.SOCIAL_WORKER, email="not-an-address")
        page = response.content.decode()
        assert response.status_code == 400
        assert "Select a role that this kind of organisation holds" in page
        assert "Enter an email address in the correct format" in page
        existing = member(Role.HOME_MANAGER, home)
        duplicate = self._invite(client, home, role=Role.HOME_MANAGER, email=existing.email.upper())
        assert b"An account with this email address already exists" in duplicate.content


@pytest.mark.django_db
class TestAccountActions:
    def test_switching_an_account_off_ends_its_sessions(self) -> None:
        client, admin = _admin(Role.COORDINATOR)
        worker = member(Role.SOCIAL_WORKER)
        theirs = Client()
        verified_login(theirs, worker)
        client.post(reverse("accounts:user-action", args=[worker.pk, "deactivate"]))
        assert theirs.get(reverse("accounts:dashboard")).status_code == 302
        worker.refresh_from_db()
        assert not worker.is_active
        assert AuditEvent.objects.filter(actor=admin, action="users.deactivated", object_id=str(worker.pk)).exists()
        client.post(reverse("accounts:user-action", args=[worker.pk, "reactivate"]))
        worker.refresh_from_db()
        assert worker.is_active

    def test_an_administrator_unlocks_a_locked_account(self) -> None:
        client, admin = _admin(Role.COORDINATOR)
        worker = member(Role.SOCIAL_WORKER)
        for _ in range(5):
            Client().post(reverse("accounts:sign-in"), {"username": worker.username, "password": "wrong-one-here"})
        signing_in = {"username": worker.username, "password": PASSWORD}
        assert Client().post(reverse("accounts:sign-in"), signing_in).status_code == 429
        assert (
            b"Locked after failed sign-in attempts"
            in client.get(reverse("accounts:user-detail", args=[worker.pk])).content
        )
        client.post(reverse("accounts:user-action", args=[worker.pk, "unlock"]))
        assert Client().post(reverse("accounts:sign-in"), signing_in).status_code == 302
        assert AuditEvent.objects.filter(actor=admin, action="users.unlocked").exists()

    def test_a_lost_second_factor_is_reset_only_after_the_identity_check(self) -> None:
        client, admin = _admin(Role.COORDINATOR)
        worker = member(Role.HOME_MANAGER)
        TOTPDevice.objects.create(user=worker, name="Phone", confirmed=True)
        url = reverse("accounts:user-reset-2fa", args=[worker.pk])
        unchecked = client.post(url, {})
        assert unchecked.status_code == 400 and b"Confirm that you have checked who is asking" in unchecked.content
        assert TOTPDevice.objects.filter(user=worker).exists()
        client.post(url, {"identity_checked": "on"})
        assert not TOTPDevice.objects.filter(user=worker).exists()
        assert "reset by an administrator" in mail.outbox[-1].subject
        signing_in = Client().post(reverse("accounts:sign-in"), {"username": worker.username, "password": PASSWORD})
        assert signing_in["Location"] == reverse("accounts:set-up-authenticator")
        assert AuditEvent.objects.filter(actor=admin, action="auth.second_factor_reset").exists()

    def test_changing_a_role_is_limited_to_the_organisations_roles_and_audited(self) -> None:
        client, admin = _admin(Role.SANCTIONING_OFFICER)
        worker = member(Role.SOCIAL_WORKER, _organisation_of(admin))
        url = reverse("accounts:user-role", args=[worker.pk])
        refused = client.post(url, {"role": Role.COORDINATOR})
        assert refused.status_code == 400 and b"Select their role" in refused.content
        client.post(url, {"role": Role.LEAVING_CARE_WORKER, "job_title": "Personal adviser"})
        assert Membership.objects.get(user=worker, is_active=True).role == Role.LEAVING_CARE_WORKER
        assert AuditEvent.objects.filter(actor=admin, action="users.role_changed").exists()

    @pytest.mark.parametrize("action", ["deactivate", "unlock"])
    def test_every_change_needs_a_recent_second_factor(self, action: str) -> None:
        client, _ = _admin(Role.COORDINATOR)
        worker = member(Role.SOCIAL_WORKER)
        with time_machine.travel(timezone.now() + timedelta(minutes=16)):
            response = client.post(reverse("accounts:user-action", args=[worker.pk, action]))
        assert response["Location"].startswith(reverse("accounts:confirm-identity"))
        worker.refresh_from_db()
        assert worker.is_active
