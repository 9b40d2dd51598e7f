"""The coordination unit circulates a submitted referral to homes and closes searches that end unplaced."""

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from accounts.access import Permission, get_visible_audited_or_404, member_required
from accounts.types import AuthenticatedHttpRequest
from beds.selectors import HomeBeds, beds_on, homes_matching, secure_homes
from forms_engine.access import referrals_visible_to
from forms_engine.models import Referral
from forms_engine.services.amendments import effective_answers
from ui.forms import posted

from ..forms import CirculateForm, CloseForm
from ..models import Search
from ..services import TransitionRefused, search_circulate, search_close
from .common import BAD_INPUT, CONFLICT, child_age, child_sex, errors_onto, search_visible


def _unbookable(homes: Any, beds: dict[int, HomeBeds]) -> dict[int, str]:
    """The homes that cannot take a welfare placement on today's declarations, and why."""
    why = {}
    for home in homes:
        row = beds.get(home.pk)
        if row is None or not row.declared:
            why[home.pk] = "has not declared its beds today"
        elif row.bookable < 1:
            why[home.pk] = "has no bookable welfare bed today"
    return why


@require_http_methods(["GET", "POST"])
@member_required(Permission.COORDINATE_REFERRALS)
def circulate(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    referral = get_visible_audited_or_404(
        request,
        referrals_visible_to(request.user).filter(status=Referral.Status.SUBMITTED),
        pk,
        "circulation.circulate_view",
    )
    search = Search.objects.filter(referral=referral).prefetch_related("requests__home").first()
    asked = list(search.requests.all()) if search else []
    candidates = secure_homes().exclude(pk__in=[r.home_id for r in asked])
    answers = effective_answers(referral)  # as corrected
    age, sex = child_age(answers), child_sex(answers)
    matching = set(homes_matching(sex=sex, age=age).values_list("pk", flat=True))
    beds = {row.home.pk: row for row in beds_on()}
    form = CirculateForm(
        posted(request),
        homes=candidates,
        unbookable=_unbookable(candidates, beds),
        initial={"homes": [h.pk for h in candidates if h.pk in matching]},
    )
    status = 200
    if request.method == "POST":
        status = BAD_INPUT
        if form.is_valid():
            try:
                created = search_circulate(
                    referral=referral,
                    homes=list(form.cleaned_data["homes"]),
                    user=request.user,
                )
            except TransitionRefused as refused:
                form.add_error(None, str(refused))
                status = CONFLICT
            else:
                messages.success(request, f"Sent to {len(created)} secure home{'s' if len(created) != 1 else ''}.")
                return redirect("circulation:search", pk=referral.pk)
    rows = [{"home": home, "beds": beds.get(home.pk), "matching": home.pk in matching} for home in candidates]
    context = {
        "referral": referral,
        "search": search,
        "asked": asked,
        "form": form,
        "rows": rows,
        "age": age,
        "sex": sex,
    }
    return render(request, "circulation/circulate.html", context, status=status)


@require_http_methods(["GET", "POST"])
@member_required(Permission.COORDINATE_REFERRALS)
def close(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    search = search_visible(request, pk, "circulation.close_view")
    form = CloseForm(posted(request))
    status = 200
    if request.method == "POST":
        status = BAD_INPUT
        if form.is_valid():
            try:
                search_close(search=search, user=request.user, **form.service_kwargs())
            except TransitionRefused as refused:
                form.add_error(None, str(refused))
                status = CONFLICT
            except ValidationError as error:
                errors_onto(form, error)
            else:
                messages.success(request, f"The search for {search.referral.reference} is closed.")
                return redirect("circulation:search", pk=search.referral_id)
    return render(request, "circulation/close.html", {"search": search, "form": form}, status=status)
