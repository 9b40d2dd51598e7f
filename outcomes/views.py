"""Follow-up pages: leaving-care teams record checkpoints and exits, homes record exits, the unit sees every child."""

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from accounts.access import (
    Permission,
    audit_allowed,
    deny,
    get_visible_audited_or_404,
    has_permission,
    member_required,
    view_action,
)
from accounts.types import AuthenticatedHttpRequest
from liberty.selectors import exit_destination
from ui.forms import posted

from . import selectors, services
from .access import checkpoints_recordable_by, followups_exit_recordable_by, followups_visible_to
from .answers import answers_summary
from .forms import EpisodeFormSet, ExitForm, checkpoint_form, checkpoint_sections
from .models import Checkpoint, FollowUp
from .services.checkpoints import checkpoint_age

BAD_INPUT = 400
_LIST_PERMISSIONS = (Permission.COORDINATE_REFERRALS, Permission.RECORD_OUTCOMES, Permission.DECIDE_REFERRALS)


def _visible(request: HttpRequest, queryset: Any, pk: int) -> Any:
    return get_visible_audited_or_404(request, queryset, pk, view_action(request, "outcomes"))


@require_GET
@member_required(Permission.RECORD_OUTCOMES)
def checkpoint_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    checkpoints = checkpoints_recordable_by(request.user)
    audit_allowed(request, action=view_action(request, "outcomes"), object_type="outcomes.checkpoint")
    context = {
        **selectors.checkpoints_to_record(checkpoints=checkpoints),
        "in_secure": selectors.exits_to_record(followups=followups_exit_recordable_by(request.user)),
        "recent": checkpoints.filter(state=Checkpoint.State.COMPLETED).order_by("-completed_at")[:10],
    }
    return render(request, "outcomes/checkpoint_list.html", context)


def _episode_formset(request: HttpRequest) -> Any:
    data = posted(request)
    if data is not None and "add_episode" in data:
        data = data.copy()
        data["episodes-TOTAL_FORMS"] = str(int(data.get("episodes-TOTAL_FORMS") or 0) + 1)
    return EpisodeFormSet(data, prefix="episodes")


def _episodes(formset: Any) -> list[dict[str, Any]]:
    return [
        form.cleaned_episode()
        for form in formset.forms
        if form.has_changed() and not form.cleaned_data.get("DELETE") and form.cleaned_data
    ]


def _service_errors(form: Any, formset: Any, error: ValidationError) -> None:
    for key, problems in error.message_dict.items():
        if key in form.fields:
            form.add_error(key, problems)
        elif key.startswith("episode_") and key[8:].isdigit() and int(key[8:]) <= len(formset.forms):
            formset.forms[int(key[8:]) - 1].add_error(None, problems)
        else:
            form.add_error(None, problems)


@require_http_methods(["GET", "POST"])
@member_required(Permission.RECORD_OUTCOMES)
def checkpoint_record(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    checkpoint: Checkpoint = _visible(request, checkpoints_recordable_by(request.user), pk)
    if checkpoint.state == Checkpoint.State.COMPLETED:
        return redirect(checkpoint.followup)
    question_set = services.question_set_live()
    sections = checkpoint_sections(question_set, age=checkpoint_age(checkpoint))
    form, formset = checkpoint_form(sections, question_set.code_lists, posted(request)), _episode_formset(request)
    adding = request.method == "POST" and "add_episode" in request.POST
    if request.method == "POST" and not adding and form.is_valid() and formset.is_valid():
        answers = {k: v for k, v in form.cleaned_data.items() if v not in (None, "", [])}
        try:
            services.checkpoint_record(
                checkpoint=checkpoint,
                answers=answers,
                episodes=_episodes(formset),
                user=request.user,
            )
        except ValidationError as error:
            _service_errors(form, formset, error)
        else:
            messages.success(request, f"{checkpoint.get_months_display()} checkpoint C{checkpoint.pk} recorded.")
            return redirect("outcomes:checkpoint-list")
    context = {
        "checkpoint": checkpoint,
        "followup": checkpoint.followup,
        "sections": [{**s, "fields": [form[q["key"]] for q in s["questions"]]} for s in sections],
        "form": form,
        "formset": formset,
        "earlier_episodes": checkpoint.followup.episodes.all(),
        "question_set": question_set,
    }
    status = BAD_INPUT if request.method == "POST" and not adding else 200
    return render(request, "outcomes/checkpoint_record.html", context, status=status)


@require_http_methods(["GET", "POST"])
@member_required()
def exit_record(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    followup: FollowUp = _visible(request, followups_exit_recordable_by(request.user), pk)
    plan = exit_destination(followup.referral) if followup.referral is not None else None
    form = ExitForm(posted(request), initial=ExitForm.initial_from_plan(plan))
    if form.is_valid():
        try:
            services.exit_record(
                followup=followup,
                user=request.user,
                **form.exit_fields(),
            )
        except ValidationError as error:
            for key, problems in error.message_dict.items():
                form.add_error(key if key in form.fields else None, problems)
        else:
            messages.success(request, f"Exit recorded. Checkpoints are set for follow-up F{followup.pk}.")
            return redirect(followup)
    status = BAD_INPUT if request.method == "POST" else 200
    context = {"followup": followup, "form": form, "plan": plan}
    return render(request, "outcomes/exit_record.html", context, status=status)


@require_GET
@member_required()
def followup_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    if not any(has_permission(request.user, permission) for permission in _LIST_PERMISSIONS):
        raise deny(request, object_type="outcomes.followup")
    followups = followups_visible_to(request.user).order_by("-start_date", "-pk")
    state = request.GET.get("state", "")
    if state in FollowUp.State.values:
        followups = followups.filter(state=state)
    audit_allowed(request, action=view_action(request, "outcomes"), object_type="outcomes.followup")
    page = Paginator(followups, 50).get_page(request.GET.get("page"))
    context = {"page": page, "state": state, "states": FollowUp.State.choices}
    return render(request, "outcomes/followup_list.html", context)


@require_GET
@member_required()
def followup_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    followup: FollowUp = _visible(request, followups_visible_to(request.user), pk)
    context = {
        "followup": followup,
        "exit": getattr(followup, "exit", None),
        "checkpoints": followup.checkpoints.select_related("question_set"),
        "summaries": [(c, answers_summary(c)) for c in followup.checkpoints.filter(state=Checkpoint.State.COMPLETED)],
        "episodes": followup.episodes.all(),
        "can_record": has_permission(request.user, Permission.RECORD_OUTCOMES),
        "can_record_exit": followups_exit_recordable_by(request.user).filter(pk=followup.pk).exists(),
    }
    return render(request, "outcomes/followup_detail.html", context)
