"""Passkeys and security keys (accounts.passkeys): adding one, using one at the code step and on "Confirm it is you",
removing one, and who may start a ceremony at all.

The browser's part is played by `SoftAuthenticator`, which makes the same attestation ("none") and assertions a
platform authenticator does, signed with its own P-256 key, so django-otp-webauthn and py_webauthn check them for
real. tests/browser/test_passkeys.py does the same journeys with Chromium's virtual authenticator.
"""

import hashlib
import json
import re
import secrets
import time
from base64 import urlsafe_b64encode
from typing import Any

import cbor2
import pytest
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from django.core import mail
from django.test import Client, override_settings
from django.urls import reverse
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp_webauthn.models import WebAuthnCredential

from accounts import passkeys, two_factor
from accounts.models import AuditEvent, Role
from tests.factories import member, verified_login

PASSWORD = "correct-horse-battery"
RP_ID = "testserver"
ORIGIN = "http://testserver"
SIGN_IN = reverse("accounts:sign-in")
CODE = reverse("accounts:sign-in-code")
DASHBOARD = reverse("accounts:dashboard")
METHODS = reverse("accounts:sign-in-methods")
CONFIRM = reverse("accounts:confirm-identity")
REGISTER_BEGIN = reverse("accounts:otp_webauthn:credential-registration-begin")
REGISTER_COMPLETE = reverse("accounts:otp_webauthn:credential-registration-complete")
AUTH_BEGIN = reverse("accounts:otp_webauthn:credential-authentication-begin")
AUTH_COMPLETE = reverse("accounts:otp_webauthn:credential-authentication-complete")

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.usefixtures("relying_party"),
]


@pytest.fixture
def relying_party() -> Any:
    """The test client's origin as the relying party (django-otp-webauthn reads these settings on each request)."""
    with override_settings(OTP_WEBAUTHN_RP_ID=RP_ID, OTP_WEBAUTHN_ALLOWED_ORIGINS=[ORIGIN]):
        yield


def _b64(data: bytes) -> str:
    return urlsafe_b64encode(data).decode("ascii").rstrip("=")


class SoftAuthenticator:
    """A passkey in software: one P-256 credential, answering registration and authentication options."""

    def __init__(self, rp_id: str = RP_ID, origin: str = ORIGIN) -> None:
        self.rp_id, self.origin = rp_id, origin
        self.key = ec.generate_private_key(ec.SECP256R1())
        self.credential_id = secrets.token_bytes(32)
        self.sign_count = 0

    def cose_public_key(self) -> bytes:
        numbers = self.key.public_key().public_numbers()
        return cbor2.dumps({1: 2, 3: -7, -1: 1, -2: numbers.x.to_bytes(32, "big"), -3: numbers.y.to_bytes(32, "big")})

    def _authenticator_data(self, flags: int, attested: bytes = b"") -> bytes:
        self.sign_count += 1
        rp_hash = hashlib.sha256(self.rp_id.encode()).digest()
        return rp_hash + bytes([flags]) + self.sign_count.to_bytes(4, "big") + attested

    def _client_data(self, kind: str, challenge: str) -> bytes:
        return json.dumps({"type": kind, "challenge": challenge, "origin": self.origin, "crossOrigin": False}).encode()

    def create(self, options: dict[str, Any]) -> dict[str, Any]:
        """navigator.credentials.create(): user present and verified, attested credential data, fmt "none"."""
        attested = bytes(16) + len(self.credential_id).to_bytes(2, "big") + self.credential_id + self.cose_public_key()
        attestation = cbor2.dumps({"fmt": "none", "attStmt": {}, "authData": self._authenticator_data(0x45, attested)})
        return {
            "id": _b64(self.credential_id),
            "rawId": _b64(self.credential_id),
            "type": "public-key",
            "authenticatorAttachment": "platform",
            "response": {
                "clientDataJSON": _b64(self._client_data("webauthn.create", options["challenge"])),
                "attestationObject": _b64(attestation),
                "transports": ["internal"],
            },
            "clientExtensionResults": {"credProps": {"rk": True}},
        }

    def get(self, options: dict[str, Any]) -> dict[str, Any]:
        """navigator.credentials.get(): a signature over the authenticator data and the client data's hash."""
        client_data = self._client_data("webauthn.get", options["challenge"])
        authenticator_data = self._authenticator_data(0x05)
        signed = authenticator_data + hashlib.sha256(client_data).digest()
        return {
            "id": _b64(self.credential_id),
            "rawId": _b64(self.credential_id),
            "type": "public-key",
            "authenticatorAttachment": "platform",
            "response": {
                "clientDataJSON": _b64(client_data),
                "authenticatorData": _b64(authenticator_data),
                "signature": _b64(self.key.sign(signed, ec.ECDSA(hashes.SHA256()))),
                "userHandle": None,
            },
            "clientExtensionResults": {},
        }

    def saved_for(self, user: Any) -> WebAuthnCredential:
        """The credential as registration would have saved it."""
        return WebAuthnCredential.objects.create(
            user=user,
            name=two_factor.PASSKEY_NAME,
            credential_id=self.credential_id,
            public_key=self.cose_public_key(),
            aaguid="00000000-0000-0000-0000-000000000000",
            transports=["internal"],
            confirmed=True,
        )


