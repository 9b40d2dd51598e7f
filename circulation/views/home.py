"""A secure home's inbox: referrals circulated to it, its own pack, and the registered manager's decision."""

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.forms import Form
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from accounts.access import Permission, get_visible_audited_or_404, member_required, membership_for
from accounts.types import AuthenticatedHttpRequest
from forms_engine.access import pack_jobs_visible_to
from forms_engine.glance import referral_glance
from forms_engine.services.amendments import amendments_shown
from ui.forms import posted

from .. import selectors
from ..access import home_requests_visible_to, key_information_visible_to
from ..addendum import addendum_pdf
from ..forms import AcceptForm, DeclineForm, QuestionForm
from ..models import HomeRequest
from ..presenters import history_row, key_information_status, referral_facts
from ..reasons import reason_label
from ..services import TransitionRefused, information_request, request_accept, request_decline
from .common import BAD_INPUT, CONFLICT, errors_onto

INBOX_HISTORY_ROWS, HISTORY_PAGE_ROWS = 10, 50


@require_GET
@member_required(Permission.DECIDE_REFERRALS)
def inbox(request: AuthenticatedHttpRequest) -> HttpResponse:
    home = membership_for(request.user).organisation  # type: ignore[union-attr]
    history = selectors.history_for(home=home)
    context = {
        "home": home,
        "waiting": selectors.inbox_for(home=home),
        "history": [history_row(r) for r in history[:INBOX_HISTORY_ROWS]],
        "more_history": history.count() > INBOX_HISTORY_ROWS,
        "now": timezone.now(),
    }
    return render(request, "circulation/inbox.html", context)


@require_GET
@member_required(Permission.DECIDE_REFERRALS)
def inbox_history(request: AuthenticatedHttpRequest) -> HttpResponse:
    home = membership_for(request.user).organisation  # type: ignore[union-attr]
    page = Paginator(selectors.history_for(home=home), HISTORY_PAGE_ROWS).get_page(request.GET.get("page"))
    context = {"home": home, "page": page, "history": [history_row(r) for r in page.object_list]}
    return render(request, "circulation/inbox_history.html", context)


@require_GET
@member_required(Permission.VIEW_OWN_ORGANISATION)
def request_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    home_request: HomeRequest = get_visible_audited_or_404(
        request, home_requests_visible_to(request.user), pk, "circulation.request_view"
    )
    referral = home_request.search.referral
    is_home = home_request.home_id == getattr(membership_for(request.user), "organisation_id", None)
    jobs = pack_jobs_visible_to(request.user).filter(referral=referral, home=home_request.home).order_by("-created_at")
    sheet = key_information_visible_to(request.user).filter(placement__home_request=home_request).first()
    context = {
        "home_request": home_request,
        "referral": referral,
        "sheet": sheet,
        "sheet_status": key_information_status(sheet) if sheet else "",
        "facts": referral_facts(referral),
        "glance": referral_glance(referral),
        "job": jobs.first(),
        "questions": list(home_request.questions.all()),
        "amendments": amendments_shown(referral),
        "reasons": [reason_label(c, home_request.reasons_version) for c in home_request.decline_reasons],
        "is_home": is_home,
        "can_decide": is_home and home_request.status == HomeRequest.Status.AWAITING and home_request.search.is_open,
    }
    return render(request, "circulation/request_detail.html", context)


def _decide(
    request: HttpRequest,
    pk: int,
    form_class: type[Form],
    act: Callable[[HomeRequest, dict[str, Any]], Any],
    template: str,
    done: str,
    then: str = "circulation:request",
) -> HttpResponse:
    """Shared shape of the three decisions: own home's request, one form, one service, refused moves shown."""
    home_request: HomeRequest = get_visible_audited_or_404(
        request, home_requests_visible_to(request.user), pk, "circulation.decision_view"
    )
    form = form_class(posted(request))
    status = 200
    if request.method == "POST":
        status = BAD_INPUT
        if form.is_valid():
            try:
                act(home_request, form.cleaned_data)
            except TransitionRefused as refused:
                form.add_error(None, str(refused))
                status = CONFLICT
            except ValidationError as error:
                errors_onto(form, error)
            else:
                messages.success(request, done)
                return redirect(then, pk=home_request.pk) if then == "circulation:request" else redirect(then)
    context = {"home_request": home_request, "referral": home_request.search.referral, "form": form}
    return render(request, template, context, status=status)


@require_http_methods(["GET", "POST"])
@member_required(Permission.DECIDE_REFERRALS)
def accept(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    def act(home_request: HomeRequest, data: dict[str, Any]) -> Any:
        return request_accept(home_request=home_request, admission_date=data["admission_date"], user=request.user)

    return _decide(
        request,
        pk,
        AcceptForm,
        act,
        "circulation/accept.html",
        "Your offer has been sent. The local authority confirms the placement.",
    )


@require_http_methods(["GET", "POST"])
@member_required(Permission.DECIDE_REFERRALS)
def decline(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    def act(home_request: HomeRequest, data: dict[str, Any]) -> Any:
        return request_decline(
            home_request=home_request,
            reasons=data["reasons"],
            text=data["text"],
            user=request.user,
        )

    return _decide(
        request,
        pk,
        DeclineForm,
        act,
        "circulation/decline.html",
        "Your decision has been recorded. The referral has left your inbox.",
        then="circulation:inbox",
    )


@require_http_methods(["GET", "POST"])
@member_required(Permission.DECIDE_REFERRALS)
def ask(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    def act(home_request: HomeRequest, data: dict[str, Any]) -> Any:
        return information_request(home_request=home_request, question=data["question"], user=request.user)

    return _decide(
        request, pk, QuestionForm, act, "circulation/ask.html", "Your question has been sent to the local authority."
    )


@require_GET
@member_required(Permission.VIEW_OWN_ORGANISATION)
def addendum(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    home_request: HomeRequest = get_visible_audited_or_404(
        request, home_requests_visible_to(request.user), pk, "circulation.addendum_download"
    )
    response = HttpResponse(addendum_pdf(home_request=home_request), content_type="application/pdf")
    name = f"{home_request.search.referral.reference}-{home_request.home.slug}-addendum.pdf"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["Cache-Control"] = "no-store"
    return response
