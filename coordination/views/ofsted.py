"""Ofsted notifications: the LA's list, one letter's page (review, download, mark as sent), and the download."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.access import (
    Permission,
    deny,
    get_visible_audited_or_404,
    member_required,
)
from accounts.types import AuthenticatedHttpRequest
from ops import storage
from ui.forms import posted

from .. import selectors, services
from ..forms import SentForm
from ..models import OfstedNotification
from .common import BAD_INPUT, is_referrer, require_any


def _notification(request: HttpRequest, pk: int, *, action: str) -> OfstedNotification:
    require_any(request, Permission.START_REFERRAL, Permission.COORDINATE_REFERRALS)
    notifications = selectors.ofsted_notifications_visible_to(request.user)
    notification: OfstedNotification = get_visible_audited_or_404(request, notifications, pk, action)
    return notification


@require_GET
@member_required(Permission.VIEW_OWN_ORGANISATION)
def ofsted_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    require_any(request, Permission.START_REFERRAL, Permission.COORDINATE_REFERRALS)
    notifications = selectors.ofsted_notifications_visible_to(request.user).order_by("status", "-drafted_at")
    return render(request, "coordination/ofsted_list.html", {"notifications": notifications})


@require_http_methods(["GET", "HEAD", "POST"])
@member_required(Permission.VIEW_OWN_ORGANISATION)
def ofsted_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    notification = _notification(request, pk, action="coordination.ofsted_view")
    can_send = is_referrer(request) and notification.status == OfstedNotification.Status.DRAFTED
    form = SentForm(posted(request)) if can_send else None
    if request.method == "POST":
        if form is None:
            raise deny(request, object_type="coordination.ofstednotification", object_id=pk)
        if form.is_valid():
            try:
                services.ofsted_notification_mark_sent(
                    notification=notification,
                    user=request.user,
                    sent_on=form.cleaned_data["sent_on"],
                )
            except ValidationError as error:
                for message in error.message_dict.get("sent_on", []):
                    form.add_error("sent_on", message)
            except services.UpkeepRefused as refusal:
                form.add_error("sent_on", str(refusal))
            else:
                messages.success(request, f"The letter is recorded as sent to {notification.get_regulator_display()}.")
                return redirect("coordination:ofsted-detail", pk=notification.pk)
    context = {"notification": notification, "search": notification.search, "form": form}
    return render(
        request, "coordination/ofsted_detail.html", context, status=BAD_INPUT if form and form.errors else 200
    )


@require_POST
@member_required(Permission.VIEW_OWN_ORGANISATION)
def ofsted_redraft(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    notification = _notification(request, pk, action="coordination.ofsted_redraft")
    notification = services.ofsted_notification_draft(search=notification.search, user=request.user)
    if notification.status == OfstedNotification.Status.FAILED:
        messages.error(request, "The letter could not be drafted. Contact the service team.")
    else:
        messages.success(request, "The letter is ready to review.")
    return redirect("coordination:ofsted-detail", pk=notification.pk)


@require_GET
@member_required(Permission.VIEW_OWN_ORGANISATION)
def ofsted_download(request: AuthenticatedHttpRequest, pk: int) -> FileResponse:
    notification = _notification(request, pk, action="coordination.ofsted_download")
    key = services.ofsted_notification_key(notification)
    if notification.status == OfstedNotification.Status.FAILED or not storage.exists(key):
        raise deny(request, object_type="coordination.ofstednotification", object_id=pk)
    response = FileResponse(
        storage.protected_storage().open(key, "rb"),
        as_attachment=True,
        filename=f"ofsted-notification-{notification.search.referral.reference}.docx",
        content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "no-store"
    return response
