"""Liberty safeguards pages. Views stay thin: parse, authorise (liberty.access), call one service, render."""

from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from accounts.access import (
    Permission,
    audit_allowed,
    deny,
    get_visible_audited_or_404,
    has_permission,
    member_required,
)
from accounts.types import AuthenticatedHttpRequest
from forms_engine.access import refers
from ui.forms import GovukForm, posted

from . import selectors, services, ssda903
from .access import notifications_recordable_by, orders_recordable_by, orders_visible_to, referrals_for_orders
from .forms import EndForm, ExitPlanForm, OrderForm, PlanForm, ReviewForm, SentForm
from .models import LibertyOrder

BAD_INPUT = 400


# The service's model fields, as the forms ask for them.
_FORM_FIELD = {"ended_at": "ended_date", "starts_at": "start_date"}


def _errors_to_form(form: GovukForm, error: ValidationError) -> None:
    for field, messages in error.message_dict.items():
        name = _FORM_FIELD.get(field, field)
        form.add_error(name if name in form.fields else None, messages)


def _form_page(
    request: AuthenticatedHttpRequest, template: str, form: GovukForm, *, order: LibertyOrder, **extra: Any
) -> HttpResponse:
    """A form about one order: the caption names the referral, Back returns to the order."""
    context = {"form": form, "order": order, "caption": order.referral.reference, "back": order.get_absolute_url()}
    return render(request, template, context | extra, status=BAD_INPUT if form.errors else 200)


@require_GET
@member_required()
def order_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The unit's and an authority's children with their orders; a home's current orders of children placed there."""
    if has_permission(request.user, Permission.DECIDE_REFERRALS):
        orders = orders_visible_to(request.user).order_by("expires_on")
        audit_allowed(request, action="liberty.home_list")
        return render(request, "liberty/home_list.html", {"orders": orders})
    if not (refers(request.user) or has_permission(request.user, Permission.COORDINATE_REFERRALS)):
        raise deny(request)
    referrals = referrals_for_orders(request.user).prefetch_related("liberty_orders").order_by("-submitted_at")
    audit_allowed(request, action="liberty.list")
    return render(request, "liberty/list.html", {"referrals": referrals, "may_record": refers(request.user)})


@require_GET
@member_required()
def child(request: AuthenticatedHttpRequest, referral_pk: int) -> HttpResponse:
    referral = get_visible_audited_or_404(request, referrals_for_orders(request.user), referral_pk, "liberty.child")
    context = {
        "referral": referral,
        "orders": referral.liberty_orders.all(),
        "counter": selectors.child_counter(referral),
        "may_record": refers(request.user),
        "search": getattr(referral, "search", None),
    }
    return render(request, "liberty/child.html", context)


@require_http_methods(["GET", "POST"])
@member_required()
def order_record(request: AuthenticatedHttpRequest, referral_pk: int) -> HttpResponse:
    if not refers(request.user):
        raise deny(request)
    referral = get_visible_audited_or_404(request, referrals_for_orders(request.user), referral_pk, "liberty.record")
    form = OrderForm(posted(request), initial={"setting_nation": LibertyOrder.Nation.ENGLAND})
    if form.is_valid():
        try:
            order = services.order_record(
                referral=referral,
                data=form.cleaned_data,
                starts_at=form.starts_at(),
                ended_at=form.ended_at(),
                user=request.user,
            )
        except ValidationError as error:
            _errors_to_form(form, error)
        else:
            return redirect(order.get_absolute_url())
    context = {
        "form": form,
        "caption": referral.reference,
        "back": reverse("liberty:child", args=[referral.pk]),
        "heading": "Record an order",
        "button": "Record the order",
    }
    return render(request, "liberty/order_form.html", context, status=BAD_INPUT if form.errors else 200)


@require_GET
@member_required()
def order_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    order: LibertyOrder = get_visible_audited_or_404(request, orders_visible_to(request.user), pk, "liberty.order")
    reviews = list(order.reviews.all())
    context = {
        "order": order,
        "reviews": reviews,
        "criteria_not_met": bool(reviews) and not reviews[0].criteria_met and order.is_current(),
        "review_due": services.review_next_due(order) if order.is_court_order and order.is_current() else None,
        "notification": getattr(order, "notification", None),
        "destination": getattr(order, "destination", None),
        "may_record": refers(request.user),
        "counter": selectors.child_counter(order.referral) if order.kind == LibertyOrder.Kind.NO_ORDER else None,
        "today": timezone.localdate(),
    }
    return render(request, "liberty/order_detail.html", context)


def _recordable(request: AuthenticatedHttpRequest, pk: int, action: str) -> LibertyOrder:
    return get_visible_audited_or_404(request, orders_recordable_by(request.user), pk, action)


