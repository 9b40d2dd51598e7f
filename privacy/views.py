"""Data-protection pages for the coordination unit's data-protection lead. Views stay thin."""

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from accounts.access import Permission, get_visible_audited_or_404, member_required, step_up_required
from accounts.types import AuthenticatedHttpRequest

from . import holds
from .forms import LegalHoldForm
from .models import LegalHold, RetentionRun
from .retention import due_now, retention_run
from .schedule import RULES, SCHEDULE


@require_safe
@member_required(Permission.PROTECT_DATA)
def index(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The retention schedule, what is due now, the last runs and the legal holds in force."""
    due = [(RULES[d.rule], d.items) for d in due_now()]
    context = {
        "schedule": SCHEDULE,
        "due": due,
        "runs": RetentionRun.objects.all()[:10],
        "holds": [(hold, holds.held_references(hold)) for hold in holds.holds_in_force()],
    }
    return render(request, "privacy/index.html", context)


@require_POST
@member_required(Permission.PROTECT_DATA)
def dry_run(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Record a dry run (nothing is removed) so its counts are kept with the real runs."""
    run = retention_run(dry_run=True, actor=request.user)
    messages.success(request, f"Dry run {run.pk} recorded. Nothing was removed")
    return redirect("privacy:index")


@require_http_methods(["GET", "HEAD", "POST"])
@member_required(Permission.PROTECT_DATA)
@step_up_required(methods=frozenset({"POST"}))
def hold_new(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Set a hold on a referral or on its child; a link from a referral or a subject access search fills it in."""
    initial = {key: request.GET[key] for key in ("reference", "scope") if key in request.GET}
    form = LegalHoldForm(request.POST if request.method == "POST" else None, initial=initial)
    if form.is_valid():
        hold = holds.hold_set(
            actor=request.user,
            referral=form.cleaned_data["reference"],
            reason=form.cleaned_data["reason"],
            until=form.cleaned_data["until"],
            scope=form.cleaned_data["scope"],
        )
        held = "every referral of the child of " if hold.scope == LegalHold.Scope.CHILD else ""
        messages.success(request, f"Legal hold set on {held}{hold.referral.reference}. Nothing of it will be removed")
        return redirect("privacy:index")
    return render(request, "privacy/hold_new.html", {"form": form}, status=400 if form.errors else 200)


@require_POST
@member_required(Permission.PROTECT_DATA)
@step_up_required
def hold_release(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    hold = get_visible_audited_or_404(request, LegalHold.objects.filter(released_at__isnull=True), pk, "privacy.hold")
    holds.hold_release(actor=request.user, hold=hold)
    messages.success(request, f"Legal hold on {hold.referral.reference} released")
    return redirect("privacy:index")
