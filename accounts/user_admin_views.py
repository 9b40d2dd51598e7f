"""User administration pages (accounts/user_admin.py holds the rules): the accounts a user administrator looks after,
inviting someone, changing a role, switching an account off or on, unlocking it and resetting a lost second factor.
Every change needs a recent second-factor check (step-up). Anyone else asking gets the audited 404."""

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from . import account_notices, user_admin
from .access import Permission, get_visible_audited_or_404, member_required, step_up_required
from .forms import GovukSetPasswordForm, IdentityCheckedForm, InviteForm, RoleForm
from .models import Role
from .types import AuthenticatedHttpRequest


def _account(request: AuthenticatedHttpRequest, pk: int) -> Any:
    return get_visible_audited_or_404(request, user_admin.administrable_accounts(request.user), pk, "users.view")


def _detail_context(user: Any, identity_form: IdentityCheckedForm | None = None) -> dict[str, Any]:
    from . import two_factor

    return {
        "account": user,
        "membership": user_admin.account_membership(user),
        "locked": user_admin.account_locked(user),
        "has_second_factor": two_factor.has_second_factor(user),
        "invited": not user.has_usable_password(),
        "identity_form": identity_form or IdentityCheckedForm(),
    }


@require_safe
@member_required(Permission.MANAGE_USERS)
def user_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    accounts = list(user_admin.administrable_accounts(request.user).prefetch_related("memberships__organisation"))
    rows = [(account, user_admin.account_membership(account)) for account in accounts]
    return render(request, "accounts/users/list.html", {"rows": rows})


@require_http_methods(["GET", "HEAD", "POST"])
@member_required(Permission.MANAGE_USERS)
@step_up_required(methods=frozenset({"POST"}))
def user_invite(request: AuthenticatedHttpRequest) -> HttpResponse:
    organisations = user_admin.administrable_organisations(request.user)
    roles = [(role.value, str(role.label)) for role in Role if role != Role.EDITOR]
    form = InviteForm(request.POST if request.method == "POST" else None, organisations=organisations, roles=roles)
    if form.is_valid():
        try:
            user = user_admin.account_invite(actor=request.user, **form.cleaned_data)
        except user_admin.AccountRefused as refused:
            form.add_error("email", str(refused))
        else:
            messages.success(request, f"Invitation sent to {user.email}. The link works for 24 hours")
            return redirect("accounts:user-detail", pk=user.pk)
    status = 400 if form.errors else 200
    return render(request, "accounts/users/invite.html", {"form": form}, status=status)


@require_safe
@member_required(Permission.MANAGE_USERS)
def user_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    return render(request, "accounts/users/detail.html", _detail_context(_account(request, pk)))


@require_http_methods(["GET", "HEAD", "POST"])
@member_required(Permission.MANAGE_USERS)
@step_up_required(methods=frozenset({"POST"}))
def user_role(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    user = _account(request, pk)
    membership = user_admin.account_membership(user)
    if membership is None:
        return redirect("accounts:user-detail", pk=pk)
    initial = {"role": membership.role, "job_title": membership.job_title, "is_user_admin": membership.is_user_admin}
    form = RoleForm(
        request.POST if request.method == "POST" else None,
        initial=initial,
        roles=user_admin.roles_for(membership.organisation),
    )
    if form.is_valid():
        user_admin.account_role_set(actor=request.user, user=user, **form.cleaned_data)
        messages.success(request, "The role has been changed")
        return redirect("accounts:user-detail", pk=pk)
    context = {"form": form, "account": user, "membership": membership}
    return render(request, "accounts/users/role.html", context, status=400 if form.errors else 200)


_ACTIONS: dict[str, tuple[Callable[..., None], str]] = {
    "deactivate": (
        lambda actor, user: user_admin.account_active_set(actor=actor, user=user, active=False),
        "The account has been switched off and its sessions ended",
    ),
    "reactivate": (
        lambda actor, user: user_admin.account_active_set(actor=actor, user=user, active=True),
        "The account has been switched on again",
    ),
    "unlock": (lambda actor, user: user_admin.account_unlock(actor=actor, user=user), "The account has been unlocked"),
    "resend-invitation": (
        lambda actor, user: user_admin.account_invitation_resend(actor=actor, user=user),
        "A new invitation has been sent. The link works for 24 hours",
    ),
}


@require_POST
@member_required(Permission.MANAGE_USERS)
@step_up_required
def user_action(request: AuthenticatedHttpRequest, pk: int, action: str) -> HttpResponse:
    """One of the account's buttons: switch off, switch on, unlock, send a new invitation."""
    user = _account(request, pk)
    if action not in _ACTIONS:
        return redirect("accounts:user-detail", pk=pk)
    run, done = _ACTIONS[action]
    try:
        run(request.user, user)
    except user_admin.AccountRefused as refused:
        messages.error(request, str(refused))
    else:
        messages.success(request, done)
    return redirect("accounts:user-detail", pk=pk)


@require_POST
@member_required(Permission.MANAGE_USERS)
@step_up_required
def user_second_factor_reset(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Reset a lost second factor, once the administrator confirms they have checked who is asking."""
    user = _account(request, pk)
    form = IdentityCheckedForm(request.POST)
    if not form.is_valid():
        return render(request, "accounts/users/detail.html", _detail_context(user, form), status=400)
    user_admin.account_second_factor_reset(actor=request.user, user=user)
    messages.success(
        request, "Their sign-in methods have been reset. They set up an authenticator at their next sign-in"
    )
    return redirect("accounts:user-detail", pk=pk)


@require_http_methods(["GET", "HEAD", "POST"])
def invitation(request: AuthenticatedHttpRequest, token: str) -> HttpResponse:
    """The invitation link: the new account holder chooses their password, then signs in and sets up a second
    factor. A used or expired link says so."""
    found = user_admin.invitation_for(token)
    if found is None:
        return render(request, "accounts/users/invitation_invalid.html", status=404)
    form = GovukSetPasswordForm(found.user, request.POST if request.method == "POST" else None)
    if form.is_valid():
        try:
            user_admin.invitation_accept(invitation=found, set_password=form.save)
        except user_admin.AccountRefused:
            return render(request, "accounts/users/invitation_invalid.html", status=404)
        account_notices.tell(found.user, account_notices.PASSWORD_CHOSEN)
        messages.success(request, "Your password has been saved. Sign in to set up your authenticator app")
        return redirect("accounts:sign-in")
    context = {"form": form, "email": found.user.email}
    return render(request, "accounts/users/invitation.html", context, status=400 if form.errors else 200)
