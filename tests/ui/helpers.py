"""Render a snippet of template with the GOV.UK tags loaded."""

from typing import Any

from django.template import engines


def render(source: str, **context: Any) -> str:
    return engines["django"].from_string("{% load govuk %}" + source).render(context)
