"""Subject access pages for the data-protection lead: choose a child by a referral reference, see what the export
will hold, download it. Views stay thin: privacy/subject_access.py gathers, redacts and packs."""

import tempfile
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.http import FileResponse, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_POST, require_safe

from accounts.access import Permission, audit_allowed, member_required, step_up_required
from accounts.types import AuthenticatedHttpRequest
from documents.files import protected_folder
from forms_engine.models import Referral
from forms_engine.services.amendments import effective_answers
from ops import storage
from ui.forms import GovukForm
from ui.widgets import TextInput

from .subject_access import (
    MAX_EXPORT_BYTES,
    REDACTION_LIMITS,
    REDACTION_RULE,
    SAME_CHILD_RULE,
    SubjectAccess,
    SubjectAccessError,
    export_write,
    gather,
)

# An export up to this size is built in memory; a larger one in an unnamed file in this machine's SCRATCH_ROOT.
IN_MEMORY_BYTES = 32 * 1024 * 1024


class SubjectAccessForm(GovukForm):
    """Which child: any one of their referrals' references."""

    reference = forms.CharField(
        label="Referral reference",
        max_length=16,
        help_text="For example, SW-7KQD-93HX. Any of the child's referrals will do: the export covers all of them.",
        widget=TextInput(attrs={"spellcheck": "false", "autocomplete": "off", "class": "govuk-input--width-10"}),
        error_messages={
            "required": "Enter a referral reference",
            "max_length": "A referral reference is 16 characters or fewer",
        },
    )

    referral: Referral

    def clean_reference(self) -> str:
        reference = "".join(self.cleaned_data["reference"].split()).upper()
        referral = Referral.objects.filter(reference=reference).select_related("local_authority", "version").first()
        if referral is None:
            raise ValidationError("No referral has this reference")
        self.referral = referral
        return reference


def _form_page(request: AuthenticatedHttpRequest, form: SubjectAccessForm) -> HttpResponse:
    return render(request, "privacy/subject_access.html", {"form": form}, status=400 if form.errors else 200)


def _preview(
    request: AuthenticatedHttpRequest, subject: SubjectAccess, *, error: str = "", status: int = 200
) -> HttpResponse:
    answers = effective_answers(subject.chosen)  # the child's details as corrected, if they were
    context: dict[str, Any] = {
        "subject": subject,
        "child_name": " ".join(str(answers.get(key) or "") for key in ("child_first_name", "child_last_name")).strip(),
        "other_names": answers.get("child_other_names", ""),
        "date_of_birth": answers.get("child_date_of_birth", ""),
        "rule": SAME_CHILD_RULE,
        "redaction_rule": REDACTION_RULE,
        "redaction_limits": REDACTION_LIMITS,
        "limit_mb": MAX_EXPORT_BYTES // (1024 * 1024),
        "files_mb": f"{subject.files_size / (1024 * 1024):.1f}",
        "error": error,
    }
    return render(request, "privacy/subject_access_preview.html", context, status=status)


@require_safe
@member_required(Permission.PROTECT_DATA)
@step_up_required
def subject_access(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Ask for a referral reference; with one, what the export of that child will hold."""
    form = SubjectAccessForm(request.GET if "reference" in request.GET else None)
    if not form.is_bound or not form.is_valid():
        return _form_page(request, form)
    subject = gather(form.referral)
    audit_allowed(request, action="privacy.subject_access_preview", obj=form.referral)
    return _preview(request, subject)


@require_POST
@member_required(Permission.PROTECT_DATA)
@step_up_required
def subject_access_export(request: AuthenticatedHttpRequest) -> HttpResponseBase:
    """The child's export as one ZIP, built in the request; audited once it is made."""
    form = SubjectAccessForm(request.POST)
    if not form.is_valid():
        return _form_page(request, form)
    subject = gather(form.referral)
    folder = protected_folder(storage.scratch_root() / "subject-access")
    out = tempfile.SpooledTemporaryFile(
        max_size=IN_MEMORY_BYTES, dir=str(folder)
    )  # the response closes (and so removes) it
    try:
        export_write(subject, out, generated_at=timezone.now(), generated_by=request.user.get_username())
    except SubjectAccessError as error:
        out.close()
        return _preview(request, subject, error=str(error), status=409)
    audit_allowed(request, action="privacy.subject_access_export", obj=form.referral, file_type="zip")
    out.seek(0)
    response = FileResponse(
        out,
        as_attachment=True,
        filename=f"subject-access-{form.referral.reference}.zip",
        content_type="application/zip",
    )
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response
