"""Signing in: the password, then a code from an authenticator app or a recovery code (or, at the first sign-in,
setting up an authenticator), and the "confirm it's you" step-up check. The rules live in accounts.two_factor.
A passkey or security key, where the person has one, is offered on the same pages (accounts.passkeys)."""

from typing import Any

from django.contrib import messages
from django.contrib.auth import login as auth_login
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import AuthenticationForm
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods
from django_otp.plugins.otp_static.models import StaticDevice

from . import account_notices, two_factor
from .forms import CodeForm, SetUpForm, SignInForm
from .models import AuditEvent
from .services import audit_record
from .sessions import sessions_end_all

NEXT_KEY = "_sign_in_next"
RECOVERY_CODES_ONCE_KEY = "_recovery_codes_once"


def safe_next(request: HttpRequest, candidate: object, fallback: str) -> str:
    """Where to go after signing in: a path on this site, never another address."""
    target = candidate if isinstance(candidate, str) else ""
    allowed = url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return target if allowed and target.startswith("/") and not target.startswith(("//", "/\\")) else fallback


class SignInView(auth_views.LoginView):
    """The password step (throttled by django-axes). A right password leads to the code step, not into the service."""

    http_method_names = ["get", "head", "post", "options"]
    template_name = "accounts/sign_in.html"
    authentication_form = SignInForm
    redirect_authenticated_user = True

    def form_valid(self, form: AuthenticationForm) -> HttpResponse:
        user = form.get_user()
        two_factor.pending_start(self.request, user)
        self.request.session[NEXT_KEY] = self.get_redirect_url()
        audit_record(actor=None, action="auth.password_accepted", outcome=AuditEvent.Outcome.SUCCEEDED, obj=user)
        if two_factor.has_second_factor(user):
            return redirect("accounts:sign-in-code")
        return redirect("accounts:set-up-authenticator")


def finish_sign_in(request: HttpRequest, pending: two_factor.PendingSignIn, device: Any) -> None:
    """Sign the person in now that both factors are proved."""
    two_factor.pending_clear(request)
    auth_login(request, pending.user, backend=pending.backend)
    two_factor.mark_verified(request, device)


def _second_factor_choices(request: HttpRequest, user: Any) -> dict[str, Any]:
    """What the code and "Confirm it is you" pages offer: a code form when the person has an authenticator app, a
    passkey button (django-otp-webauthn's script and its configuration) when they have a passkey."""
    from .passkeys import ceremony_config  # deferred: passkeys finishes a sign-in with this module's finish_sign_in

    has_passkey = two_factor.has_passkey(user)
    return {
        "has_authenticator": bool(two_factor.authenticators(user)) or not has_passkey,
        "passkey_config": ceremony_config(request) if has_passkey else None,
    }


def _code_form(request: HttpRequest, choices: dict[str, Any]) -> CodeForm:
    """The code form; for a person with passkeys and no authenticator app it takes only recovery codes."""
    form = CodeForm(request.POST if request.method == "POST" else None)
    if not choices["has_authenticator"]:
        field = form.fields["code"]
        field.label = "Recovery code"
        field.help_text = "One of the recovery codes you saved when you set up your account. Each code works once."
        field.error_messages["required"] = "Enter one of your recovery codes"
    return form


def _wrong_code(choices: dict[str, Any]) -> str:
    if choices["has_authenticator"]:
        return "The code is not right or has been used. Enter the code your app shows now"
    return "The recovery code is not right or has been used"


def _after_sign_in(request: HttpRequest) -> HttpResponse:
    return redirect(safe_next(request, request.session.pop(NEXT_KEY, ""), reverse("accounts:dashboard")))


def _restart() -> HttpResponse:
    return redirect("accounts:sign-in")


@require_http_methods(["GET", "HEAD", "POST"])
def sign_in_code(request: HttpRequest) -> HttpResponse:
    """Second step: a code from the person's authenticator app, or a recovery code."""
    pending = two_factor.pending_sign_in(request)
    if pending is None:
        return _restart()
    if not two_factor.has_second_factor(pending.user):
        return redirect("accounts:set-up-authenticator")
    choices = _second_factor_choices(request, pending.user)
    form = _code_form(request, choices)
    if form.is_valid():
        if two_factor.throttled(pending.user):
            form.add_error("code", "You have entered too many wrong codes. Wait a minute, then try again")
        elif (device := two_factor.device_for_code(pending.user, form.cleaned_data["code"])) is None:
            audit_record(actor=None, action="auth.second_factor", outcome=AuditEvent.Outcome.FAILED, obj=pending.user)
            form.add_error("code", _wrong_code(choices))
        else:
            finish_sign_in(request, pending, device)
            left = two_factor.recovery_codes_left(pending.user)
            if isinstance(device, StaticDevice):
                messages.warning(
                    request,
                    f"You used a recovery code. You have {left} left. Set up your sign-in methods again if you "
                    "have lost your authenticator.",
                )
            return _after_sign_in(request)
    return render(request, "accounts/sign_in_code.html", {"form": form, **choices}, status=400 if form.errors else 200)