def _post_json(client: Client, url: str, payload: dict[str, Any] | None = None) -> Any:
    if payload is None:
        return client.post(url)
    return client.post(url, data=json.dumps(payload), content_type="application/json")


def _password(client: Client, user: Any, next_url: str = "") -> Any:
    url = f"{SIGN_IN}?next={next_url}" if next_url else SIGN_IN
    return client.post(url, {"username": user.username, "password": PASSWORD})


def _passkey_only(role: str = Role.SOCIAL_WORKER) -> tuple[Any, SoftAuthenticator, WebAuthnCredential]:
    user = member(role)
    authenticator = SoftAuthenticator()
    device = authenticator.saved_for(user)
    two_factor.recovery_codes_issue(user=user)
    return user, authenticator, device


def _signed_in_with(client: Client, user: Any, device: Any, *, verified_at: int | None = None) -> None:
    """A session as the code step leaves it, verified with this device (`verified_login` would add an authenticator)."""
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session[two_factor.VERIFIED_AT_KEY] = int(time.time()) if verified_at is None else verified_at
    session.save()


def _signed_in(client: Client) -> bool:
    return client.get(DASHBOARD).status_code == 200


class TestAddingAPasskey:
    def test_a_signed_in_person_adds_one_from_their_sign_in_methods(self) -> None:
        user: Any = member(Role.SOCIAL_WORKER)
        client = Client()
        verified_login(client, user)
        page = client.get(METHODS).content.decode()
        assert 'id="passkey-registration-available-template"' in page
        assert 'id="otp_webauthn_config"' in page and REGISTER_BEGIN in page
        assert "django_otp_webauthn/otp_webauthn_register.js" in page
        inline = [tag for tag in re.findall(r"<script\b[^>]*>", page) if "src=" not in tag]
        assert all('type="application/json"' in tag or "nonce=" in tag for tag in inline), inline

        options = _post_json(client, REGISTER_BEGIN)
        assert options.status_code == 200
        data = options.json()
        assert data["rp"] == {"name": "Secure welfare referrals", "id": RP_ID}
        assert data["user"]["name"] == user.username
        authenticator = SoftAuthenticator()
        done = _post_json(client, REGISTER_COMPLETE, authenticator.create(data))
        assert done.status_code == 200, done.content
        device = WebAuthnCredential.objects.get(user=user)
        assert done.json()["id"] == device.pk
        assert device.name == two_factor.PASSKEY_NAME and device.confirmed and device.discoverable
        assert AuditEvent.objects.filter(actor=user, action="auth.second_factor_added", outcome="succeeded").exists()
        assert [message.subject for message in mail.outbox] == [
            f"Secure welfare referrals: {passkeys.PASSKEY_ADDED.lower()}"
        ]
        page = client.get(METHODS).content.decode()
        assert "Your passkey or security key has been added" in page
        assert two_factor.PASSKEY_NAME in page and reverse("accounts:passkey-remove", args=[device.pk]) in page

    def test_adding_one_needs_a_recent_second_factor_check(self) -> None:
        user: Any = member(Role.SOCIAL_WORKER)
        client = Client()
        verified_login(client, user)
        session = client.session
        session[two_factor.VERIFIED_AT_KEY] = int(time.time()) - 3600
        session.save()
        page = client.get(METHODS).content.decode()
        assert "passkey-register-button" not in page
        assert f'href="{CONFIRM}?next=%2Faccount%2Fsign-in-methods%2F"' in page
        refused = _post_json(client, REGISTER_BEGIN)
        assert refused.status_code == 403 and refused.json()["code"] == "step_up_required"

    def test_nobody_signed_in_cannot_add_one(self) -> None:
        user: Any = member(Role.SOCIAL_WORKER)
        client = Client()
        assert _post_json(client, REGISTER_BEGIN).status_code == 403
        _password(client, user)  # a password alone is not enough either
        assert _post_json(client, REGISTER_BEGIN).status_code == 403
        assert not WebAuthnCredential.objects.exists()

    def test_a_made_up_registration_is_refused(self) -> None:
        user: Any = member(Role.SOCIAL_WORKER)
        client = Client()
        verified_login(client, user)
        data = _post_json(client, REGISTER_BEGIN).json()
        answer = SoftAuthenticator(origin="https://elsewhere.example").create(data)
        assert _post_json(client, REGISTER_COMPLETE, answer).status_code == 422
        assert not WebAuthnCredential.objects.exists()
        assert not AuditEvent.objects.filter(action="auth.second_factor_added").exists()


