"""Editors preview any version exactly as social workers see it. Answers live only in the editor's session."""

from typing import Any

from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from accounts.access import Permission, deny, get_visible_or_404, member_required
from accounts.types import AuthenticatedHttpRequest
from ui.forms import posted
from vocabulary.codelists import CODE_LISTS

from .journey import find_page, find_section, next_page, task_list, visible_questions
from .models import FormVersion
from .page_forms import page_form

BAD_INPUT = 400


def _session_key(version: FormVersion) -> str:
    return f"form-preview-{version.pk}"


def _code_lists(version: FormVersion) -> dict[str, Any]:
    """A draft has no snapshot yet: preview it with today's code lists."""

    return version.code_lists or CODE_LISTS


@require_safe
@member_required(Permission.EDIT_SITE)
def preview_task_list(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    version = get_visible_or_404(request, FormVersion.objects.all(), pk)
    answers = request.session.get(_session_key(version), {})
    context = {"version": version, "states": task_list(version.journey_schema, answers, set())}
    return render(request, "forms_engine/preview/task_list.html", context)


@require_http_methods(["GET", "HEAD", "POST"])
@member_required(Permission.EDIT_SITE)
def preview_page(request: AuthenticatedHttpRequest, pk: int, section: str, page: str) -> HttpResponse:
    version = get_visible_or_404(request, FormVersion.objects.all(), pk)
    section_spec = find_section(version.journey_schema, section)
    page_spec = find_page(section_spec, page) if section_spec else None
    if section_spec is None or page_spec is None:
        raise deny(request, object_type="forms_engine.formversion", object_id=pk)
    answers = request.session.get(_session_key(version), {})
    question = page_spec["questions"][0]
    special = question["type"] in {"repeating_group", "attachment"}
    preview_spec = {**page_spec, "questions": question.get("fields", [])} if special else page_spec
    form = (
        page_form(preview_spec, answers, _code_lists(version), posted(request)) if preview_spec["questions"] else None
    )
    if request.method == "POST" and (form is None or form.is_valid()):
        if form is not None and not special:
            answers.update({k: v for k, v in form.cleaned_data.items() if v not in (None, "", [])})
            request.session[_session_key(version)] = answers
        following = next_page(section_spec, page, answers) if "save_and_exit" not in request.POST else None
        if following is None:
            return redirect("forms_engine_admin:preview", pk=pk)
        return redirect("forms_engine_admin:preview-page", pk=pk, section=section, page=following["key"])
    context = {
        "version": version,
        "section": section_spec,
        "page": page_spec,
        "question": question,
        "form": form,
        "special": special,
        "shown": bool(visible_questions(page_spec, answers)),
    }
    status = BAD_INPUT if request.method == "POST" else 200
    return render(request, "forms_engine/preview/page.html", context, status=status)


@require_POST
@member_required(Permission.EDIT_SITE)
def preview_reset(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    version = get_visible_or_404(request, FormVersion.objects.all(), pk)
    request.session.pop(_session_key(version), None)
    return redirect("forms_engine_admin:preview", pk=pk)
