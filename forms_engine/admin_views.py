"""Editors' screens for form versions in the Wagtail admin: list, view, diff, draft, edit and publish."""

from django.contrib import messages
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from accounts.access import Permission, deny, get_visible_or_404, member_required, step_up_required
from accounts.models import AuditEvent
from accounts.services import audit_record
from accounts.types import AuthenticatedHttpRequest
from ui.forms import posted

from .admin_forms import DraftEditForm, NewQuestionForm, PublishForm, QuestionForm
from .diff import Change, schema_diff
from .models import Form, FormVersion
from .schema import SchemaError, question_index, validate_schema
from .schema_edit import format_options, parse_options, question_add, question_remove, question_update
from .services import form_version_create_draft, form_version_publish, form_version_update_draft


def _versions() -> QuerySet[FormVersion]:
    return FormVersion.objects.select_related("form", "published_by")


def _schema_problems(version: FormVersion) -> list[str]:
    try:
        validate_schema(version.schema)
    except SchemaError as exc:
        return exc.problems
    return []


@require_safe
@member_required(Permission.EDIT_SITE)
def version_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    forms = Form.objects.prefetch_related("versions")
    return render(request, "forms_engine/admin/version_list.html", {"forms": forms})


def _changes(against: FormVersion, version: FormVersion) -> list[Change]:
    """From the compared version to this one; this version's migration rules name renames when it follows it."""
    rules = version.migration_rules if version.number == against.number + 1 else []
    return schema_diff(against.schema, version.schema, rules)


@require_safe
@member_required(Permission.EDIT_SITE)
def version_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    version = get_visible_or_404(request, _versions(), pk)
    others = version.form.versions.exclude(pk=version.pk)
    against = others.filter(pk=request.GET.get("against") or 0).first() if request.GET.get("against") else None
    return render(
        request,
        "forms_engine/admin/version_detail.html",
        {
            "version": version,
            "others": others,
            "against": against,
            "changes": _changes(against, version) if against else None,
            "problems": _schema_problems(version) if not version.is_published else [],
            "publish_form": PublishForm(initial={"effective_from": timezone.localdate()}),
        },
    )


@require_POST
@member_required(Permission.EDIT_SITE)
def version_create_draft(request: AuthenticatedHttpRequest, form_pk: int) -> HttpResponse:
    form = get_visible_or_404(request, Form.objects.all(), form_pk)
    number = (form.versions.order_by("-number").values_list("number", flat=True).first() or 0) + 1
    version = form_version_create_draft(form=form, label=f"{form.title} v{number} (draft)")
    audit_record(
        actor=request.user, action="form_version.create_draft", outcome=AuditEvent.Outcome.SUCCEEDED, obj=version
    )
    messages.success(request, f"{version.label} created as a copy of the live version.")
    return redirect("forms_engine_admin:version-edit", pk=version.pk)


