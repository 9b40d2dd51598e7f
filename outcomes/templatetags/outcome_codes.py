"""Template filters for the outcome framework's code lists."""

from django import template

from outcomes.codes import code_label as _code_label

register = template.Library()


@register.filter
def code_label(code: str, list_key: str) -> str:
    """The label of a code in one of the outcome code lists."""
    return _code_label(list_key, code) if code else ""
