"""Django's model backend, loading a signed-in user together with their active membership in one query."""

from typing import Any

from django.contrib.auth.backends import ModelBackend

from .models import Membership
from .principal import principal_keep, principal_kept, principal_seconds


class MembershipBackend(ModelBackend):
    """Same checks as ModelBackend; get_user also fills the per-request membership that access.membership_for uses.

    With `ACCOUNTS_PRINCIPAL_SECONDS` set, a user loaded in the last few seconds is reused (accounts/principal.py).
    """

    def get_user(self, user_id: Any) -> Any:
        """The active user with `_active_membership` set (None when they have no active membership)."""
        seconds = principal_seconds()
        if seconds <= 0:
            return self._load(user_id)
        kept, generation = principal_kept(user_id, seconds)
        if kept is not None:
            return kept if self.user_can_authenticate(kept) else None
        user = self._load(user_id)  # after reading the generation: a change committed meanwhile voids the copy
        if user is not None:
            principal_keep(user, seconds, generation)
        return user

    def _load(self, user_id: Any) -> Any:
        membership = (
            Membership.objects.select_related("user", "organisation")
            .filter(user_id=user_id, is_active=True, organisation__is_active=True)
            .first()
        )
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
