"""Correcting an answer of a submitted referral: choose the question, enter the new answer and why, check, confirm.

Only the referral's own local authority's referrers and signers (forms_engine/access.py), after a recent second
factor check. The correction waits in the session between the form and the check page; nothing is recorded
until it is confirmed (forms_engine/services/amendments.py).
"""

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_safe

from accounts.access import (
    Permission,
    deny,
    get_visible_audited_or_404,
    member_required,
    step_up_required,
    view_action,
)
from accounts.types import AuthenticatedHttpRequest
from ui.forms import posted

from . import presenters
from .access import referrals_amendable_by
from .journey import display_value
from .models import Referral
from .page_forms import REASON_FIELD, amendment_form
from .services.amendments import (
    SAME_ANSWER,
    AmendmentRefused,
    amendable_question,
    amendment_record,
    effective_answers,
    same_answer,
)

BAD_INPUT = 400
CONFLICT = 409


def _amendable(request: AuthenticatedHttpRequest, pk: int) -> Referral:
    return get_visible_audited_or_404(
        request, referrals_amendable_by(request.user), pk, view_action(request, "referral")
    )


def _question(request: HttpRequest, referral: Referral, key: str) -> dict[str, Any]:
    question = amendable_question(referral, key)
    if question is None:
        raise deny(request, object_type="forms_engine.referral", object_id=referral.pk)
    return question


def _pending_key(referral: Referral, key: str) -> str:
    return f"amendment:{referral.pk}:{key}"


@require_safe
@member_required(Permission.START_REFERRAL)
@step_up_required
def amendment_choose(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Every answer of the referral, each with a link to correct it."""
    referral = _amendable(request, pk)
    context = {"referral": referral, "summary": presenters.sections(referral, correcting=True)}
    return render(request, "forms_engine/amendments/choose.html", context)


@require_http_methods(["GET", "HEAD", "POST"])
@member_required(Permission.START_REFERRAL)
@step_up_required
def amendment_new(request: AuthenticatedHttpRequest, pk: int, key: str) -> HttpResponse:
    """The question's own form with the current answer, and why it is being corrected."""
    referral = _amendable(request, pk)
    question = _question(request, referral, key)
    answers, pending = effective_answers(referral), request.session.get(_pending_key(referral, key))
    initial = {**answers, key: pending["value"], REASON_FIELD: pending["reason"]} if pending else answers
    form = amendment_form(question, initial, referral.version.code_lists, posted(request))
    if request.method == "POST" and form.is_valid():
        value = form.cleaned_data[key]
        if same_answer(answers.get(key), value):
            form.add_error(key, SAME_ANSWER)
        else:
            request.session[_pending_key(referral, key)] = {
                "value": value,
                "reason": form.cleaned_data[REASON_FIELD],
                "shown": answers.get(key),
            }
            return redirect("referrals:amend-check", pk=referral.pk, key=key)
    context = {
        "referral": referral,
        "question": question,
        "form": form,
        "current": display_value(question, answers.get(key), referral.version.code_lists),
    }
    return render(request, "forms_engine/amendments/new.html", context, status=BAD_INPUT if form.errors else 200)


@require_http_methods(["GET", "HEAD", "POST"])
@member_required(Permission.START_REFERRAL)
@step_up_required
def amendment_check(request: AuthenticatedHttpRequest, pk: int, key: str) -> HttpResponse:
    """The correction to confirm: the question, the answer now, the new answer and why."""
    referral = _amendable(request, pk)
    question = _question(request, referral, key)
    pending = request.session.get(_pending_key(referral, key))
    if pending is None:
        return redirect("referrals:amend", pk=referral.pk, key=key)
    problem = ""
    if request.method == "POST":
        try:
            amendment_record(
                referral=referral,
                question_key=key,
                new_value=pending["value"],
                reason=pending["reason"],
                user=request.user,
                shown_value=pending["shown"],
            )
        except AmendmentRefused as refused:
            problem = str(refused)
        else:
            del request.session[_pending_key(referral, key)]
            messages.success(request, f"Answer corrected: {question['label']}. Homes holding the referral are told.")
            return redirect("referrals:check", pk=referral.pk)
    code_lists = referral.version.code_lists
    context = {
        "referral": referral,
        "question": question,
        "old": display_value(question, effective_answers(referral).get(key), code_lists),
        "new": display_value(question, pending["value"], code_lists),
        "reason": pending["reason"],
        "problem": problem,
    }
    return render(request, "forms_engine/amendments/check.html", context, status=CONFLICT if problem else 200)
