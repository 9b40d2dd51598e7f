"""Editors' screens for pack templates in the Wagtail admin: see, download, upload (checked) and withdraw."""

from django.contrib import messages
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from accounts.access import Permission, get_visible_or_404, member_required, step_up_required
from accounts.models import AuditEvent
from accounts.services import audit_record
from accounts.types import AuthenticatedHttpRequest
from ui.forms import posted

from .admin_forms import PackTemplateUploadForm
from .models import FormVersion, PackTemplate
from .packs.errors import TemplateMissing
from .packs.identity import template_current
from .services.pack_templates import pack_template_upload, pack_template_withdraw

BAD_INPUT = 400


def _version(request: HttpRequest, pk: int) -> FormVersion:
    return get_visible_or_404(request, FormVersion.objects.select_related("form"), pk)


def _context(version: FormVersion, form: PackTemplateUploadForm, refused: PackTemplate | None = None) -> dict:
    try:
        current = template_current(version)
    except TemplateMissing:
        current = None
    return {
        "version": version,
        "form": form,
        "refused": refused,
        "current": current,
        "live": version.pack_templates.filter(state=PackTemplate.State.LIVE).first(),
        "templates": version.pack_templates.select_related("uploaded_by")[:20],
        "mocks": version.mock_referrals.all(),
    }


@require_http_methods(["GET", "HEAD", "POST"])
@member_required(Permission.EDIT_SITE)
@step_up_required(methods=frozenset({"POST"}))
def pack_templates(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The version's template in use, the upload form and the history; a refused upload is a 400 with its problems."""
    version = _version(request, pk)
    form = PackTemplateUploadForm(posted(request), request.FILES or None)
    if request.method == "POST" and form.is_valid():
        template = pack_template_upload(
            version=version,
            upload=form.cleaned_data["template"],
            user=request.user,
        )
        if template.state == PackTemplate.State.LIVE:
            messages.success(request, f"{template.original_name} is now the pack template for {version.label}.")
            return redirect("forms_engine_admin:pack-templates", pk=version.pk)
        return render(
            request, "forms_engine/admin/pack_templates.html", _context(version, form, template), status=BAD_INPUT
        )
    status = BAD_INPUT if request.method == "POST" else 200
    return render(request, "forms_engine/admin/pack_templates.html", _context(version, form), status=status)


@require_safe
@member_required(Permission.EDIT_SITE)
def pack_template_download(request: AuthenticatedHttpRequest, pk: int) -> FileResponse:
    """The template packs of this version use now, to edit and upload again."""
    version = _version(request, pk)
    current = template_current(version)
    audit_record(
        actor=request.user,
        action="pack_template.download",
        outcome=AuditEvent.Outcome.SUCCEEDED,
        object_type="forms_engine.formversion",
        object_id=str(version.pk),
    )
    name = f"{version.form.key}-v{version.number}-pack-template.docx"
    return FileResponse(current.path.open("rb"), as_attachment=True, filename=name)


@require_POST
@member_required(Permission.EDIT_SITE)
def pack_template_withdraw_view(request: AuthenticatedHttpRequest, pk: int, template_pk: int) -> HttpResponse:
    """Stop using an uploaded template: the shipped template is used again."""
    version = _version(request, pk)
    live = version.pack_templates.filter(state=PackTemplate.State.LIVE)
    template = get_visible_or_404(request, live, template_pk)
    pack_template_withdraw(template=template, user=request.user)
    messages.success(request, f"{template.original_name} is no longer used; packs use the shipped template again.")
    return redirect("forms_engine_admin:pack-templates", pk=version.pk)
