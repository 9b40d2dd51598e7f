"""Searches for the unit and the referring authority: each home's response, answers to questions, confirmation."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from accounts.access import (
    Permission,
    deny,
    get_visible_audited_or_404,
    has_permission,
    member_required,
    step_up_required,
)
from accounts.types import AuthenticatedHttpRequest
from forms_engine.access import referrals_visible_to
from ui.forms import posted

from ..access import (
    home_requests_confirmable_by,
    information_requests_answerable_by,
    may_follow_searches,
    offers_confirmable_by,
    searches_visible_to,
)
from ..forms import AnswerForm, ConfirmForm
from ..models import HomeRequest, KeyInformationSheet, Search
from ..presenters import key_information_status
from ..reasons import reason_label
from ..services import TransitionRefused, information_answer, placement_confirm
from .common import BAD_INPUT, CONFLICT, errors_onto, search_visible


@require_GET
@member_required(Permission.VIEW_OWN_ORGANISATION)
def search_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    if not may_follow_searches(request.user):
        raise deny(request)
    coordinator = has_permission(request.user, Permission.COORDINATE_REFERRALS)
    searches = searches_visible_to(request.user).prefetch_related("requests").order_by("-opened_at", "-pk")
    context = {
        "open": [s for s in searches if s.status == Search.Status.OPEN],
        "ended": [s for s in searches if s.status != Search.Status.OPEN][:50],
        "offers": offers_confirmable_by(request.user).order_by("decided_at"),
        "questions": information_requests_answerable_by(request.user).filter(answered_at__isnull=True),
        "coordinator": coordinator,
        "unsent": referrals_visible_to(request.user)
        .filter(search__isnull=True, review_of__isnull=True)
        .order_by("submitted_at")
        if coordinator
        else [],
    }
    return render(request, "circulation/search_list.html", context)


def _responses(search: Search, *, coordinator: bool) -> list[dict[str, object]]:
    """Each home's response; the authority sees coded reasons only, as free text may describe other children."""
    rows = []
    for home_request in search.requests.select_related("home").prefetch_related("questions"):
        reasons = [reason_label(code, home_request.reasons_version) for code in home_request.decline_reasons]
        rows.append(
            {
                "request": home_request,
                "reasons": reasons,
                "text": home_request.decline_text if coordinator else "",
                "questions": list(home_request.questions.all()),
            }
        )
    return rows


@require_GET
@member_required(Permission.VIEW_OWN_ORGANISATION)
def search_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    search = search_visible(request, pk, "circulation.search_view")
    coordinator = has_permission(request.user, Permission.COORDINATE_REFERRALS)
    answerable = set(information_requests_answerable_by(request.user).values_list("pk", flat=True))
    placement = getattr(search, "placement", None) if search.status == Search.Status.PLACED else None
    sheet = KeyInformationSheet.objects.filter(placement=placement).select_related("acknowledged_by").first()
    context = {
        "search": search,
        "referral": search.referral,
        "rows": _responses(search, coordinator=coordinator),
        "coordinator": coordinator,
        "confirmable": set(offers_confirmable_by(request.user).filter(search=search).values_list("pk", flat=True)),
        "answerable": answerable,
        "placement": placement,
        "key_information_status": key_information_status(sheet) if sheet else "",
    }
    return render(request, "circulation/search_detail.html", context)


@require_http_methods(["GET", "POST"])
@member_required(Permission.VIEW_OWN_ORGANISATION)
@step_up_required
def confirm(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    home_request: HomeRequest = get_visible_audited_or_404(
        request, home_requests_confirmable_by(request.user), pk, "circulation.confirm_view"
    )
    initial = (
        {"admitted_on": home_request.proposed_admission_date.isoformat()}
        if home_request.proposed_admission_date
        else {}
    )
    form = ConfirmForm(posted(request), initial=initial)
    status = 200
    if request.method == "POST":
        status = BAD_INPUT
        if form.is_valid():
            try:
                placement_confirm(
                    home_request=home_request,
                    admitted_on=form.cleaned_data["admitted_on"],
                    user=request.user,
                )
            except TransitionRefused as refused:
                form.add_error(None, str(refused))
                status = CONFLICT
            except ValidationError as error:
                errors_onto(form, error)
            else:
                messages.success(
                    request, f"Placement at {home_request.home} confirmed. The other homes have been told."
                )
                return redirect("circulation:search", pk=home_request.search.referral_id)
    context = {"home_request": home_request, "form": form, "referral": home_request.search.referral}
    return render(request, "circulation/confirm.html", context, status=status)


@require_http_methods(["GET", "POST"])
@member_required(Permission.START_REFERRAL)
def answer(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    question = get_visible_audited_or_404(
        request, information_requests_answerable_by(request.user), pk, "circulation.answer_view"
    )
    form = AnswerForm(posted(request))
    status = 200
    if request.method == "POST":
        status = BAD_INPUT
        if form.is_valid():
            try:
                information_answer(information=question, answer=form.cleaned_data["answer"], user=request.user)
            except TransitionRefused as refused:
                form.add_error(None, str(refused))
                status = CONFLICT
            except ValidationError as error:
                errors_onto(form, error)
                status = CONFLICT
            else:
                messages.success(request, f"Your answer has been sent to {question.home_request.home}.")
                return redirect("circulation:search", pk=question.home_request.search.referral_id)
    context = {"question": question, "form": form, "referral": question.home_request.search.referral}
    return render(request, "circulation/answer.html", context, status=status)
