"""Helpers shared by circulation views: audited look-ups, refused moves as GOV.UK errors, child facts."""

from typing import Any

from django.core.exceptions import ValidationError
from django.forms import Form
from django.http import HttpRequest

from accounts.access import deny, get_visible_audited_or_404

from ..access import searches_visible_to
from ..presenters import child_age, child_sex  # noqa: F401  (re-exported for the views)

BAD_INPUT = 400
CONFLICT = 409


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
    return get_visible_audited_or_404(
        request, searches_visible_to(request.user).select_related("placement__home"), search_pk, action
    )
