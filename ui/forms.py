"""A form base that links hints and errors to their inputs for assistive technology."""

from typing import Any

from django import forms


class GovukFormMixin:
    """Point aria-describedby at the hint (and error) and set aria-invalid on fields that failed validation."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():  # type: ignore[attr-defined]
            if field.help_text and not getattr(field.widget, "govuk_grouped", False):
                field.widget.attrs["aria-describedby"] = f"{self[name].auto_id}-hint"  # type: ignore[index]

    def full_clean(self) -> None:
        super().full_clean()  # type: ignore[misc]
        for name in self.errors:  # type: ignore[attr-defined]
            if name not in self.fields:  # type: ignore[attr-defined]
                continue
            widget = self.fields[name].widget  # type: ignore[attr-defined]
            if getattr(widget, "govuk_grouped", False):
                widget.attrs["aria_invalid"] = True  # the fieldset carries aria-describedby
                continue
            error_id = f"{self[name].auto_id}-error"  # type: ignore[index]
            widget.attrs["aria-describedby"] = " ".join(filter(None, [widget.attrs.get("aria-describedby"), error_id]))
            widget.attrs["aria-invalid"] = "true"


class GovukForm(GovukFormMixin, forms.Form):
    """A plain form rendered the GOV.UK way."""


def posted(request: Any, attribute: str = "POST") -> Any:
    """The request's POST (or FILES) data when the form was submitted, else None: an empty POST still binds."""
    return getattr(request, attribute) if request.method == "POST" else None