class TestSigningInWithAPasskey:
    def test_a_passkey_only_account_goes_to_the_code_page_which_offers_the_passkey_and_recovery_codes(self) -> None:
        user, _, _ = _passkey_only()
        assert two_factor.has_second_factor(user)
        client = Client()
        assert _password(client, user)["Location"] == CODE
        page = client.get(CODE).content.decode()
        assert '<h1 class="govuk-heading-l">Use your passkey or security key</h1>' in page
        assert 'id="passkey-verification-button"' in page and "otp_webauthn_auth.js" in page
        assert "Recovery code" in page and "I cannot use my passkey or security key" in page
        assert "Enter the code from your authenticator app" not in page

    def test_the_code_page_offers_a_passkey_beside_the_authenticator_app(self) -> None:
        user, _, _ = _passkey_only()
        TOTPDevice.objects.create(user=user, name="Phone", confirmed=True)
        client = Client()
        _password(client, user)
        page = client.get(CODE).content.decode()
        assert "Enter the code from your authenticator app" in page
        assert "Or use a passkey or security key" in page and "govuk-button--secondary" in page

    def test_the_code_page_of_an_account_without_a_passkey_has_no_passkey_button(self) -> None:
        user: Any = member(Role.SOCIAL_WORKER)
        TOTPDevice.objects.create(user=user, name="Phone", confirmed=True)
        client = Client()
        _password(client, user)
        page = client.get(CODE).content.decode()
        assert "passkey" not in page.lower()

    def test_begin_names_the_pending_persons_credentials(self) -> None:
        user, authenticator, _ = _passkey_only()
        client = Client()
        _password(client, user)
        options = _post_json(client, AUTH_BEGIN)
        assert options.status_code == 200
        data = options.json()
        assert [credential["id"] for credential in data["allowCredentials"]] == [_b64(authenticator.credential_id)]
        assert data["rpId"] == RP_ID and data["userVerification"] == "discouraged"

    def test_the_passkey_signs_the_person_in_as_a_code_does_and_goes_where_they_were_going(self) -> None:
        user, authenticator, device = _passkey_only()
        client = Client()
        _password(client, user, next_url="/account/sessions/")
        assert not _signed_in(client)
        options = _post_json(client, AUTH_BEGIN).json()
        done = _post_json(client, AUTH_COMPLETE, authenticator.get(options))
        assert done.status_code == 200, done.content
        assert done.json() == {"id": device.pk, "redirect_url": "/account/sessions/"}
        assert client.session[DEVICE_ID_SESSION_KEY] == device.persistent_id
        assert isinstance(client.session[two_factor.VERIFIED_AT_KEY], int)
        assert two_factor.PENDING_KEY not in client.session
        assert _signed_in(client)
        assert AuditEvent.objects.filter(actor=user, action="auth.sign_in", outcome="succeeded").exists()
        device.refresh_from_db()
        assert device.last_used_at is not None and device.sign_count == authenticator.sign_count

    def test_a_next_given_to_the_complete_step_is_ignored(self) -> None:
        user, authenticator, _ = _passkey_only()
        client = Client()
        _password(client, user)
        options = _post_json(client, AUTH_BEGIN).json()
        done = _post_json(client, f"{AUTH_COMPLETE}?next=/account/audit/", authenticator.get(options))
        assert done.json()["redirect_url"] == DASHBOARD

    def test_a_pending_person_without_a_passkey_gets_no_challenge(self) -> None:
        user: Any = member(Role.SOCIAL_WORKER)
        TOTPDevice.objects.create(user=user, name="Phone", confirmed=True)
        client = Client()
        _password(client, user)
        refused = _post_json(client, AUTH_BEGIN)
        assert refused.status_code == 404 and refused.json()["code"] == "no_passkey"

    def test_without_a_password_step_there_is_no_challenge(self) -> None:
        _passkey_only()
        for url in (AUTH_BEGIN, AUTH_COMPLETE):
            refused = _post_json(Client(), url)
            assert refused.status_code == 403 and refused.json()["code"] == "not_authenticated"

    def test_a_password_step_that_is_too_old_gives_no_challenge(self) -> None:
        user, _, _ = _passkey_only()
        client = Client()
        _password(client, user)
        session = client.session
        session[two_factor.PENDING_KEY] = {**session[two_factor.PENDING_KEY], "at": int(time.time()) - 3600}
        session.save()
        assert _post_json(client, AUTH_BEGIN).status_code == 403

    def test_another_accounts_passkey_is_refused(self) -> None:
        user, _, _ = _passkey_only()
        _, someone_elses, _ = _passkey_only()
        client = Client()
        _password(client, user)
        options = _post_json(client, AUTH_BEGIN).json()
        refused = _post_json(client, AUTH_COMPLETE, someone_elses.get(options))
        assert refused.status_code == 403 and refused.json()["code"] == "credential_user_mismatch"
        assert not _signed_in(client)
        assert AuditEvent.objects.filter(action="auth.second_factor", outcome="failed").exists()

    def test_an_answer_is_used_once(self) -> None:
        user, authenticator, _ = _passkey_only()
        client = Client()
        _password(client, user)
        answer = authenticator.get(_post_json(client, AUTH_BEGIN).json())
        assert _post_json(client, AUTH_COMPLETE, answer).status_code == 200
        replay = Client()
        _password(replay, user)
        _post_json(replay, AUTH_BEGIN)
        assert _post_json(replay, AUTH_COMPLETE, answer).status_code == 422
        assert not _signed_in(replay)

    def test_a_bad_signature_is_refused(self) -> None:
        user, authenticator, _ = _passkey_only()
        client = Client()
        _password(client, user)
        answer = authenticator.get(_post_json(client, AUTH_BEGIN).json())
        answer["response"]["signature"] = _b64(authenticator.key.sign(b"something else", ec.ECDSA(hashes.SHA256())))
        assert _post_json(client, AUTH_COMPLETE, answer).status_code == 422
        assert not _signed_in(client)

    def test_a_recovery_code_still_works_for_a_passkey_only_account(self) -> None:
        user: Any = member(Role.SOCIAL_WORKER)
        SoftAuthenticator().saved_for(user)
        code = two_factor.recovery_codes_issue(user=user)[0]
        client = Client()
        _password(client, user)
        assert client.post(CODE, {"code": code})["Location"] == DASHBOARD
        assert _signed_in(client)

    def test_a_wrong_recovery_code_is_named_as_one(self) -> None:
        user, _, _ = _passkey_only()
        client = Client()
        _password(client, user)
        wrong = client.post(CODE, {"code": "00000 00000"})
        assert wrong.status_code == 400 and b"The recovery code is not right" in wrong.content
        assert b'<details class="govuk-details" open>' in wrong.content