@require_http_methods(["GET", "HEAD", "POST"])
def set_up_authenticator(request: HttpRequest) -> HttpResponse:
    """Set up an authenticator app: at the first sign-in (after the password), or as another sign-in method."""
    pending = two_factor.pending_sign_in(request)
    signed_in = request.user.is_authenticated and getattr(request.user, "is_verified", bool)()
    if pending is None and not signed_in:
        return _restart()
    if pending is not None and two_factor.has_second_factor(pending.user):
        return redirect("accounts:sign-in-code")
    if signed_in and not two_factor.verified_recently(request):
        return redirect(f"{reverse('accounts:confirm-identity')}?next={request.path}")
    user = pending.user if pending is not None else request.user
    key = two_factor.setup_key_for(request)
    form = SetUpForm(request.POST if request.method == "POST" else None)
    if form.is_valid():
        device = two_factor.authenticator_add(user=user, hex_key=key, code=form.cleaned_data["code"])
        if device is None:
            form.add_error("code", "The code is not right. Enter the code your authenticator app shows now")
        else:
            request.session.pop(two_factor.SETUP_KEY_SESSION, None)
            if pending is not None:
                finish_sign_in(request, pending, device)
            else:  # a change to the sign-in methods: every other session of the person ends
                sessions_end_all(user=user, keep=request.session.session_key)
                account_notices.tell(user, account_notices.SECOND_FACTOR_ADDED)
            if pending is not None or not two_factor.recovery_codes_left(user):
                request.session[RECOVERY_CODES_ONCE_KEY] = two_factor.recovery_codes_issue(user=user)
                return redirect("accounts:recovery-codes")
            messages.success(request, "Your authenticator app has been added")
            return redirect("accounts:sign-in-methods")
    uri = two_factor.provisioning_uri(user, key)
    context = {
        "form": form,
        "qr_svg": two_factor.qr_svg(uri),
        "key_written_out": two_factor.key_written_out(key),
        "first_sign_in": pending is not None,
    }
    return render(request, "accounts/set_up_authenticator.html", context, status=400 if form.errors else 200)


@require_http_methods(["GET", "HEAD"])
def recovery_codes(request: HttpRequest) -> HttpResponse:
    """New recovery codes, shown once."""
    if not request.user.is_authenticated:
        return _restart()
    codes = request.session.pop(RECOVERY_CODES_ONCE_KEY, None)
    if not codes:
        return redirect("accounts:sign-in-methods")
    next_url = safe_next(request, request.session.pop(NEXT_KEY, ""), reverse("accounts:dashboard"))
    return render(request, "accounts/recovery_codes.html", {"codes": codes, "next_url": next_url})


@require_http_methods(["GET", "HEAD", "POST"])
def confirm_identity(request: HttpRequest) -> HttpResponseBase:
    """Step-up: enter a code again before a decision, a download of an export or a change to accounts."""
    if not request.user.is_authenticated:
        return auth_views.redirect_to_login(request.get_full_path())
    next_url = safe_next(request, request.POST.get("next") or request.GET.get("next"), reverse("accounts:dashboard"))
    choices = _second_factor_choices(request, request.user)
    form = _code_form(request, choices)
    if form.is_valid():
        if two_factor.throttled(request.user):
            form.add_error("code", "You have entered too many wrong codes. Wait a minute, then try again")
        elif (device := two_factor.device_for_code(request.user, form.cleaned_data["code"])) is None:
            audit_record(actor=request.user, action="auth.step_up", outcome=AuditEvent.Outcome.FAILED, obj=request.user)
            form.add_error("code", _wrong_code(choices))
        else:
            two_factor.mark_verified(request, device)
            audit_record(
                actor=request.user, action="auth.step_up", outcome=AuditEvent.Outcome.SUCCEEDED, obj=request.user
            )
            return redirect(next_url)
    return render(
        request,
        "accounts/confirm_identity.html",
        {"form": form, "next_url": next_url, **choices},
        status=400 if form.errors else 200,
    )
