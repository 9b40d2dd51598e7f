"""What the referring authority asked homes to know, for a home still considering (or holding) the referral."""

from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from accounts.access import Permission, get_visible_audited_or_404, member_required
from accounts.types import AuthenticatedHttpRequest
from circulation.access import home_requests_visible_to
from circulation.models import HomeRequest

from .. import selectors


@require_GET
@member_required(Permission.DECIDE_REFERRALS)
def home_updates(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    home_request: HomeRequest = get_visible_audited_or_404(
        request, home_requests_visible_to(request.user), pk, "coordination.home_updates"
    )
    search = home_request.search
    context = {"home_request": home_request, "search": search, "updates": selectors.updates_for_homes(search)}
    return render(request, "coordination/home_updates.html", context)
