"""What the referring authority asked homes to know, for a home still considering (or holding) the referral."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from accounts.access import Permission, get_visible_or_404, home_requests_visible_to, member_required
from circulation.models import HomeRequest

from .. import selectors
from .common import audit_view


@require_GET
@member_required(Permission.DECIDE_REFERRALS)
def home_updates(request: HttpRequest, pk: int) -> HttpResponse:
    home_request: HomeRequest = get_visible_or_404(request, home_requests_visible_to(request.user), pk)
    audit_view(request, home_request, action="coordination.home_updates", organisation=home_request.home)
    search = home_request.search
    context = {"home_request": home_request, "search": search, "updates": selectors.updates_for_homes(search)}
    return render(request, "coordination/home_updates.html", context)