class TestConfirmingItIsYouWithAPasskey:
    def test_a_passkey_renews_the_step_up(self) -> None:
        user, authenticator, device = _passkey_only()
        client = Client()
        _signed_in_with(client, user, device, verified_at=int(time.time()) - 3600)
        password_page = reverse("accounts:password-change")
        assert client.get(password_page)["Location"].startswith(CONFIRM)
        page = client.get(f"{CONFIRM}?next={password_page}").content.decode()
        assert 'id="passkey-verification-button"' in page and f'name="next" value="{password_page}"' in page
        options = _post_json(client, AUTH_BEGIN).json()
        done = _post_json(client, f"{AUTH_COMPLETE}?next={password_page}", authenticator.get(options))
        assert done.status_code == 200, done.content
        assert done.json()["redirect_url"] == password_page
        assert client.get(password_page).status_code == 200
        assert AuditEvent.objects.filter(actor=user, action="auth.step_up", outcome="succeeded").exists()

    def test_the_confirm_page_sends_nobody_off_site(self) -> None:
        user, authenticator, device = _passkey_only()
        client = Client()
        _signed_in_with(client, user, device, verified_at=0)
        options = _post_json(client, AUTH_BEGIN).json()
        done = _post_json(client, f"{AUTH_COMPLETE}?next=https://elsewhere.example/", authenticator.get(options))
        assert done.json()["redirect_url"] == DASHBOARD

    def test_another_accounts_passkey_does_not_confirm(self) -> None:
        user, _, device = _passkey_only()
        _, someone_elses, _ = _passkey_only()
        client = Client()
        _signed_in_with(client, user, device, verified_at=0)
        options = _post_json(client, AUTH_BEGIN).json()
        refused = _post_json(client, AUTH_COMPLETE, someone_elses.get(options))
        assert refused.status_code == 403
        assert AuditEvent.objects.filter(actor=user, action="auth.step_up", outcome="failed").exists()
        assert client.session[two_factor.VERIFIED_AT_KEY] == 0


