"""Who may read the oversight reports, and what each reader sees.

The unit's coordinators and analysts hold VIEW_AGGREGATES: coordinators see exact figures where the unit needs them
and the unit-only tables; analysts see the published tables. A regional commissioner (a member of a care
co-operative's lead local authority, holding the role below) sees only their own organisation's region, under the
same disclosure control, checked against England's tables. Anyone else gets an audited 404.
"""

from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest
from django.http.response import HttpResponseBase

from accounts.access import Permission, deny, has_permission, membership_for
from accounts.models import Organisation, Role
from accounts.types import Viewer

# A care co-operative's or region's commissioner.
REGIONAL_COMMISSIONER = Role.REGIONAL_COMMISSIONER


@dataclass(frozen=True)
class Reader:
    """Who is reading: the unit (exact figures, unit-only tables), or a region's commissioner (`region`)."""

    unit: bool
    region: str | None = None


def reader_for(user: Viewer) -> Reader | None:
    """The user as a reader of the reports, or None when they may not read them."""
    membership = membership_for(user)
    if membership is None:
        return None
    if has_permission(user, Permission.VIEW_AGGREGATES):
        return Reader(unit=has_permission(user, Permission.COORDINATE_REFERRALS))
    organisation = membership.organisation
    if (
        membership.role == REGIONAL_COMMISSIONER
        and organisation.kind == Organisation.Kind.LOCAL_AUTHORITY
        and organisation.region
    ):
        return Reader(unit=False, region=organisation.region)
    return None


def reader_required(view: Callable[..., HttpResponseBase]) -> Callable[..., HttpResponseBase]:
    """Decorate a report view: sign-in first, then a reader (passed as `reader`), else an audited 404."""

    @wraps(view)
    @login_required
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        reader = reader_for(request.user)
        if reader is None:
            raise deny(request)
        return view(request, *args, reader=reader, **kwargs)

    return wrapped
