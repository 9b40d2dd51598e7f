"""Beds: the registered manager declares today's beds; the coordinator sees every home's beds. Views stay thin."""

from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from accounts.access import Permission, deny, get_visible_or_404, has_permission, member_required, membership_for
from accounts.models import Organisation
from accounts.types import AuthenticatedHttpRequest
from ui.charts import ColumnChart, column_chart
from ui.forms import posted

from . import selectors
from .forms import BedDeclarationForm
from .models import BedDeclaration
from .services import DECLARED_FIELDS, bed_declare

BAD_INPUT = 400


def _own_home(request: HttpRequest) -> Organisation:
    """The manager's own secure home; anything else is refused as if it did not exist."""
    membership = membership_for(request.user)
    if membership is None or membership.organisation.kind != Organisation.Kind.SECURE_HOME:
        raise deny(request, object_type="accounts.organisation")
    return membership.organisation


def _initial(home: Organisation) -> dict[str, Any]:
    """Yesterday's answers carried forward, with approved places from the home's profile."""
    last = selectors.last_declaration(home=home)
    initial: dict[str, Any] = {name: getattr(last, name) for name in DECLARED_FIELDS if name != "notes"} if last else {}
    profile = getattr(home, "home_profile", None)
    if profile is not None:
        initial["approved_places"] = profile.approved_places
        if not profile.takes_welfare:
            initial["available_welfare"] = 0
        if not profile.takes_justice:
            initial["available_justice"] = 0
    initial.setdefault("max_staffing_ratio", BedDeclaration.StaffingRatio.STANDARD)
    initial.setdefault("sexes", BedDeclaration.Sexes.ANY)
    return {"min_age": 10, "max_age": 17, **initial}


@require_http_methods(["GET", "POST"])
@member_required(Permission.DECLARE_BEDS)
def declare(request: AuthenticatedHttpRequest) -> HttpResponse:
    home = _own_home(request)
    profile = getattr(home, "home_profile", None)
    form = BedDeclarationForm(
        posted(request),
        initial=_initial(home),
        takes_welfare=profile.takes_welfare if profile else True,
        takes_justice=profile.takes_justice if profile else True,
    )
    if form.is_valid():
        try:
            declaration = bed_declare(home=home, user=request.user, data=form.cleaned_data)
        except ValidationError as error:
            for field, messages in error.message_dict.items():
                form.add_error(field if field in form.fields else None, messages)
        else:
            return redirect("beds:declared", pk=declaration.pk)
    today = selectors.latest_declarations(on=timezone.localdate()).filter(home=home).first()
    context = {"form": form, "home": home, "profile": profile, "today": today, "on": timezone.localdate()}
    return render(request, "beds/declare.html", context, status=BAD_INPUT if form.errors else 200)


@require_GET
@member_required(Permission.DECLARE_BEDS)
def declared(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    home = _own_home(request)
    declaration = get_visible_or_404(request, BedDeclaration.objects.filter(home=home), pk)
    return render(request, "beds/declared.html", {"declaration": declaration, "home": home})


def _homes_visible(request: HttpRequest) -> Any:
    """Every home for the coordinator, the manager's own home for a manager, nothing for anyone else."""
    if has_permission(request.user, Permission.COORDINATE_REFERRALS):
        return selectors.secure_homes()
    if has_permission(request.user, Permission.DECLARE_BEDS):
        membership = membership_for(request.user)
        return selectors.secure_homes().filter(pk=membership.organisation_id if membership else 0)
    raise deny(request)


def _chart(rows: list[dict[str, Any]]) -> ColumnChart:
    """The 30-day chart: nominal available welfare beds (bars), staffed capacity (line), n/d on undeclared days."""
    return column_chart(
        labels=[f"{row['date']:%-d %b}" for row in rows],
        series=[("Available welfare beds (nominal)", [row["available_welfare"] for row in rows])],
        line=("Staffed capacity", [row["staffed_capacity"] for row in rows]),
        gaps=[i for i, row in enumerate(rows) if not row["homes_declared"]],
        gap_meaning="no declaration that day",
        label_every=5,
        height=260,
    )


@require_GET
@member_required()
def home_history(request: AuthenticatedHttpRequest, home_pk: int) -> HttpResponse:
    home = get_visible_or_404(request, _homes_visible(request), home_pk)
    rows = selectors.network_daily(days=30, home=home)
    context = {
        "home": home,
        "declarations": selectors.home_history(home=home, days=30),
        "chart": _chart(rows),
        "rows": rows,
        "is_coordinator": has_permission(request.user, Permission.COORDINATE_REFERRALS),
    }
    return render(request, "beds/home_history.html", context)


@require_GET
@member_required(Permission.COORDINATE_REFERRALS)
def today(request: AuthenticatedHttpRequest) -> HttpResponse:
    on = timezone.localdate()
    homes = selectors.beds_on(on=on)
    rows = selectors.network_daily(days=30, today=on)
    totals = {
        "available_welfare": sum(h.available_welfare for h in homes),
        "available_justice": sum(h.available_justice for h in homes),
        "staffed_capacity": sum(h.staffed_capacity for h in homes),
        "bookable": sum(h.bookable for h in homes),
        "approved_places": sum(getattr(getattr(h.home, "home_profile", None), "approved_places", 0) for h in homes),
        "declared": sum(1 for h in homes if h.declared),
        "homes": len(homes),
    }
    context = {"on": on, "homes": homes, "totals": totals, "chart": _chart(rows), "rows": rows}
    return render(request, "beds/today.html", context)
