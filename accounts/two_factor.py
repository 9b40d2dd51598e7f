"""The second factor: authenticator apps (TOTP), single-use recovery codes and the step-up check (django-otp).

Signing in is two steps. The password step (accounts.views_sign_in) only records who has proved their password in
the session (`PENDING_KEY`, for a few minutes); the person is signed in — `django.contrib.auth.login` — only once a
code from one of their devices is accepted, or once they have set up an authenticator at their first sign-in. A
session that is signed in without a verified device (none should exist) is ended by SecondFactorMiddleware.

Codes are checked one device at a time through django-otp's `verify_token`, which throttles each device after
failures and, for TOTP, refuses a code already used (its `last_t`). Recovery codes are django-otp static tokens:
each is deleted when used.
"""

import secrets
import time
from dataclasses import dataclass
from typing import Any

import segno
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.http import HttpRequest
from django_otp import DEVICE_ID_SESSION_KEY, devices_for_user
from django_otp import login as otp_login
from django_otp import verify_token as otp_verify_token
from django_otp.models import Device
from django_otp.oath import TOTP, hotp
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp_webauthn.models import WebAuthnCredential

from .models import AuditEvent
from .services import audit_record
from .types import Actor

PENDING_KEY = "_pending_sign_in"
PENDING_SECONDS = 5 * 60
VERIFIED_AT_KEY = "_otp_verified_at"
SETUP_KEY_SESSION = "_totp_setup_key"
RECOVERY_DEVICE_NAME = "Recovery codes"
RECOVERY_CODE_COUNT = 10
AUTHENTICATOR_NAME = "Authenticator app"
PASSKEY_NAME = "Passkey or security key"


@dataclass(frozen=True)
class PendingSignIn:
    """Who proved their password in this session, with which authentication backend."""

    user: Any
    backend: str


# -- the password step and its pending record ------------------------------------------------------------------


def pending_start(request: HttpRequest, user: Any) -> None:
    """Record in a fresh session key that this user has proved their password; they are not signed in yet."""
    request.session.cycle_key()
    request.session[PENDING_KEY] = {"user": user.pk, "backend": user.backend, "at": int(time.time())}


def pending_sign_in(request: HttpRequest) -> PendingSignIn | None:
    """The user part-way through signing in, or None when nobody is or the password step is too old."""
    pending = request.session.get(PENDING_KEY)
    if not isinstance(pending, dict) or int(time.time()) - int(pending.get("at", 0)) > PENDING_SECONDS:
        return None
    user = get_user_model().objects.filter(pk=int(pending.get("user") or 0), is_active=True).first()
    if user is None or pending.get("backend") not in settings.AUTHENTICATION_BACKENDS:
        return None
    return PendingSignIn(user=user, backend=str(pending["backend"]))


def pending_clear(request: HttpRequest) -> None:
    request.session.pop(PENDING_KEY, None)
    request.session.pop(SETUP_KEY_SESSION, None)


# -- devices ---------------------------------------------------------------------------------------------------


def confirmed_devices(user: Any) -> list[Device]:
    return list(devices_for_user(user, confirmed=True))


def authenticators(user: Any) -> list[TOTPDevice]:
    return list(TOTPDevice.objects.filter(user=user, confirmed=True).order_by("created_at", "pk"))


def has_second_factor(user: Any) -> bool:
    """Whether the user has a way to sign in other than recovery codes (an authenticator app or a passkey)."""
    return any(not isinstance(device, StaticDevice) for device in confirmed_devices(user))


def recovery_codes_left(user: Any) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


def new_setup_key() -> str:
    """A fresh TOTP secret (20 random bytes, hex, as django-otp stores it)."""
    return secrets.token_hex(20)


def setup_key_for(request: HttpRequest) -> str:
    """The secret offered on the set-up page, kept in the session until it is confirmed so a reload shows the same."""
    key = request.session.get(SETUP_KEY_SESSION)
    if not isinstance(key, str) or len(key) != 40:
        key = new_setup_key()
        request.session[SETUP_KEY_SESSION] = key
    return key


def key_written_out(hex_key: str) -> str:
    """The secret as an authenticator app's 'enter a setup key' asks for it: base32, in groups of four."""
    from base64 import b32encode

    text = b32encode(bytes.fromhex(hex_key)).decode("ascii").rstrip("=")
    return " ".join(text[i : i + 4] for i in range(0, len(text), 4))


def provisioning_uri(user: Any, hex_key: str) -> str:
    return TOTPDevice(user=user, key=hex_key, name=AUTHENTICATOR_NAME).config_url


def qr_svg(uri: str) -> str:
    """The provisioning address as an inline SVG QR code (no image files, no external service)."""
    return segno.make(uri, error="m").svg_inline(scale=5, dark="#0b0c0c", light="#ffffff", title="QR code")


def code_now(hex_key: str, *, step: int = 30, digits: int = 6) -> str:
    """The code an authenticator with this secret shows now (the demo's `demo_code` and the tests use it)."""
    totp = TOTP(bytes.fromhex(hex_key), step=step, digits=digits)
    totp.time = time.time()
    return f"{totp.token():0{digits}d}"


def _clean_code(code: str) -> str:
    return "".join(code.split()).replace("-", "").lower()


@transaction.atomic
def authenticator_add(*, user: Any, hex_key: str, code: str, name: str = AUTHENTICATOR_NAME) -> TOTPDevice | None:
    """Save an authenticator once the person has typed a code it shows; None when the code does not match."""
    device = TOTPDevice(user=user, key=hex_key, name=name[:64], confirmed=False)
    device.save()
    if not device.verify_token(_clean_code(code)):
        device.delete()
        return None
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    audit_record(actor=user, action="auth.second_factor_added", outcome=AuditEvent.Outcome.SUCCEEDED, obj=user)
    return device


