"""Small template helpers for GOV.UK templates."""

from typing import Any

from django import template

register = template.Library()


@register.filter
def get_item(mapping: Any, key: Any) -> Any:
    """mapping[key], or '' when absent."""
    return mapping.get(str(key), "") if hasattr(mapping, "get") else ""
