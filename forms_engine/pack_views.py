"""Referral packs: the coordinator requests them per home; progress and downloads for those allowed to see them."""

from dataclasses import dataclass

from django import forms
from django.contrib import messages
from django.http import FileResponse, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from accounts.access import Permission, audit_allowed, deny, get_visible_or_404, has_permission, member_required
from accounts.models import Organisation
from accounts.types import AuthenticatedHttpRequest
from ops.storage import protected_storage
from ui.forms import posted

from .access import pack_jobs_visible_to, referrals_visible_to
from .models import PackJob, Referral
from .presenters import ChildBrief, child_brief
from .services.packs import pack_key, packs_request
from .stages import Stage, referral_stages
from .views import _referral


@dataclass(frozen=True)
class SubmittedRow:
    referral: Referral
    child: ChildBrief
    stage: Stage


FILE_TYPES = {"pdf": ("pack.pdf", "application/pdf"), "docx": ("pack.docx", None), "manifest": ("manifest.json", None)}


class HomesForm(forms.Form):
    """Which secure homes get a pack."""

    homes = forms.ModelMultipleChoiceField(
        queryset=Organisation.objects.filter(kind=Organisation.Kind.SECURE_HOME, is_active=True).order_by("name"),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Select at least one secure home"},
    )


@require_GET
@member_required(Permission.COORDINATE_REFERRALS)
def submitted_referrals(request: AuthenticatedHttpRequest) -> HttpResponse:
    referrals = list(referrals_visible_to(request.user).prefetch_related("amendments").order_by("-submitted_at", "-pk"))
    stages = referral_stages(request.user, referrals)
    rows = [SubmittedRow(r, child_brief(r, list(r.amendments.all())), stages[r.pk]) for r in referrals]
    return render(request, "forms_engine/packs/submitted.html", {"rows": rows})


@require_http_methods(["GET", "HEAD", "POST"])
@member_required(Permission.VIEW_OWN_ORGANISATION)
def referral_packs(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    referral = _referral(request, referrals_visible_to(request.user).filter(status=Referral.Status.SUBMITTED), pk)
    can_request = has_permission(request.user, Permission.COORDINATE_REFERRALS)
    form = HomesForm(posted(request)) if can_request else None
    if request.method == "POST" and form is not None and form.is_valid():
        jobs = packs_request(referral=referral, homes=list(form.cleaned_data["homes"]), user=request.user)
        messages.success(request, f"{len(jobs)} pack{'s' if len(jobs) != 1 else ''} requested.")
        return redirect("referrals:packs", pk=referral.pk)
    listed = pack_jobs_visible_to(request.user).filter(referral=referral).order_by("home__name", "-created_at")
    # Refreshes while a pack is queued or being built (the sweeper sees that none stays so for good), never for a
    # page of finished and failed packs.
    busy = any(job.is_busy for job in listed)
    context = {"referral": referral, "jobs": listed, "form": form, "busy": busy}
    return render(request, "forms_engine/packs/status.html", context, status=400 if form and form.errors else 200)


@require_GET
@member_required(Permission.VIEW_OWN_ORGANISATION)
def referral_pack_download(request: AuthenticatedHttpRequest, pk: int, job_pk: int, kind: str) -> FileResponse:
    referral = get_visible_or_404(
        request, referrals_visible_to(request.user).filter(status=Referral.Status.SUBMITTED), pk
    )
    jobs = pack_jobs_visible_to(request.user).filter(referral=referral, state=PackJob.State.DONE)
    job = get_visible_or_404(request, jobs, job_pk)
    name, content_type = FILE_TYPES.get(kind, (None, None))
    if name is None:
        raise deny(request, object_type="forms_engine.packjob", object_id=job_pk)
    audit_allowed(request, action="referral.pack-download", obj=job, recipient=job.home, file_type=kind)
    response = FileResponse(
        protected_storage().open(pack_key(job, name), "rb"),
        as_attachment=True,
        filename=f"{referral.reference}-{job.home.slug}-{name}",
        content_type=content_type,
    )
    response["Cache-Control"] = "no-store"
    return response
