"""Wagtail's bulk user actions change accounts with one UPDATE, which sends no signal: forget those users here."""

from typing import Any

from django.contrib.auth import get_user_model
from wagtail import hooks

from .principal import principal_forget


@hooks.register("after_bulk_action")
def forget_bulk_changed_users(request: Any, action_type: str, objects: list[Any], action_class_instance: Any) -> None:
    """Marking users active or inactive (or any other bulk action on users) takes effect on their next request."""
    if getattr(action_class_instance, "model", None) is get_user_model():
        principal_forget(obj.pk for obj in objects)
