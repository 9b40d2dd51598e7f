"""A form base that links hints and errors to their inputs for assistive technology."""

from collections.abc import Iterable
from typing import Any

from django import forms
from django.forms.boundfield import BoundField

from .renderers import GovukBoundField


class GovukFormMixin:
    """GOV.UK fields: aria-describedby points at the hint and the error, aria-invalid marks a field that failed.

    GovukBoundField does it as each field is drawn, so a field the page relabels or gives a hint is linked too.
    """

    bound_field_class: type[BoundField] | None = GovukBoundField


class GovukForm(GovukFormMixin, forms.Form):
    """A plain form rendered the GOV.UK way."""


def posted(request: Any, attribute: str = "POST") -> Any:
    """The request's POST (or FILES) data when the form was submitted, else None: an empty POST still binds."""
    return getattr(request, attribute) if request.method == "POST" else None


def first_input_id(field: BoundField) -> str:
    """The id of the field's first input, where an error summary link goes: the day box of a date, the first
    radio or checkbox (which GOV.UK gives the field's own id), else the control itself."""
    widget = field.field.widget
    base = widget.attrs.get("id") or field.auto_id or ""
    if base and isinstance(widget, forms.MultiWidget):
        return f"{base}_0"
    return base


def _href(field: BoundField | None) -> str:
    target = first_input_id(field) if field is not None else ""
    return f"#{target}" if target else ""


def _form_errors(form: forms.BaseForm, prefix: str = "") -> list[dict[str, str]]:
    visible = form.visible_fields()
    first = _href(visible[0]) if visible else ""
    errors = [{"text": f"{prefix}{error}", "href": first} for error in form.non_field_errors()]
    for field in visible:
        errors += [{"text": f"{prefix}{error}", "href": _href(field)} for error in field.errors]
    return errors


def summary_errors(
    form: Any = None,
    *,
    formset: Any = None,
    item: str = "",
    errors: Iterable[Any] | str | None = None,
    href: str = "",
) -> list[dict[str, str]]:
    """The error summary's list: each error's text and the link to the input it is about.

    `errors` are problems that belong to no field (a string or a list), linked to `href` when given. A form's own
    errors link to its first field; a field's to its first input. A formset's errors follow, each form's prefixed
    "{item} {n}: " (for example "Episode 2: "), and the formset's own errors link to its first form's first field.
    """
    listed = [{"text": str(error), "href": href} for error in ([errors] if isinstance(errors, str) else errors or [])]
    if isinstance(form, forms.BaseForm):
        listed += _form_errors(form)
    if isinstance(formset, forms.BaseFormSet):
        for number, member in enumerate(formset.forms, start=1):
            listed += _form_errors(member, f"{item} {number}: " if item else "")
        first = formset.forms[0].visible_fields() if formset.forms else []
        listed += [
            {"text": str(error), "href": _href(first[0]) if first else ""} for error in formset.non_form_errors()
        ]
    return [error for error in listed if error["text"]]
