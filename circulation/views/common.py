"""Helpers shared by circulation views: audited look-ups, refused moves as GOV.UK errors, child facts."""

from typing import Any

from django.core.exceptions import ValidationError
from django.forms import Form
from django.http import HttpRequest

from accounts.access import deny, get_visible_or_404, membership_for, searches_visible_to
from accounts.models import AuditEvent
from accounts.services import audit_record

from ..presenters import child_age, child_sex  # noqa: F401  (re-exported for the views)

BAD_INPUT = 400
CONFLICT = 409


def rid(request: HttpRequest) -> str:
    return getattr(request, "request_id", "")


def visible_audited(request: HttpRequest, queryset: Any, pk: object, action: str) -> Any:
    """The object if this user may see it (else an audited 404); the view of child data is audited too."""
    obj = get_visible_or_404(request, queryset, pk)
    membership = membership_for(request.user)
    audit_record(
        actor=request.user,
        organisation=membership.organisation if membership else None,
        action=action,
        outcome=AuditEvent.Outcome.ALLOWED,
        object_type=obj._meta.label_lower,
        object_id=str(obj.pk),
        request_id=rid(request),
    )
    return obj


def errors_onto(form: Form, error: ValidationError) -> None:
    """Put a service's validation errors on the form, on the matching field where there is one."""
    if hasattr(error, "error_dict"):
        for field, messages in error.message_dict.items():
            form.add_error(field if field in form.fields else None, messages)
    else:
        form.add_error(None, error.messages)


def search_visible(request: HttpRequest, referral_pk: int, action: str) -> Any:
    """A referral's search if this user may see it (else an audited 404), the view audited."""
    from ..models import Search

    search_pk = Search.objects.filter(referral_id=referral_pk).values_list("pk", flat=True).first()
    if search_pk is None:
        raise deny(request, object_type="circulation.search", object_id=f"referral:{referral_pk}")
    return visible_audited(
        request, searches_visible_to(request.user).select_related("placement__home"), search_pk, action
    )
