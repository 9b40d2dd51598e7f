"""Messages the service could not send: the unit's list (recipient's domain, subject and reference, never the
body, which may hold a sign-in link) and "try again", for one message or for all of them."""

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from accounts.access import Permission, member_required
from accounts.models import AuditEvent
from accounts.services import audit_record
from accounts.types import AuthenticatedHttpRequest
from ops.notifications import BATCH, failed_messages, notifications_try_again, outbox_counts

LISTED = 200


@require_GET
@member_required(Permission.COORDINATE_REFERRALS)
def outbox_failed(request: AuthenticatedHttpRequest) -> HttpResponse:
    counts = outbox_counts()
    context = {"failed": failed_messages()[:LISTED], "counts": counts, "listed": min(counts["failed"], LISTED)}
    return render(request, "coordination/outbox_failed.html", context)


def _tried_again(request: AuthenticatedHttpRequest, count: int, *, object_id: object) -> HttpResponse:
    audit_record(
        actor=request.user,
        action="coordination.outbox_try_again",
        outcome=AuditEvent.Outcome.SUCCEEDED,
        object_type="ops.outboxmessage",
        object_id=object_id,
    )
    if count:
        messages.success(
            request,
            "The message will be sent again in the next minute."
            if count == 1
            else f"{count} messages will be sent again in the next few minutes.",
        )
    else:
        messages.info(request, "There was nothing to send again: someone may already have tried it again.")
    return redirect("coordination:outbox-failed")


@require_POST
@member_required(Permission.COORDINATE_REFERRALS)
def outbox_try_again(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    return _tried_again(request, notifications_try_again(pks=[pk]), object_id=pk)


@require_POST
@member_required(Permission.COORDINATE_REFERRALS)
def outbox_try_all_again(request: AuthenticatedHttpRequest) -> HttpResponse:
    count = notifications_try_again()
    if count == BATCH:
        messages.info(request, f"Messages are tried again {BATCH} at a time: choose the button again for the rest.")
    return _tried_again(request, count, object_id="all")