@require_http_methods(["GET", "POST"])
@member_required()
def order_plan(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    order = _recordable(request, pk, "liberty.plan")
    initial = {"exit_plan": order.exit_plan, "next_hearing_on": order.next_hearing_on}
    form = PlanForm(posted(request), initial=initial)
    if form.is_valid():
        data = form.cleaned_data
        services.order_plan_update(
            order=order, next_hearing_on=data.get("next_hearing_on"), exit_plan=data["exit_plan"], user=request.user
        )
        return redirect(order.get_absolute_url())
    return _form_page(
        request, "liberty/plan_form.html", form, order=order, heading="Next hearing and plan", button="Save"
    )


@require_http_methods(["GET", "POST"])
@member_required()
def exit_plan(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The exit and step-down plan: where the child goes when the order ends, in the exit record's codes."""
    order = _recordable(request, pk, "liberty.exit_plan")
    form = ExitPlanForm(posted(request), initial=ExitPlanForm.initial_for(getattr(order, "destination", None)))
    if form.is_valid():
        try:
            services.exit_plan_record(order=order, data=form.plan_data(), user=request.user)
        except ValidationError as error:
            _errors_to_form(form, error)
        else:
            return redirect(order.get_absolute_url())
    return _form_page(
        request, "liberty/exit_plan_form.html", form, order=order, heading="Exit and step-down plan", button="Save"
    )


@require_http_methods(["GET", "POST"])
@member_required()
def order_end(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    order = _recordable(request, pk, "liberty.end")
    form = EndForm(posted(request))
    if form.is_valid():
        ended_at = form.ended_at()
        try:
            services.order_end(order=order, ended_at=ended_at or timezone.now(), user=request.user)
        except ValidationError as error:
            _errors_to_form(form, error)
        else:
            return redirect(order.get_absolute_url())
    return _form_page(
        request,
        "liberty/end_form.html",
        form,
        order=order,
        destination=getattr(order, "destination", None),
        heading="End the restriction",
        button="End it",
    )


@require_http_methods(["GET", "POST"])
@member_required()
def review(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    order = _recordable(request, pk, "liberty.review")
    form = ReviewForm(posted(request))
    if form.is_valid():
        try:
            services.review_record(order=order, data=form.review_data(), user=request.user)
        except ValidationError as error:
            _errors_to_form(form, error)
        else:
            return redirect(order.get_absolute_url())
    return _form_page(
        request, "liberty/review_form.html", form, order=order, heading="Record a review", button="Record the review"
    )


@require_http_methods(["GET", "POST"])
@member_required()
def notice_sent(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    notification = get_visible_audited_or_404(request, notifications_recordable_by(request.user), pk, "liberty.sent")
    form = SentForm(posted(request))
    if form.is_valid():
        try:
            services.notification_mark_sent(
                notification=notification, sent_on=form.cleaned_data["sent_on"], user=request.user
            )
        except ValidationError as error:
            _errors_to_form(form, error)
        else:
            return redirect(notification.order.get_absolute_url())
    return _form_page(
        request,
        "liberty/sent_form.html",
        form,
        order=notification.order,
        notification=notification,
        heading="Mark the notice as sent",
        button="Mark as sent",
    )


@require_GET
@member_required(Permission.COORDINATE_REFERRALS)
def ending(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The coordinator's view: orders ending within 28 days with no plan or hearing date, or with no destination;
    notices overdue and reviews due."""
    orders = orders_visible_to(request.user)
    audit_allowed(request, action="liberty.ending")
    context = {
        "ending": selectors.ending_without_plan(orders),
        "no_destination": selectors.ending_without_destination(orders),
        "overdue": selectors.notifications_overdue(orders),
        "reviews": selectors.reviews_due(orders),
        "today": timezone.localdate(),
    }
    return render(request, "liberty/ending.html", context)


@require_GET
@member_required()
def ssda903_table(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The authority's SSDA903 2026-27 DoL table, checked against the return's rules before download."""
    if not refers(request.user):
        raise deny(request)
    rows, failures = ssda903.table_for(orders=orders_recordable_by(request.user))
    audit_allowed(request, action="liberty.ssda903")
    context = {"rows": rows, "failures": failures, "year": ssda903.COLLECTION_YEAR}
    return render(request, "liberty/ssda903.html", context)


@require_GET
@member_required()
def ssda903_download(request: AuthenticatedHttpRequest) -> HttpResponse:
    if not refers(request.user):
        raise deny(request)
    rows, failures = ssda903.table_for(orders=orders_recordable_by(request.user))
    if any(f.is_error for f in failures):
        return redirect("liberty:ssda903")
    audit_allowed(request, action="liberty.ssda903_download", file_type="csv")
    response = HttpResponse(ssda903.csv_text(rows), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="ssda903-2026-27-dolo.csv"'
    return response
