"""Sign-out, the landing page per role, organisation pages and the audit log. Views stay thin."""

from django.contrib.auth import views as auth_views
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from . import selectors
from .access import Permission, get_visible_or_404, member_required, membership_for, organisations_visible_to
from .dashboard import dashboard_cards
from .models import Organisation
from .types import AuthenticatedHttpRequest


class SignOutView(auth_views.LogoutView):
    """Sign out (POST only) and show the signed-out page."""


@require_GET
def signed_out(request: HttpRequest) -> HttpResponse:
    return render(request, "accounts/signed_out.html")


@require_GET
def dashboard(request: HttpRequest) -> HttpResponse:
    """The signed-in landing page: what this user can do now."""
    if not request.user.is_authenticated:
        return auth_views.redirect_to_login(request.get_full_path())
    membership = membership_for(request.user)
    if membership is None:
        return render(request, "accounts/no_membership.html")
    return render(
        request, "accounts/dashboard.html", {"membership": membership, "cards": dashboard_cards(membership=membership)}
    )


@require_GET
@member_required(Permission.VIEW_ALL_ORGANISATIONS)
def organisation_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    groups = [(kind.label, selectors.organisations_of_kind(kind=kind)) for kind in Organisation.Kind]
    return render(request, "accounts/organisation_list.html", {"groups": groups})


@require_GET
@member_required(Permission.VIEW_OWN_ORGANISATION)
def organisation_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    organisation = get_visible_or_404(request, organisations_visible_to(request.user), pk)
    members = selectors.organisation_members(organisation=organisation)
    return render(request, "accounts/organisation_detail.html", {"organisation": organisation, "members": members})


@require_GET
@member_required(Permission.VIEW_AUDIT_LOG)
def audit_log(request: AuthenticatedHttpRequest) -> HttpResponse:
    page = Paginator(selectors.audit_events_recent(), 50).get_page(request.GET.get("page"))
    return render(request, "accounts/audit_log.html", {"page": page})
