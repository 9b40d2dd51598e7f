"""Keeping a search open: its upkeep page, the two-weekly update, the reviewed referral and ceasing when overdue."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.access import (
    Permission,
    audit_allowed,
    deny,
    get_visible_audited_or_404,
    get_visible_or_404,
    member_required,
)
from accounts.types import AuthenticatedHttpRequest
from circulation.models import Search
from forms_engine.models import Referral
from ui.forms import posted

from .. import selectors, services
from ..changes import answer_changes
from ..forms import UpdateForm
from ..models import SearchReview
from .common import BAD_INPUT, circulation_url, is_coordinator, is_referrer, membership


def _search(request: HttpRequest, pk: int, *, action: str) -> Search:
    searches = selectors.with_upkeep(selectors.searches_visible_to(request.user))
    search: Search = get_visible_audited_or_404(request, searches, pk, action)
    return search


@require_GET
@member_required(Permission.START_REFERRAL)
def search_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    organisation = membership(request).organisation
    rows = selectors.open_search_rows(local_authority_id=organisation.pk)
    return render(request, "coordination/search_list.html", {"rows": rows, "organisation": organisation})


@require_GET
@member_required(Permission.VIEW_OWN_ORGANISATION)
def search_upkeep(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    search = _search(request, pk, action="coordination.search_view")
    reviews = search.reviews.select_related("referral", "source")
    context = {
        "search": search,
        "upkeep": selectors.upkeep_for(search),
        "updates": search.updates.select_related("submitted_by"),
        "reviews": reviews,
        "draft_review": next((r for r in reviews if r.referral.status != Referral.Status.SUBMITTED), None),
        "notification": getattr(search, "ofsted_notification", None),
        "circulation_url": circulation_url(search),
        "is_coordinator": is_coordinator(request),
        "is_referrer": is_referrer(request),
    }
    return render(request, "coordination/search.html", context)


@require_http_methods(["GET", "HEAD", "POST"])
@member_required(Permission.START_REFERRAL)
def update_new(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    search = _search(request, pk, action="coordination.update_form")
    form = UpdateForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.search_update_submit(search=search, user=request.user, **form.cleaned_data)
        except services.UpkeepRefused as refusal:
            messages.error(request, str(refusal))
        else:
            messages.success(request, "Update sent. The next one is due in 14 days.")
        return redirect("coordination:search", pk=search.pk)
    status = BAD_INPUT if request.method == "POST" else 200
    return render(request, "coordination/update_form.html", {"search": search, "form": form}, status=status)


@require_POST
@member_required(Permission.START_REFERRAL)
def review_start(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    search = _search(request, pk, action="coordination.review_start")
    try:
        review = services.search_review_start(search=search, membership=membership(request))
    except services.UpkeepRefused as refusal:
        messages.error(request, str(refusal))
        return redirect("coordination:search", pk=search.pk)
    return redirect("referrals:task-list", pk=review.referral_id)


@require_GET
@member_required(Permission.VIEW_OWN_ORGANISATION)
def review_changes(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    reviews = SearchReview.objects.filter(search__in=selectors.searches_visible_to(request.user))
    review: SearchReview = get_visible_or_404(
        request, reviews.select_related("search__referral__local_authority", "source__version", "referral__version"), pk
    )
    if not is_referrer(request) and review.referral.status != Referral.Status.SUBMITTED:
        raise deny(request, object_type="coordination.searchreview", object_id=pk)  # the unit sees submitted ones
    audit_allowed(request, action="coordination.review_changes", obj=review)
    context = {"review": review, "search": review.search, "changes": answer_changes(review.source, review.referral)}
    return render(request, "coordination/review_changes.html", context)


@require_http_methods(["GET", "HEAD", "POST"])
@member_required(Permission.COORDINATE_REFERRALS)
def search_cease(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    search = _search(request, pk, action="coordination.cease_form")
    upkeep = selectors.upkeep_for(search)
    problem = ""
    if request.method == "POST":
        try:
            services.search_cease(search=search, user=request.user)
        except services.UpkeepRefused as refusal:
            problem = str(refusal)
        else:
            messages.success(request, f"The search for {search.referral.reference} has been ceased.")
            return redirect("coordination:dashboard")
    context = {"search": search, "upkeep": upkeep, "problem": problem, "circulation_url": circulation_url(search)}
    return render(request, "coordination/cease.html", context, status=BAD_INPUT if problem else 200)
