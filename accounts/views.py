"""Sign-out, the landing page per role, organisation pages and the audit log. Views stay thin."""

from typing import Any

from django.contrib.auth import views as auth_views
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from . import selectors
from .access import (
    Permission,
    audit_allowed,
    get_visible_or_404,
    member_required,
    membership_for,
    organisations_visible_to,
    step_up_required,
)
from .audit_export import audit_csv
from .dashboard import dashboard_cards
from .forms import AuditFilterForm
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


def _audit_filters(request: AuthenticatedHttpRequest) -> tuple[AuditFilterForm, dict[str, Any]]:
    form = AuditFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    return form, filters


@require_GET
@member_required(Permission.VIEW_AUDIT_LOG)
def audit_log(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The audit log, filtered by referral, person, action and period. A bad filter is named and ignored."""
    return _audit_page(request)


def _audit_page(request: AuthenticatedHttpRequest) -> HttpResponse:
    form, filters = _audit_filters(request)
    page = Paginator(selectors.audit_events_filtered(**filters), 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {"page": page, "form": form, "query": query.urlencode()}
    return render(request, "accounts/audit_log.html", context, status=400 if form.errors else 200)


@require_GET
@member_required(Permission.VIEW_AUDIT_LOG)
@step_up_required
def audit_log_csv(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The filtered audit log as CSV (an export: step-up, and itself audited)."""
    form, filters = _audit_filters(request)
    if form.errors:
        return _audit_page(request)
    events = selectors.audit_events_filtered(**filters).select_related("object_organisation", "recipient")
    audit_allowed(request, action="accounts.audit_export", file_type="csv")
    response = HttpResponse(audit_csv(events.iterator(chunk_size=2000)), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="audit-log.csv"'
    response["Cache-Control"] = "private, no-store"
    return response
