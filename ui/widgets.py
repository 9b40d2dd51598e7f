"""GOV.UK Design System controls as Django widgets, each with its own template."""

from typing import Any

from django import forms


class GovukWidgetMixin:
    """Add the GOV.UK class for the control, plus the error modifier when the field has errors."""

    govuk_class = ""
    govuk_grouped = False  # rendered in a fieldset with a legend rather than with a label

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        context: dict[str, Any] = super().get_context(name, value, attrs)  # type: ignore[misc]
        widget_attrs = context["widget"]["attrs"]
        classes = [self.govuk_class, widget_attrs.get("class", "")]
        if widget_attrs.get("aria-invalid") == "true" and self.govuk_class:
            classes.append(f"{self.govuk_class}--error")
        widget_attrs["class"] = " ".join(c for c in classes if c)
        return context


class TextInput(GovukWidgetMixin, forms.TextInput):
    govuk_class = "govuk-input"
    template_name = "govuk/widgets/input.html"


class EmailInput(GovukWidgetMixin, forms.EmailInput):
    govuk_class = "govuk-input"
    template_name = "govuk/widgets/input.html"


class PasswordInput(GovukWidgetMixin, forms.PasswordInput):
    govuk_class = "govuk-input"
    template_name = "govuk/widgets/input.html"


class Textarea(GovukWidgetMixin, forms.Textarea):
    govuk_class = "govuk-textarea"
    template_name = "govuk/widgets/textarea.html"


class Select(GovukWidgetMixin, forms.Select):
    govuk_class = "govuk-select"
    template_name = "govuk/widgets/select.html"


class Radios(GovukWidgetMixin, forms.RadioSelect):
    """GOV.UK radios; option hints come from the choices' hint mapping."""

    govuk_grouped = True
    template_name = "govuk/widgets/radios.html"

    def __init__(self, *args: Any, inline: bool = False, hints: dict[str, str] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.inline, self.hints = inline, hints or {}

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        context = super().get_context(name, value, attrs)
        context["widget"].update(inline=self.inline, hints=self.hints)
        return context


class Checkboxes(Radios, forms.CheckboxSelectMultiple):
    """GOV.UK checkboxes."""

    template_name = "govuk/widgets/checkboxes.html"
    allow_multiple_selected = True
    input_type = "checkbox"


class DateInput(GovukWidgetMixin, forms.MultiWidget):
    """GOV.UK date input: day, month and year boxes."""

    govuk_grouped = True
    template_name = "govuk/widgets/date.html"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        numeric = {"inputmode": "numeric"}
        super().__init__([forms.TextInput(numeric), forms.TextInput(numeric), forms.TextInput(numeric)], attrs)

    def decompress(self, value: Any) -> list[Any]:
        if not value:
            return [None, None, None]
        year, month, day = str(value).split("-")
        return [int(day), int(month), int(year)]