class TestRemovingAPasskey:
    def test_the_last_way_to_sign_in_stays(self) -> None:
        user, _, device = _passkey_only()
        client = Client()
        _signed_in_with(client, user, device)
        page = client.get(METHODS).content.decode()
        assert reverse("accounts:passkey-remove", args=[device.pk]) not in page
        response = client.post(reverse("accounts:passkey-remove", args=[device.pk]), follow=True)
        assert b"You cannot remove your only way to sign in" in response.content
        assert WebAuthnCredential.objects.filter(pk=device.pk).exists()
        assert not AuditEvent.objects.filter(action="auth.second_factor_removed").exists()

    def test_a_passkey_goes_when_an_authenticator_app_stays(self) -> None:
        user, _, device = _passkey_only()
        app = TOTPDevice.objects.create(user=user, name="Phone", confirmed=True)
        client = Client()
        _signed_in_with(client, user, device)
        response = client.post(reverse("accounts:passkey-remove", args=[device.pk]), follow=True)
        assert response.redirect_chain == [(METHODS, 302)]
        assert b"The passkey or security key has been removed" in response.content
        assert _signed_in(client), "removing the passkey this session was verified with does not sign the person out"
        assert client.session[DEVICE_ID_SESSION_KEY] == app.persistent_id
        assert not WebAuthnCredential.objects.filter(pk=device.pk).exists()
        assert AuditEvent.objects.filter(actor=user, action="auth.second_factor_removed", outcome="succeeded").exists()
        assert f"Secure welfare referrals: {passkeys.PASSKEY_REMOVED.lower()}" in [m.subject for m in mail.outbox]

    def test_the_authenticator_app_can_go_when_a_passkey_stays(self) -> None:
        user, _, device = _passkey_only()
        app = TOTPDevice.objects.create(user=user, name="Phone", confirmed=True)
        client = Client()
        _signed_in_with(client, user, device)
        assert reverse("accounts:authenticator-remove", args=[app.pk]) in client.get(METHODS).content.decode()
        client.post(reverse("accounts:authenticator-remove", args=[app.pk]))
        assert not TOTPDevice.objects.filter(pk=app.pk).exists()

    def test_someone_elses_passkey_cannot_be_removed(self) -> None:
        user, _, device = _passkey_only()
        TOTPDevice.objects.create(user=user, name="Phone", confirmed=True)
        other_user, _, other_device = _passkey_only()
        TOTPDevice.objects.create(user=other_user, name="Phone", confirmed=True)
        client = Client()
        _signed_in_with(client, user, device)
        client.post(reverse("accounts:passkey-remove", args=[other_device.pk]))
        assert WebAuthnCredential.objects.filter(pk=other_device.pk).exists()

    def test_removing_needs_a_recent_second_factor_check(self) -> None:
        user, _, device = _passkey_only()
        TOTPDevice.objects.create(user=user, name="Phone", confirmed=True)
        client = Client()
        _signed_in_with(client, user, device, verified_at=0)
        response = client.post(reverse("accounts:passkey-remove", args=[device.pk]))
        assert response["Location"].startswith(CONFIRM)
        assert WebAuthnCredential.objects.filter(pk=device.pk).exists()


@pytest.mark.parametrize("url", [REGISTER_BEGIN, REGISTER_COMPLETE, AUTH_BEGIN, AUTH_COMPLETE])
def test_the_ceremonies_answer_post_only(url: str) -> None:
    client = Client()
    assert {method: client.generic(method, url).status_code for method in ("GET", "PUT", "DELETE")} == dict.fromkeys(
        ("GET", "PUT", "DELETE"), 405
    )