@transaction.atomic
def recovery_codes_issue(*, user: Any) -> list[str]:
    """Replace the user's recovery codes with ten new single-use ones and return them (shown once, never again)."""
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name=RECOVERY_DEVICE_NAME, confirmed=True)
    codes = [f"{secrets.randbelow(10**10):010d}" for _ in range(RECOVERY_CODE_COUNT)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    audit_record(actor=user, action="auth.recovery_codes_issued", outcome=AuditEvent.Outcome.SUCCEEDED, obj=user)
    return [f"{code[:5]} {code[5:]}" for code in codes]


@transaction.atomic
def device_remove(*, actor: Any, user: Any, device_id: int) -> bool:
    """Remove one of the user's authenticators (never the last way to sign in). Audited."""
    devices = authenticators(user)
    device = next((d for d in devices if d.pk == device_id), None)
    if device is None or (len(devices) <= 1 and not _other_methods(user)):
        return False
    device.delete()
    audit_record(actor=actor, action="auth.second_factor_removed", outcome=AuditEvent.Outcome.SUCCEEDED, obj=user)
    return True


def _other_methods(user: Any) -> bool:
    return any(not isinstance(device, StaticDevice | TOTPDevice) for device in devices_for_user(user, confirmed=True))


def sign_in_devices(user: Any) -> list[Device]:
    """The user's confirmed devices other than recovery codes: authenticator apps and passkeys."""
    return [device for device in confirmed_devices(user) if not isinstance(device, StaticDevice)]


def passkeys(user: Any) -> list[WebAuthnCredential]:
    """The user's passkeys and security keys (django-otp-webauthn credentials), oldest first."""
    return list(WebAuthnCredential.objects.filter(user=user, confirmed=True).order_by("created_at", "pk"))


def has_passkey(user: Any) -> bool:
    return WebAuthnCredential.objects.filter(user=user, confirmed=True).exists()


@transaction.atomic
def passkey_remove(*, actor: Any, user: Any, device_id: int) -> bool:
    """Remove one of the user's passkeys, unless it is their last way to sign in besides recovery codes. Audited."""
    device = WebAuthnCredential.objects.filter(user=user, pk=device_id).first()
    if device is None:
        return False
    if not [other for other in sign_in_devices(user) if other.persistent_id != device.persistent_id]:
        return False
    device.delete()
    audit_record(actor=actor, action="auth.second_factor_removed", outcome=AuditEvent.Outcome.SUCCEEDED, obj=user)
    return True


@transaction.atomic
def second_factor_reset(*, actor: Actor, user: Any) -> None:
    """Remove every second factor of an account (recovery by a user administrator): its holder sets up anew at
    their next sign-in. Their sessions end. Audited."""
    for device in devices_for_user(user, confirmed=None):
        device.delete()
    from .sessions import sessions_end_all  # sessions imports this module's session keys

    sessions_end_all(user=user)
    audit_record(actor=actor, action="auth.second_factor_reset", outcome=AuditEvent.Outcome.SUCCEEDED, obj=user)


# -- checking a code -------------------------------------------------------------------------------------------


def device_for_code(user: Any, code: str) -> Device | None:
    """The device that accepts this code now (authenticators first, then recovery codes), or None.

    Each failure counts against the device's throttle; a TOTP code is accepted once only.
    """
    cleaned = _clean_code(code)
    if not cleaned:
        return None
    for device in sorted(confirmed_devices(user), key=lambda d: isinstance(d, StaticDevice)):
        if isinstance(device, StaticDevice) and not cleaned.isdigit():
            continue
        verified = otp_verify_token(user, device.persistent_id, cleaned)
        if verified is not None:
            return verified
    return None


def throttled(user: Any) -> bool:
    """Whether every device of the user is resting after failed codes (django-otp's throttle)."""
    devices = confirmed_devices(user)
    return bool(devices) and all(not device.verify_is_allowed()[0] for device in devices)


def mark_verified(request: HttpRequest, device: Device) -> None:
    """The signed-in user has just proved the device: django-otp's session record, and the time for step-up."""
    otp_login(request, device)
    request.session[VERIFIED_AT_KEY] = int(time.time())


def verified_recently(request: HttpRequest, *, seconds: int | None = None) -> bool:
    """Whether a second factor was checked in this session within the step-up window (15 minutes by default)."""
    window = settings.STEP_UP_SECONDS if seconds is None else seconds
    verified_at = request.session.get(VERIFIED_AT_KEY)
    user = getattr(request, "user", None)
    return (
        user is not None
        and bool(getattr(user, "is_verified", lambda: False)())
        and isinstance(verified_at, int)
        and int(time.time()) - verified_at <= window
    )


def session_device_id(request: HttpRequest) -> str:
    return str(request.session.get(DEVICE_ID_SESSION_KEY, ""))


def code_for_next_use(device: TOTPDevice, *, allow_next_step: bool = False) -> tuple[str, float]:
    """The code the device's authenticator shows now and that has not been used, with the seconds to wait first.

    A code is accepted once: when this time step's code was used already, the wait is until the next step begins
    (or, with `allow_next_step`, the next step's code is given at once — inside django-otp's tolerance of one step,
    as an authenticator whose clock runs a little fast would show).
    """
    now = time.time()
    step_now = (int(now) - device.t0) // device.step + device.drift
    wanted = max(step_now, device.last_t + 1)
    limit = step_now + (device.tolerance if allow_next_step else 0)
    wait = 0.0 if wanted <= limit else (wanted - limit) * device.step - (now - device.t0) % device.step
    return f"{hotp(device.bin_key, wanted, digits=device.digits):0{device.digits}d}", max(wait, 0.0)
