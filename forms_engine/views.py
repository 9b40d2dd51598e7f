"""The social worker's and sanctioning officer's journey through a referral. Views stay thin."""

import functools
from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.db.models import QuerySet
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.datastructures import MultiValueDict
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.access import (
    Permission,
    audit_allowed,
    deny,
    get_visible_audited_or_404,
    get_visible_or_404,
    member_required,
    membership_for,
    view_action,
)
from accounts.types import AuthenticatedHttpRequest
from ops.storage import protected_storage
from ui.forms import posted
from ui.messages import sentence_case
from ui.redirects import safe_next

from . import presenters as referral_summary
from . import services
from .access import referrals_amendable_by, referrals_editable_by, referrals_signable_by, referrals_visible_to
from .definitions import REFERRAL_FORM_KEY
from .forms import SignatureForm, UploadForm
from .journey import display_value, find_page, find_section, next_page, visible_questions
from .models import Referral
from .officer_choice import OfficerChoiceForm
from .page_forms import page_form
from .rules import referral_flags, referral_rule_results
from .services.amendments import amendments_shown, effective_answers
from .services.duplicates import open_duplicates
from .services.storage import attachment_key
from .stages import referral_rows, referral_stages, stage_filter_choices, with_the_officer

BAD_INPUT = 400
CONFLICT = 409  # the answers changed since the page was shown: shown again, nothing saved


def _shown_version(request: HttpRequest) -> str | None:
    """The answers version the posted page was shown with (None from a page that carried none)."""
    return request.POST.get("answers_version") or None


def _referral(request: HttpRequest, queryset: QuerySet[Referral], pk: int) -> Referral:
    """The audited lookup (accounts.access) of a referral, its action named `referral.<view>`."""
    return get_visible_audited_or_404(request, queryset, pk, view_action(request, "referral"))


def _no_longer_a_draft(referral: Referral) -> str:
    """Where a referral that is no longer a draft has got to, for the message its old editing pages give."""
    if referral.status == Referral.Status.SUBMITTED and referral.submitted_at:
        when = timezone.localtime(referral.submitted_at)
        return (
            f"This referral was submitted on {when:%-d %B %Y} (reference {referral.reference}), so its answers can no "
            "longer be changed here. To correct an answer, use \u201cCorrect an answer\u201d."
        )
    return f"{with_the_officer(referral)}. Its answers can no longer be changed here."


