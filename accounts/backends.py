"""Django's model backend, loading a signed-in user together with their active membership in one query."""

from typing import Any

from django.contrib.auth.backends import ModelBackend

from .models import Membership


class MembershipBackend(ModelBackend):
    """Same checks as ModelBackend; get_user also fills the per-request membership that access.membership_for uses.

    Nothing about the user is cached between requests: an ended membership or account takes effect at once.
    """

    def get_user(self, user_id: Any) -> Any:
        """The active user with `_active_membership` set (None when they have no active membership)."""
        # At most one row (membership_one_active_per_user), so no ORDER BY: the model's ordering by organisation
        # name would be compiled and sorted on every request for nothing.
        found = (
            Membership.objects.select_related("user", "organisation")
            .filter(user_id=user_id, is_active=True, organisation__is_active=True)
            .order_by()[:1]
        )
        membership = next(iter(found), None)
        if membership is None:
            user = super().get_user(user_id)
            if user is not None:
                user._active_membership = None  # type: ignore[attr-defined]
            return user
        user = membership.user
        if not self.user_can_authenticate(user):
            return None
        user._active_membership = membership  # type: ignore[attr-defined]
        return user
