"""GOV.UK Design System controls as Django widgets, each with its own template."""

from typing import Any

from django import forms


class GovukWidgetMixin:
    """Add the GOV.UK class for the control, plus the error modifier when the field has errors."""

    govuk_class = ""

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        context: dict[str, Any] = super().get_context(name, value, attrs)  # type: ignore[misc]
        widget_attrs = context["widget"]["attrs"]
        classes = [self.govuk_class, widget_attrs.get("class", "")]
        if widget_attrs.get("aria-invalid") == "true":
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
