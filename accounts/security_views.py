"""A signed-in person's own security: sign-in methods, recovery codes, sessions and password, and password reset.

Password reset is the service's own (Wagtail's is switched off): the link is single use — Django's token stops
working once the password changes — and lasts PASSWORD_RESET_TIMEOUT (1 hour); the person still needs their
second factor to sign in afterwards. Every change is audited and the account holder is told by e-mail.
"""

from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.views.decorators.http import require_http_methods, require_POST, require_safe
from django_otp import login as otp_login
from django_otp_webauthn.models import WebAuthnCredential

from . import account_notices, passkeys, two_factor
from .access import step_up_required
from .forms import GovukPasswordChangeForm, GovukPasswordResetForm, GovukSetPasswordForm
from .models import AuditEvent
from .services import audit_record
from .sessions import sessions_end_all, sessions_end_others, sessions_of
from .sign_in_views import RECOVERY_CODES_ONCE_KEY
from .types import AuthenticatedHttpRequest


@require_safe
@login_required
def sign_in_methods(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The person's authenticators, passkeys and how many recovery codes they have left.

    Adding a passkey needs a second factor checked in the step-up window: without one the button leads to "Confirm
    it is you" first, and back here.
    """
    authenticators = two_factor.authenticators(request.user)
    passkey_list = two_factor.passkeys(request.user)
    context = {
        "authenticators": authenticators,
        "passkeys": passkey_list,
        "methods_count": len(authenticators) + len(passkey_list),
        "recovery_codes_left": two_factor.recovery_codes_left(request.user),
        "passkey_config": passkeys.ceremony_config(request) if two_factor.verified_recently(request) else None,
        "confirm_first_url": f"{reverse('accounts:confirm-identity')}?{urlencode({'next': request.path})}",
    }
    return render(request, "accounts/sign_in_methods.html", context)


@require_POST
@login_required
@step_up_required
def recovery_codes_new(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Replace the recovery codes (the old ones stop working) and show the new ones once."""
    request.session[RECOVERY_CODES_ONCE_KEY] = two_factor.recovery_codes_issue(user=request.user)
    sessions_end_all(user=request.user, keep=request.session.session_key)
    account_notices.tell(request.user, account_notices.RECOVERY_CODES_ISSUED)
    return redirect("accounts:recovery-codes")


@require_POST
@login_required
@step_up_required
def authenticator_remove(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Remove an authenticator app; the last one stays (a user administrator can reset a lost one)."""
    if two_factor.device_remove(actor=request.user, user=request.user, device_id=pk):
        sessions_end_all(user=request.user, keep=request.session.session_key)
        account_notices.tell(request.user, account_notices.SECOND_FACTOR_REMOVED)
        messages.success(request, "The authenticator app has been removed")
    else:
        messages.error(request, "You cannot remove your only authenticator app. Add another one first")
    return redirect("accounts:sign-in-methods")


@require_POST
@login_required
@step_up_required
def passkey_remove(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Remove a passkey or security key; not the last way to sign in (recovery codes aside).

    When it is the passkey this session was verified with, the session is recorded against one of the person's other
    devices instead (django-otp would otherwise find no device and SecondFactorMiddleware would end the session):
    they proved the removed one in this session, and the step-up time stays as it was.
    """
    this_session = two_factor.session_device_id(request) == f"{WebAuthnCredential.model_label()}/{pk}"
    if two_factor.passkey_remove(actor=request.user, user=request.user, device_id=pk):
        if this_session and (remaining := two_factor.sign_in_devices(request.user)):
            otp_login(request, remaining[0])
        sessions_end_all(user=request.user, keep=request.session.session_key)
        account_notices.tell(request.user, passkeys.PASSKEY_REMOVED)
        messages.success(request, "The passkey or security key has been removed")
    else:
        messages.error(request, "You cannot remove your only way to sign in. Add an authenticator app or passkey first")
    return redirect("accounts:sign-in-methods")


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def your_sessions(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Where the person is signed in, with "sign out everywhere else"."""
    if request.method == "POST":
        ended = sessions_end_others(request)
        messages.success(request, f"Signed out of {ended} other session{'s' if ended != 1 else ''}")
        return redirect("accounts:sessions")
    rows = sessions_of(request.user)
    current = request.session.session_key
    return render(request, "accounts/sessions.html", {"rows": rows, "current": current})


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
@step_up_required
def password_change(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Change one's own password: the current one, then a new one twice. Other sessions end."""
    form = GovukPasswordChangeForm(request.user, request.POST if request.method == "POST" else None)
    if form.is_valid():
        form.save()
        update_session_auth_hash(request, form.user)
        sessions_end_all(user=request.user, keep=request.session.session_key)
        audit_record(
            actor=request.user, action="auth.password_changed", outcome=AuditEvent.Outcome.SUCCEEDED, obj=request.user
        )
        account_notices.tell(request.user, account_notices.PASSWORD_CHANGED)
        messages.success(request, "Your password has been changed. You have been signed out everywhere else")
        return redirect("accounts:sign-in-methods")
    return render(request, "accounts/password_change.html", {"form": form}, status=400 if form.errors else 200)


class PasswordResetView(auth_views.PasswordResetView):
    """Ask for a reset link. The page says the same whether or not the address has an account."""

    http_method_names = ["get", "head", "post", "options"]
    template_name = "accounts/password_reset.html"
    form_class = GovukPasswordResetForm
    email_template_name = "accounts/email/password_reset.txt"
    subject_template_name = "accounts/email/password_reset_subject.txt"
    success_url = reverse_lazy("accounts:password-reset-sent")

    def form_valid(self, form: Any) -> HttpResponse:
        audit_record(actor=None, action="auth.password_reset_requested", outcome=AuditEvent.Outcome.SUCCEEDED)
        return super().form_valid(form)


class PasswordResetSentView(auth_views.PasswordResetDoneView):
    http_method_names = ["get", "head", "options"]
    template_name = "accounts/password_reset_sent.html"


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    """Choose a new password from the link. The person is not signed in: they sign in with it and their code."""

    http_method_names = ["get", "head", "post", "options"]
    template_name = "accounts/password_reset_confirm.html"
    form_class = GovukSetPasswordForm
    success_url = reverse_lazy("accounts:password-reset-complete")
    post_reset_login = False

    def dispatch(self, request: Any, *args: Any, **kwargs: Any) -> Any:
        """Methods first: Django's view answers a broken link before it looks at the method."""
        if (request.method or "").lower() not in self.http_method_names:
            return self.http_method_not_allowed(request, *args, **kwargs)
        return super().dispatch(request, *args, **kwargs)

    def form_valid(self, form: Any) -> HttpResponse:
        response = super().form_valid(form)
        sessions_end_all(user=form.user)
        audit_record(actor=None, action="auth.password_reset", outcome=AuditEvent.Outcome.SUCCEEDED, obj=form.user)
        account_notices.tell(form.user, account_notices.PASSWORD_RESET)
        return response


class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    http_method_names = ["get", "head", "options"]
    template_name = "accounts/password_reset_complete.html"