def _while_a_draft(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """A draft's editing pages. Once the referral has gone for signature (or been submitted), its own pages, reached
    with the back button or an old link, lead to its summary with a message instead of a 404; a change posted there
    is not saved and the message says so. Anyone who cannot see the referral still gets the audited 404."""

    @functools.wraps(view)
    def wrapped(request: AuthenticatedHttpRequest, pk: int, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            return view(request, pk, *args, **kwargs)
        except Http404:
            ended = referrals_visible_to(request.user).filter(pk=pk).exclude(status=Referral.Status.DRAFT).first()
            if ended is None:
                raise
        lost = " Your change was not saved." if request.method == "POST" else ""
        messages.info(request, _no_longer_a_draft(ended) + lost)
        return redirect("referrals:check", pk=pk)

    return wrapped


def _section_and_page(request: HttpRequest, referral: Referral, section_key: str, page_key: str) -> tuple[Any, Any]:
    section = find_section(referral.version.journey_schema, section_key)
    page = find_page(section, page_key) if section else None
    if page is None:
        raise deny(request, object_type="forms_engine.referral", object_id=referral.pk)
    return section, page


def _after_page(referral: Referral, section: dict[str, Any], page: dict[str, Any], exit_now: bool) -> HttpResponse:
    following = None if exit_now else next_page(section, page["key"], referral.answers)
    if following is None:
        if not exit_now:
            services.referral_section_confirm(referral=referral, section_key=section["key"])
        return redirect("referrals:task-list", pk=referral.pk)
    return redirect("referrals:page", pk=referral.pk, section=section["key"], page=following["key"])


@require_GET
@member_required(Permission.START_REFERRAL)
def referral_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    choices = stage_filter_choices(request.user)
    stage = request.GET.get("stage", "")
    error = "" if stage in {"", *dict(choices)} else "Select which referrals to show from the list"
    rows = referral_rows(request.user, stage="" if error else stage)
    context = {
        "rows": rows,
        "stage": "" if error else stage,
        "stage_choices": choices,
        "error": error,
        "live": services.live_version(form_key=REFERRAL_FORM_KEY),
    }
    return render(request, "forms_engine/referrals/list.html", context, status=BAD_INPUT if error else 200)


@require_POST
@member_required(Permission.START_REFERRAL)
def referral_start(request: AuthenticatedHttpRequest) -> HttpResponse:
    version = services.live_version(form_key=REFERRAL_FORM_KEY)
    membership = membership_for(request.user)
    if version is None or membership is None:
        messages.error(request, "The referral form is not open at the moment. Contact the coordination unit.")
        return redirect("referrals:list")
    if request.POST.get("copy_from"):
        source = get_visible_or_404(
            request,
            referrals_visible_to(request.user).filter(status=Referral.Status.SUBMITTED),
            request.POST["copy_from"],
        )
        referral = services.referral_start_from(membership=membership, source=source, version=version)
    else:
        referral = services.referral_start(membership=membership, version=version)
    return redirect("referrals:task-list", pk=referral.pk)


@require_GET
@member_required(Permission.START_REFERRAL)
def referral_task_list(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    referral = _referral(request, referrals_visible_to(request.user), pk)
    if not referral.is_editable:
        return redirect("referrals:check", pk=referral.pk)
    states = services.referral_tasks(referral)
    live = services.live_version(form_key=REFERRAL_FORM_KEY)
    newer = (
        live if live and live.form_id == referral.version.form_id and live.number > referral.version.number else None
    )
    context = {
        "referral": referral,
        "states": states,
        "ready": not services.readiness_problems(referral, states),  # the task list is built once
        "newer_version": newer,
        "duplicates": open_duplicates(referral),
    }
    return render(request, "forms_engine/referrals/task_list.html", context)


@require_POST
@member_required(Permission.START_REFERRAL)
@_while_a_draft
def referral_migrate(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    referral = _referral(request, referrals_editable_by(request.user), pk)
    target = services.live_version(form_key=REFERRAL_FORM_KEY)
    if target is None:
        raise deny(request, object_type="forms_engine.referral", object_id=referral.pk)
    try:
        referral = services.referral_migrate(referral=referral, target=target, user=request.user)
    except services.ReferralNotReady as not_ready:
        messages.error(request, "; ".join(not_ready.problems))
        return redirect("referrals:task-list", pk=pk)
    count = len(referral.needs_checking)
    checking = f"{count} answer needs checking" if count == 1 else f"{count} answers need checking"
    messages.success(request, f"This draft now uses {target.label}. {checking}.")
    return redirect("referrals:task-list", pk=pk)


@require_http_methods(["GET", "HEAD", "POST"])
@member_required(Permission.START_REFERRAL)
@_while_a_draft
def referral_page(request: AuthenticatedHttpRequest, pk: int, section: str, page: str) -> HttpResponse:
    referral = _referral(request, referrals_editable_by(request.user), pk)
    section_spec, page_spec = _section_and_page(request, referral, section, page)
    if not visible_questions(page_spec, referral.answers):
        return _after_page(referral, section_spec, page_spec, False)
    question = page_spec["questions"][0]
    if question["type"] == "repeating_group":
        return _group_page(request, referral, section_spec, page_spec, question)
    if question["type"] == "attachment":
        return _attachment_page(request, referral, section_spec, page_spec, question)
    form = page_form(page_spec, referral.answers, referral.version.code_lists, posted(request))
    shown = _shown_version(request) if request.method == "POST" else None
    conflict = ""
    if request.method == "POST" and form.is_valid():
        asked = set(form.fields)
        try:
            services.referral_save_page(
                referral=referral, page=_as_asked(page_spec, asked), cleaned=form.cleaned_data, shown_version=shown
            )
        except services.AnswersChanged as changed:
            # Shown again with what they typed, the answers as saved now, and the version of those answers.
            referral, conflict, shown = changed.referral, changed.message, None
        except services.ReferralNotReady as not_ready:
            messages.error(request, "; ".join(not_ready.problems))
            return redirect("referrals:task-list", pk=referral.pk)
        else:
            if {q["key"] for q in visible_questions(page_spec, referral.answers)} - asked:
                # The answer revealed follow-up questions on this page: show them before moving on.
                return redirect("referrals:page", pk=referral.pk, section=section, page=page)
            return _after_page(referral, section_spec, page_spec, "save_and_exit" in request.POST)
    status = CONFLICT if conflict else BAD_INPUT if request.method == "POST" else 200
    context = {
        "referral": referral,
        "section": section_spec,
        "page": page_spec,
        "form": form,
        # A page shown again after a refused check keeps the version it was first shown with.
        "answers_version": shown or services.page_answers_version(page_spec, referral.answers),
        "conflict": conflict,
        "saved_now": _saved_now(referral, page_spec) if conflict else [],
    }
    return render(request, "forms_engine/referrals/page.html", context, status=status)


def _as_asked(page: dict[str, Any], asked: set[str]) -> dict[str, Any]:
    """The page as its form asked it: a follow-up revealed in place is saved from what was posted (an answer, or
    cleared when the posted answer no longer reveals it), whatever the stored answers revealed before."""
    questions = [
        {key: value for key, value in question.items() if key != "show_if"} if question["key"] in asked else question
        for question in page["questions"]
    ]
    return {**page, "questions": questions}


def _saved_now(referral: Referral, page: dict[str, Any]) -> list[tuple[str, str]]:
    """The page's questions with their answers as stored now, as people read them."""
    return [
        (question["label"], display_value(question, referral.answers.get(question["key"]), referral.version.code_lists))
        for question in visible_questions(page, referral.answers)
    ]


def _group_page(request: HttpRequest, referral: Referral, section: Any, page: Any, question: Any) -> HttpResponse:
    items = referral.answers.get(question["key"], [])
    problem = ""
    if request.method == "POST":
        if len(items) >= question.get("min_items", 0) or "save_and_exit" in request.POST:
            return _after_page(referral, section, page, "save_and_exit" in request.POST)
        problem = f"Add at least {question['min_items']} {question.get('item_label', 'item').lower()}s"
    return _render_group(request, referral, section, page, question, problem, BAD_INPUT if problem else 200)


def _render_group(
    request: HttpRequest, referral: Referral, section: Any, page: Any, question: Any, problem: str, status: int
) -> HttpResponse:
    items = referral.answers.get(question["key"], [])
    rows = [referral_summary.group_item_rows(question, item, referral.version.code_lists) for item in items]
    context = {"referral": referral, "section": section, "page": page, "question": question, "rows": rows}
    context["problem"] = problem
    context["answers_version"] = services.group_answers_version(question, referral.answers)
    return render(request, "forms_engine/referrals/group.html", context, status=status)


@require_http_methods(["GET", "HEAD", "POST"])
@member_required(Permission.START_REFERRAL)
@_while_a_draft
def referral_group_item(
    request: AuthenticatedHttpRequest, pk: int, section: str, page: str, index: int | None = None
) -> HttpResponse:
    referral = _referral(request, referrals_editable_by(request.user), pk)
    section_spec, page_spec = _section_and_page(request, referral, section, page)
    question = page_spec["questions"][0]
    items = referral.answers.get(question["key"], [])
    if question["type"] != "repeating_group" or (index is not None and index >= len(items)):
        raise deny(request, object_type="forms_engine.referral", object_id=referral.pk)
    initial = items[index] if index is not None else {}
    item_page = {"key": question["key"], "questions": question["fields"]}
    form = page_form(item_page, initial, referral.version.code_lists, posted(request))
    shown = _shown_version(request) if request.method == "POST" else None
    conflict = ""
    if request.method == "POST" and form.is_valid():
        try:
            services.referral_group_item_save(
                referral=referral, question=question, index=index, item=form.cleaned_data, shown_version=shown
            )
        except services.AnswersChanged as changed:
            referral, conflict, shown = changed.referral, changed.message, None
            if index is not None and index >= len(referral.answers.get(question["key"], [])):
                return _render_group(request, referral, section_spec, page_spec, question, conflict, CONFLICT)
        except services.ReferralNotReady as not_ready:
            form.add_error(None, "; ".join(not_ready.problems))
        else:
            return redirect("referrals:page", pk=referral.pk, section=section, page=page)
    context = {
        "referral": referral,
        "section": section_spec,
        "page": page_spec,
        "question": question,
        "form": form,
        "answers_version": shown or services.group_answers_version(question, referral.answers),
        "conflict": conflict,
        "saved_now": _saved_item(referral, question, index) if conflict and index is not None else [],
    }
    status = CONFLICT if conflict else BAD_INPUT if request.method == "POST" else 200
    return render(request, "forms_engine/referrals/group_item.html", context, status=status)


def _saved_item(referral: Referral, question: dict[str, Any], index: int) -> list[tuple[str, str]]:
    item = referral.answers[question["key"]][index]
    return [
        (row.label, row.value) for row in referral_summary.group_item_rows(question, item, referral.version.code_lists)
    ]


@require_POST
@member_required(Permission.START_REFERRAL)
@_while_a_draft
def referral_group_item_remove(
    request: AuthenticatedHttpRequest, pk: int, section: str, page: str, index: int
) -> HttpResponse:
    referral = _referral(request, referrals_editable_by(request.user), pk)
    section_spec, page_spec = _section_and_page(request, referral, section, page)
    question = page_spec["questions"][0]
    if index >= len(referral.answers.get(question["key"], [])):
        raise deny(request, object_type="forms_engine.referral", object_id=referral.pk)
    try:
        services.referral_group_item_remove(
            referral=referral, question=question, index=index, shown_version=_shown_version(request)
        )
    except services.AnswersChanged as changed:
        # The list changed since it was shown: item `index` may be another one. Show the list as it is now.
        return _render_group(request, changed.referral, section_spec, page_spec, question, changed.message, CONFLICT)
    except services.ReferralNotReady as not_ready:
        messages.error(request, "; ".join(not_ready.problems))
        return redirect("referrals:task-list", pk=referral.pk)
    messages.success(request, f"{question.get('item_label', 'Item')} removed.")
    return redirect("referrals:page", pk=referral.pk, section=section, page=page)


def _attachment_page(
    request: AuthenticatedHttpRequest, referral: Referral, section: Any, page: Any, question: Any
) -> HttpResponse:
    """Upload a document, or continue. "Continue" with a file chosen uploads it first (and moves on only if it was
    accepted), so a chosen file is never dropped."""
    label = str(question.get("document_label", ""))
    form = UploadForm(posted(request), posted(request, "FILES"), document_label=label)
    status = 200
    continuing = request.method == "POST" and "continue" in request.POST
    if continuing and not request.FILES.get("document"):
        if question.get("required") and not referral.attachments.filter(question_key=question["key"]).exists():
            form = UploadForm({}, MultiValueDict(), document_label=label)
            form.full_clean()
            status = BAD_INPUT
        else:
            return _after_page(referral, section, page, False)
    elif request.method == "POST" and form.is_valid():
        try:
            services.referral_attachment_add(
                referral=referral,
                question=question,
                upload=form.cleaned_data["document"],
                user=request.user,
            )
        except services.AttachmentRefused as refusal:
            form.add_error("document", _named(str(refusal), label))
            status = BAD_INPUT
        except services.ReferralNotReady as not_ready:
            form.add_error("document", "; ".join(not_ready.problems))
            status = BAD_INPUT
        else:
            messages.success(request, f"{label or 'Document'} uploaded.")
            if continuing:
                return _after_page(referral, section, page, False)
            return redirect("referrals:page", pk=referral.pk, section=section["key"], page=page["key"])
    elif request.method == "POST":
        status = BAD_INPUT
    files = referral.attachments.filter(question_key=question["key"])
    context = {
        "referral": referral,
        "section": section,
        "page": page,
        "question": question,
        "form": form,
        "files": files,
    }
    return render(request, "forms_engine/referrals/attachment.html", context, status=status)


def _named(refusal: str, document_label: str) -> str:
    """A refusal of the upload that names the document it was for ("The selected file for the care plan ...")."""
    if document_label and refusal.startswith("The selected file"):
        return refusal.replace("The selected file", f"The selected file for the {sentence_case(document_label)}", 1)
    return refusal


@require_POST
@member_required(Permission.START_REFERRAL)
@_while_a_draft
def referral_attachment_remove(request: AuthenticatedHttpRequest, pk: int, attachment_pk: int) -> HttpResponse:
    referral = _referral(request, referrals_editable_by(request.user), pk)
    attachment = get_visible_or_404(request, referral.attachments.all(), attachment_pk)
    try:
        services.referral_attachment_remove(referral=referral, attachment=attachment)
    except services.ReferralNotReady as not_ready:
        messages.error(request, "; ".join(not_ready.problems))
        return redirect("referrals:task-list", pk=referral.pk)
    messages.success(request, f"{attachment.display_name} removed.")
    return redirect(safe_next(request, request.POST.get("back"), referral.get_absolute_url()))


@require_GET
@member_required(Permission.START_REFERRAL)
def referral_attachment_download(request: AuthenticatedHttpRequest, pk: int, attachment_pk: int) -> FileResponse:
    referral = get_visible_or_404(request, referrals_visible_to(request.user), pk)
    attachment = get_visible_or_404(request, referral.attachments.all(), attachment_pk)
    audit_allowed(request, action="referral.attachment-download", obj=attachment, file_type="pdf")
    response = FileResponse(
        protected_storage().open(attachment_key(attachment.stored_name), "rb"),
        as_attachment=True,
        filename=attachment.display_name,
        content_type="application/pdf",
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "no-store"
    return response


@require_http_methods(["GET", "HEAD", "POST"])
@member_required(Permission.VIEW_OWN_ORGANISATION)
def referral_check(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    referral = _referral(request, referrals_visible_to(request.user), pk)
    problems: list[str] = []
    officer_form = OfficerChoiceForm(posted(request), referral=referral) if referral.is_editable else None
    if request.method == "POST":
        if not referral.is_editable:
            raise deny(request, object_type="forms_engine.referral", object_id=referral.pk)
        if officer_form is not None and officer_form.is_valid():
            try:
                services.referral_send_for_signature(
                    referral=referral, user=request.user, officer=officer_form.chosen_user()
                )
            except services.ReferralNotReady as not_ready:
                problems = not_ready.problems
            else:
                officer = officer_form.chosen_user()
                messages.success(request, f"Sent to {officer.get_full_name()} to sign and submit.")
                return redirect("referrals:list")
    today = timezone.localdate(referral.submitted_at) if referral.submitted_at else timezone.localdate()
    answers = effective_answers(referral)
    context = {
        "referral": referral,
        "summary": referral_summary.sections(referral),
        "amendments": amendments_shown(referral),
        "findings": referral_rule_results(answers, today=today),
        "flags": referral_flags(answers, today=today),
        "problems": problems,
        "can_sign": referrals_signable_by(request.user).filter(pk=referral.pk).exists(),
        "can_amend": referrals_amendable_by(request.user).filter(pk=referral.pk).exists(),
        "officer_form": officer_form,
        "stage": referral_stages(request.user, [referral])[referral.pk],
        "duplicates": open_duplicates(referral) if referral.is_editable else [],
    }
    invalid = problems or (officer_form is not None and officer_form.errors)
    return render(request, "forms_engine/referrals/check.html", context, status=BAD_INPUT if invalid else 200)


@require_http_methods(["GET", "HEAD", "POST"])
@member_required(Permission.SIGN_REFERRAL)
def referral_sign(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    referral = _referral(request, referrals_signable_by(request.user), pk)
    membership = membership_for(request.user)
    form = SignatureForm(posted(request), initial={"job_title": membership.job_title if membership else ""})
    if request.method == "POST" and "return" in request.POST:
        services.referral_return_to_draft(referral=referral, user=request.user)
        messages.success(request, "The referral has been returned to the social worker for changes.")
        return redirect("referrals:list")
    if request.method == "POST" and form.is_valid() and membership is not None:
        services.referral_sign_and_submit(
            referral=referral, membership=membership, job_title=form.cleaned_data["job_title"]
        )
        return redirect("referrals:confirmation", pk=referral.pk)
    declaration = referral.version.schema.get("declaration", {})
    status = BAD_INPUT if request.method == "POST" else 200
    context = {"referral": referral, "form": form, "declaration": declaration}
    return render(request, "forms_engine/referrals/sign.html", context, status=status)


@require_GET
@member_required(Permission.START_REFERRAL)
def referral_confirmation(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    referral = _referral(request, referrals_visible_to(request.user).filter(status=Referral.Status.SUBMITTED), pk)
    return render(request, "forms_engine/referrals/confirmation.html", {"referral": referral})
