"""The Wagtail admin manages CMS accounts only: a case account is not there at all.

A case account is one that holds, or has ever held, a case role (any role but SAN editor): it can see children's
records, so nobody working on the website may list, see, edit, copy, delete, deactivate or regroup it. Its admin
pages answer the audited 404 a missing page answers, and the bulk actions refuse it the same way. Memberships are not
editable in the Wagtail admin, so a user created there is a CMS account. Replaces Wagtail's user viewset through
cms.users_app.CmsUsersConfig, and its three user bulk actions through the register_bulk_action hook.
"""

from collections.abc import Iterable
from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import Model, QuerySet
from django.http import HttpRequest
from django.shortcuts import get_list_or_404
from wagtail import hooks
from wagtail.admin.views.generic import CopyView as GenericCopyView
from wagtail.admin.views.generic.usage import UsageView as GenericUsageView
from wagtail.users.views import users
from wagtail.users.views.bulk_actions import AssignRoleBulkAction, DeleteBulkAction, SetActiveStateBulkAction

from accounts.access import deny
from accounts.models import Membership, Role

User = get_user_model()

#: Every role but the SAN editor's sees children's records (a role added later is a case role too).
CASE_ROLES: tuple[str, ...] = tuple(role for role in Role if role != Role.EDITOR)
AUDIT_ACTION = "wagtailadmin.case_account"


def case_account_ids() -> QuerySet[Membership, Any]:
    """The ids of users with any membership, active or ended, in a case role (a subquery)."""
    return Membership.objects.filter(role__in=CASE_ROLES).values("user_id")


def cms_accounts(queryset: QuerySet[Any, Any]) -> QuerySet[Any, Any]:
    """The users in the queryset that the Wagtail admin may manage: everyone but case accounts."""
    return queryset.exclude(pk__in=case_account_ids())


def refuse_case_accounts(request: HttpRequest, pks: Iterable[object]) -> None:
    """Raise an audited 404 (one DENIED row per account) if any of these user ids is a case account."""
    wanted = {str(pk) for pk in pks if str(pk).isdigit()}
    if not wanted:
        return
    found = sorted(
        Membership.objects.filter(role__in=CASE_ROLES, user_id__in=wanted).values_list("user_id", flat=True).distinct()
    )
    refusal = None
    for pk in found:
        refusal = deny(request, action=AUDIT_ACTION, object_type="user", object_id=pk)
    if refusal is not None:
        raise refusal


class CmsAccountObjectMixin:
    """For the views of one user (edit, delete, copy, history, usage): a case account is an audited 404."""

    request: HttpRequest
    kwargs: dict[str, Any]
    pk_url_kwarg = "pk"
    _case_account_checked = False

    def get_object(self, *args: Any, **kwargs: Any) -> Any:
        if not self._case_account_checked:  # the delete view asks twice
            refuse_case_accounts(self.request, [self.kwargs[self.pk_url_kwarg]])
            self._case_account_checked = True
        return super().get_object(*args, **kwargs)  # type: ignore[misc]


class CmsAccountUpdateMixin(CmsAccountObjectMixin):
    """Edit and delete (Django's single-object views) look the user up in CMS accounts only, too."""

    def get_queryset(self) -> QuerySet[Any, Any]:
        return cms_accounts(super().get_queryset())  # type: ignore[misc]


class CmsAccountListingMixin(CmsAccountObjectMixin):
    """History and usage (Wagtail's object listings) look the user up in CMS accounts only, too."""

    def get_base_object_queryset(self) -> QuerySet[Any, Any]:
        return cms_accounts(super().get_base_object_queryset())  # type: ignore[misc]


class IndexView(users.IndexView):
    """The users listing (and its search, filters and 'users in this group') shows CMS accounts only."""

    def get_base_queryset(self) -> QuerySet[Any, Any]:
        return cms_accounts(super().get_base_queryset())


class EditView(CmsAccountUpdateMixin, users.EditView):
    pass


class DeleteView(CmsAccountUpdateMixin, users.DeleteView):
    pass


class HistoryView(CmsAccountListingMixin, users.HistoryView):
    pass


class UsageView(CmsAccountListingMixin, GenericUsageView):
    pass


class CopyView(CmsAccountObjectMixin, GenericCopyView):
    pass


class CmsUserViewSet(users.UserViewSet):
    """Wagtail's user viewset, for CMS accounts only."""

    index_view_class = IndexView
    edit_view_class = EditView
    delete_view_class = DeleteView
    history_view_class = HistoryView
    usage_view_class = UsageView
    copy_view_class = CopyView


class CmsAccountsBulkActionMixin:
    """A user bulk action acts on CMS accounts only; a request naming a case account is an audited 404."""

    request: HttpRequest

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        refuse_case_accounts(request, request.GET.getlist("id"))
        return super().dispatch(request, *args, **kwargs)  # type: ignore[misc]

    @classmethod
    def get_queryset(cls, model: type[Model], object_ids: Any) -> list[Any]:
        """The chosen users, case accounts left out (also when the choice is 'all in the listing')."""
        return get_list_or_404(cms_accounts(model._default_manager.all()), pk__in=object_ids)


class CmsAssignRoleBulkAction(CmsAccountsBulkActionMixin, AssignRoleBulkAction):
    pass


class CmsDeleteBulkAction(CmsAccountsBulkActionMixin, DeleteBulkAction):
    pass


class CmsSetActiveStateBulkAction(CmsAccountsBulkActionMixin, SetActiveStateBulkAction):
    pass


def refuse_case_accounts_in_bulk_actions(
    request: HttpRequest, action_type: str, objects: list[Any], action: Any
) -> None:
    """Every bulk action on users, ours or one added later, refuses case accounts just before it acts."""
    if getattr(action, "model", None) is User:
        refuse_case_accounts(request, [obj.pk for obj in objects])


def register_hooks() -> None:
    """Called once from CmsUsersConfig.ready(). The bulk action registry keeps the last class registered for an
    action type, so ours (order 1) replace Wagtail's (order 0) under the same names and URLs."""
    for action_class in (CmsAssignRoleBulkAction, CmsDeleteBulkAction, CmsSetActiveStateBulkAction):
        hooks.register("register_bulk_action", action_class, order=1)
    hooks.register("before_bulk_action", refuse_case_accounts_in_bulk_actions)