@require_http_methods(["GET", "HEAD", "POST"])
@member_required(Permission.EDIT_SITE)
def version_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    version = get_visible_or_404(request, _versions().filter(state=FormVersion.State.DRAFT), pk)
    initial = {"label": version.label, "schema": version.schema, "migration_rules": version.migration_rules}
    form = DraftEditForm(posted(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        version.label = form.cleaned_data["label"]
        form_version_update_draft(
            version=version, schema=form.cleaned_data["schema"], rules=form.cleaned_data["migration_rules"] or []
        )
        audit_record(actor=request.user, action="form_version.edit", outcome=AuditEvent.Outcome.SUCCEEDED, obj=version)
        messages.success(request, f"{version.label} saved.")
        return redirect("forms_engine_admin:version-detail", pk=version.pk)
    return render(request, "forms_engine/admin/version_edit.html", {"version": version, "form": form})


@require_POST
@member_required(Permission.EDIT_SITE)
@step_up_required
def version_publish(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    version = get_visible_or_404(request, _versions().filter(state=FormVersion.State.DRAFT), pk)
    form = PublishForm(request.POST)
    if not form.is_valid():
        messages.error(request, "; ".join(str(e) for errors in form.errors.values() for e in errors))
        return redirect("forms_engine_admin:version-detail", pk=version.pk)
    try:
        version = form_version_publish(
            version=version, user=request.user, effective_from=form.cleaned_data["effective_from"]
        )
    except SchemaError as exc:
        messages.error(request, "This version cannot be published: " + "; ".join(exc.problems))
        return redirect("forms_engine_admin:version-detail", pk=version.pk)
    audit_record(actor=request.user, action="form_version.publish", outcome=AuditEvent.Outcome.SUCCEEDED, obj=version)
    when = (
        "is now live"
        if version.state == FormVersion.State.LIVE
        else f"will go live on {version.effective_from:%-d %B %Y}"
    )
    messages.success(request, f"{version.label} {when}.")
    return redirect("forms_engine_admin:version-detail", pk=version.pk)


def _drafts() -> QuerySet[FormVersion]:
    return _versions().filter(state=FormVersion.State.DRAFT)


def _save_schema(request: HttpRequest, version: FormVersion, schema: dict, done: str) -> HttpResponse:
    form_version_update_draft(version=version, schema=schema, rules=version.migration_rules)
    audit_record(actor=request.user, action="form_version.edit", outcome=AuditEvent.Outcome.SUCCEEDED, obj=version)
    messages.success(request, done)
    return redirect("forms_engine_admin:version-detail", pk=version.pk)


def _question_changes(data: dict) -> dict:
    changes = {"label": data["label"], "hint": data["hint"], "required": data["required"]}
    if data.get("options"):
        changes["options"] = parse_options(data["options"])
    return changes


@require_http_methods(["GET", "HEAD", "POST"])
@member_required(Permission.EDIT_SITE)
def question_edit(request: AuthenticatedHttpRequest, pk: int, key: str) -> HttpResponse:
    version = get_visible_or_404(request, _drafts(), pk)
    question = question_index(version.schema).get(key)
    if question is None:
        raise deny(request, object_type="forms_engine.formversion", object_id=pk)
    initial = {**question, "options": format_options(question.get("options", []))}
    form = QuestionForm(posted(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            schema = question_update(version.schema, key, _question_changes(form.cleaned_data))
        except SchemaError as exc:
            form.add_error(None, "; ".join(exc.problems))
        else:
            return _save_schema(request, version, schema, f"Question {key} saved.")
    context = {"version": version, "form": form, "title": f"Edit question {key}"}
    return render(request, "forms_engine/admin/question_form.html", context)


@require_http_methods(["GET", "HEAD", "POST"])
@member_required(Permission.EDIT_SITE)
def question_create(request: AuthenticatedHttpRequest, pk: int, section: str) -> HttpResponse:
    version = get_visible_or_404(request, _drafts(), pk)
    form = NewQuestionForm(posted(request))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        question = {"key": data["key"], "type": data["type"], **_question_changes(data)}
        if data["code_list"]:
            question["code_list"] = data["code_list"]
        try:
            schema = question_add(version.schema, section, question)
        except SchemaError as exc:
            form.add_error(None, "; ".join(exc.problems))
        else:
            return _save_schema(request, version, schema, f"Question {data['key']} added.")
    context = {"version": version, "form": form, "title": f"Add a question to {section}"}
    return render(request, "forms_engine/admin/question_form.html", context)


@require_POST
@member_required(Permission.EDIT_SITE)
def question_delete(request: AuthenticatedHttpRequest, pk: int, key: str) -> HttpResponse:
    version = get_visible_or_404(request, _drafts(), pk)
    try:
        schema = question_remove(version.schema, key)
    except SchemaError as exc:
        messages.error(request, "This question cannot be removed: " + "; ".join(exc.problems))
        return redirect("forms_engine_admin:version-detail", pk=version.pk)
    return _save_schema(request, version, schema, f"Question {key} removed.")
