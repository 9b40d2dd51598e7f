"""The placed home's first-72-hours key information: its download and its acknowledgement, for that home only."""

from django.contrib import messages
from django.http import FileResponse, HttpResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_GET, require_POST

from accounts.access import Permission, audit_allowed, get_visible_audited_or_404, get_visible_or_404, member_required
from accounts.types import AuthenticatedHttpRequest
from ops.storage import protected_storage

from ..access import key_information_visible_to
from ..models import KeyInformationSheet
from ..services import TransitionRefused, key_information_acknowledge
from ..services.first_72_hours import FILE_NAME


@require_GET
@member_required(Permission.DECIDE_REFERRALS)
def key_information_download(request: AuthenticatedHttpRequest, pk: int) -> FileResponse:
    sheet: KeyInformationSheet = get_visible_or_404(request, key_information_visible_to(request.user), pk)
    placement = sheet.placement
    audit_allowed(
        request, action="circulation.key_information_download", obj=sheet, recipient=placement.home, file_type="pdf"
    )
    response = FileResponse(
        protected_storage().open(sheet.stored_name, "rb"),
        as_attachment=True,
        filename=f"{placement.search.referral.reference}-{placement.home.slug}-{FILE_NAME}",
        content_type="application/pdf",
    )
    response["Cache-Control"] = "no-store"
    return response


@require_POST
@member_required(Permission.DECIDE_REFERRALS)
def key_information_acknowledged(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    sheet: KeyInformationSheet = get_visible_audited_or_404(
        request, key_information_visible_to(request.user), pk, "circulation.key_information_acknowledge_view"
    )
    try:
        key_information_acknowledge(sheet=sheet, user=request.user)
    except TransitionRefused as refused:
        messages.error(request, str(refused))
    else:
        messages.success(request, "Thank you. The local authority can see that your home has the key information.")
    return redirect("circulation:request", pk=sheet.placement.home_request_id)
