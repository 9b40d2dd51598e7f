"""Passkeys and security keys (WebAuthn, through django-otp-webauthn) as a second factor beside authenticator apps.

django-otp-webauthn's views run the ceremonies and py_webauthn checks what the browser sends; the subclasses here
decide only whose credentials are asked for and what follows success:

- Registering one (Your account, sign-in methods) needs a signed-in person whose second factor was checked in the
  last STEP_UP_SECONDS (`two_factor.verified_recently`). It is audited (`auth.second_factor_added`) and the holder
  is told by e-mail.
- Using one at the code step of signing in: the person is not signed in yet, so the user is the one whose password
  was just accepted (`two_factor.pending_sign_in`), and success signs them in exactly as a code does
  (`sign_in_views.finish_sign_in`), then goes to the page they first asked for.
- Using one on "Confirm it is you": the person is signed in; success is a step-up (`two_factor.mark_verified`,
  audited `auth.step_up`).

Nobody gets a challenge without a password step or a signed-in session, and a credential of another account is
refused: passkeys never replace the password (OTP_WEBAUTHN_ALLOW_PASSWORDLESS_LOGIN is False, and these views do not
offer passwordless sign-in whatever it says).

The package's own URL module is not included: its registration views would skip the step-up and the audit, and its
JavaScript catalogue would be one more page answering without sign-in. The package's scripts are its own static
files; they read their configuration from a `<script type="application/json">` element (`ceremony_config`) and call
`gettext`, which a small script carrying the response's CSP nonce defines (accounts/_passkey_glue.html).
"""

from typing import Any

from django.contrib import messages
from django.db import transaction
from django.http import HttpRequest, HttpResponseBase
from django.middleware.csrf import get_token
from django.urls import path, reverse
from django.views import View
from django_otp_webauthn import exceptions
from django_otp_webauthn.helpers import WebAuthnHelper
from django_otp_webauthn.views import (
    BeginCredentialAuthenticationView,
    BeginCredentialRegistrationView,
    CompleteCredentialAuthenticationView,
    CompleteCredentialRegistrationView,
)

from . import account_notices, sign_in_views, two_factor
from .models import AuditEvent
from .services import audit_record

PASSKEY_ADDED = "A passkey or security key was added to your account"
PASSKEY_REMOVED = "A passkey or security key was removed from your account"


class StepUpNeeded(exceptions.OTPWebAuthnApiError):
    status_code = 403
    default_code = "step_up_required"
    default_detail = "Confirm it is you first. Reload this page to do so"


class NoSignInStarted(exceptions.OTPWebAuthnApiError):
    status_code = 403
    default_code = "not_authenticated"
    default_detail = "Sign in again: enter your email address and password first"


class NoPasskey(exceptions.OTPWebAuthnApiError):
    status_code = 404
    default_code = "no_passkey"
    default_detail = "You have not added a passkey or security key. Enter a code instead"


class _Helper(WebAuthnHelper):
    """django-otp-webauthn's helper, naming each new credential and auditing it with its creation."""

    def create_credential(self, user: Any, *args: Any, **kwargs: Any) -> Any:
        device = super().create_credential(user, *args, **kwargs)
        device.name = two_factor.PASSKEY_NAME
        return device

    def register_complete(self, user: Any, state: dict[str, Any], data: dict[str, Any]) -> Any:
        with transaction.atomic():
            device = super().register_complete(user=user, state=state, data=data)
            audit_record(actor=user, action="auth.second_factor_added", outcome=AuditEvent.Outcome.SUCCEEDED, obj=user)
        return device


class _Ceremony(View):
    """What the service's passkey views share: POST only, refused before anything else (ops' method walk), and the
    service's helper."""

    http_method_names = ["post"]

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if (request.method or "").lower() not in self.http_method_names:
            return self.http_method_not_allowed(request, *args, **kwargs)
        return super().dispatch(request, *args, **kwargs)

    def get_helper(self) -> _Helper:
        return _Helper(request=self.request)


# -- registration ----------------------------------------------------------------------------------------------


class _Registration(_Ceremony):
    def check_can_register(self) -> None:
        """On top of the package's checks (signed in, second factor verified): one checked in the step-up window."""
        if not two_factor.verified_recently(self.request):
            raise StepUpNeeded()


class RegistrationBegin(_Registration, BeginCredentialRegistrationView):
    pass


class RegistrationComplete(_Registration, CompleteCredentialRegistrationView):
    def post(self, *args: Any, **kwargs: Any) -> HttpResponseBase:
        response: HttpResponseBase = super().post(*args, **kwargs)
        account_notices.tell(self.request.user, PASSKEY_ADDED)
        messages.success(self.request, "Your passkey or security key has been added")
        return response


# -- authentication: the code step of signing in, and "Confirm it is you" --------------------------------------


class _Authentication(_Ceremony):
    _success_url = ""

    def get_user(self) -> Any:
        """The signed-in person (step-up), else the person part-way through signing in, else nobody."""
        if self.request.user.is_authenticated:
            return self.request.user
        pending = two_factor.pending_sign_in(self.request)
        return pending.user if pending is not None else None

    def check_can_authenticate(self) -> None:
        """Replaces the package's check, which would allow passwordless sign-in when its setting does."""
        user = self.get_user()
        if user is None:
            raise NoSignInStarted()
        if not two_factor.has_passkey(user):
            raise NoPasskey()


class AuthenticationBegin(_Authentication, BeginCredentialAuthenticationView):
    pass


class AuthenticationComplete(_Authentication, CompleteCredentialAuthenticationView):
    def post(self, *args: Any, **kwargs: Any) -> HttpResponseBase:
        user = self.get_user()
        try:
            response: HttpResponseBase = super().post(*args, **kwargs)
        except exceptions.OTPWebAuthnApiError:
            signed_in = self.request.user.is_authenticated
            audit_record(
                actor=user if signed_in else None,
                action="auth.step_up" if signed_in else "auth.second_factor",
                outcome=AuditEvent.Outcome.FAILED,
                obj=user,
            )
            raise
        return response

    def complete_auth(self, device: Any) -> None:
        request = self.request
        fallback = reverse("accounts:dashboard")
        if request.user.is_authenticated:
            if device.user_id != request.user.pk:
                raise exceptions.CredentialUserMismatch()
            two_factor.mark_verified(request, device)
            audit_record(
                actor=request.user, action="auth.step_up", outcome=AuditEvent.Outcome.SUCCEEDED, obj=request.user
            )
            self._success_url = sign_in_views.safe_next(request, request.GET.get("next"), fallback)
            return
        pending = two_factor.pending_sign_in(request)
        if pending is None or device.user_id != pending.user.pk:
            raise NoSignInStarted()
        sign_in_views.finish_sign_in(request, pending, device)
        self._success_url = sign_in_views.safe_next(request, request.session.pop(sign_in_views.NEXT_KEY, ""), fallback)

    def get_success_url(self) -> str:
        return self._success_url


# -- the pages' side -------------------------------------------------------------------------------------------

_NAMESPACE = "accounts:otp_webauthn"


def ceremony_config(request: HttpRequest) -> dict[str, Any]:
    """The configuration django-otp-webauthn's scripts read from the page (`json_script` "otp_webauthn_config")."""
    return {
        "autocompleteLoginFieldSelector": None,
        "nextFieldSelector": "input[name='next']",
        "csrfToken": get_token(request),
        "beginRegistrationUrl": reverse(f"{_NAMESPACE}:credential-registration-begin"),
        "completeRegistrationUrl": reverse(f"{_NAMESPACE}:credential-registration-complete"),
        "beginAuthenticationUrl": reverse(f"{_NAMESPACE}:credential-authentication-begin"),
        "completeAuthenticationUrl": reverse(f"{_NAMESPACE}:credential-authentication-complete"),
    }


# Included by accounts.urls under webauthn/, with the package's own URL names.
urlpatterns = [
    path("registration/begin/", RegistrationBegin.as_view(), name="credential-registration-begin"),
    path("registration/complete/", RegistrationComplete.as_view(), name="credential-registration-complete"),
    path("authentication/begin/", AuthenticationBegin.as_view(), name="credential-authentication-begin"),
    path("authentication/complete/", AuthenticationComplete.as_view(), name="credential-authentication-complete"),
]
