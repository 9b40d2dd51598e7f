"""GOV.UK Design System controls as Django widgets, each with its own template."""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django import forms
from django.utils.html import format_html
from django.utils.safestring import SafeData, SafeString, mark_safe

INPUT_TEMPLATE = "govuk/widgets/input.html"


class GovukWidgetMixin:
    """Add the GOV.UK class for the control, plus the error modifier when the field has errors."""

    govuk_class = ""
    govuk_error_class: str | None = None  # None: the GOV.UK class with "--error"; "" when the control has none
    govuk_grouped = False  # rendered in a fieldset with a legend rather than with a label
    govuk_labelled = False  # the widget draws its own label (a single checkbox), so the field wrapper does not

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        context: dict[str, Any] = super().get_context(name, value, attrs)  # type: ignore[misc]
        widget_attrs = context["widget"]["attrs"]
        classes = [self.govuk_class, *widget_attrs.get("class", "").split()]
        invalid = str(widget_attrs.get("aria-invalid", "")).lower() == "true"
        error_class = f"{self.govuk_class}--error" if self.govuk_error_class is None else self.govuk_error_class
        if invalid and self.govuk_class and error_class:
            classes.append(error_class)
        if any(classes):
            widget_attrs["class"] = " ".join(dict.fromkeys(c for c in classes if c))
        context["widget"]["invalid"] = invalid
        return context


def stringformat_s(value: Any) -> Any:
    """What the template filter stringformat:'s' gives (a safe string stays safe), to be escaped as {{ }} would."""
    shown = "%s" % (str(value) if isinstance(value, tuple) else value)
    return mark_safe(shown) if isinstance(value, SafeData) else shown


def html_attrs(attrs: dict[str, Any]) -> SafeString:
    """A widget's attributes as Django's django/forms/widgets/attrs.html writes them (each with a leading space;
    True as the bare name, False left out, any other value as stringformat:'s' gives it, escaped)."""
    written = [
        format_html(" {}", name) if value is True else format_html(' {}="{}"', name, stringformat_s(value))
        for name, value in attrs.items()
        if value is not False
    ]
    return mark_safe("".join(written))  # each part escaped by format_html


class GovukInputMixin(GovukWidgetMixin):
    """A GOV.UK text input, written in Python: the same bytes as govuk/widgets/input.html gives through a form
    renderer (which strips it; pinned by
    tests/ui/test_python_markup.py), without rendering a template for every input of a page."""

    govuk_class = "govuk-input"

    def _render(self, template_name: str, context: dict[str, Any], renderer: Any = None) -> SafeString:
        if template_name != INPUT_TEMPLATE:
            return super()._render(template_name, context, renderer)  # type: ignore[misc]
        widget = context["widget"]
        value = "" if widget["value"] is None else format_html(' value="{}"', stringformat_s(widget["value"]))
        return format_html(
            '<input type="{}" name="{}"{}{}>', widget["type"], widget["name"], value, html_attrs(widget["attrs"])
        )


class TextInput(GovukInputMixin, forms.TextInput):
    template_name = INPUT_TEMPLATE


class EmailInput(GovukInputMixin, forms.EmailInput):
    template_name = INPUT_TEMPLATE


class PasswordInput(GovukInputMixin, forms.PasswordInput):
    template_name = INPUT_TEMPLATE


class Textarea(GovukWidgetMixin, forms.Textarea):
    govuk_class = "govuk-textarea"
    template_name = "govuk/widgets/textarea.html"


class Select(GovukWidgetMixin, forms.Select):
    govuk_class = "govuk-select"
    template_name = "govuk/widgets/select.html"


class FileUpload(GovukWidgetMixin, forms.FileInput):
    """GOV.UK file upload: a plain file input, so it works without JavaScript; set accept in attrs."""

    govuk_class = "govuk-file-upload"
    template_name = "govuk/widgets/file_upload.html"


class Checkbox(GovukWidgetMixin, forms.CheckboxInput):
    """A single GOV.UK checkbox, such as a confirmation; its label is the field's label, drawn beside the box."""

    govuk_class = "govuk-checkboxes__input"
    govuk_error_class = ""
    govuk_labelled = True
    template_name = "govuk/widgets/checkbox.html"
    label = ""  # set from the field's label when the field is rendered (ui.renderers.GovukBoundField)

    def __init__(self, attrs: dict[str, Any] | None = None, check_test: Any = None, *, small: bool = False) -> None:
        super().__init__(attrs, check_test)
        self.small = small

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        context = super().get_context(name, value, attrs)
        context["widget"].update(label=self.label, small=self.small)
        return context


@dataclass(frozen=True)
class Reveal:
    """Content (other fields, drawn) that options of a radios or checkboxes control reveals: GOV.UK's conditional
    reveal. It sits under the last of `values`; with one value GOV.UK Frontend shows and hides it, with several
    ui/static/ui/reveals.js does. Without JavaScript it is always shown."""

    values: tuple[str, ...]
    id: str
    html: str


class Radios(GovukWidgetMixin, forms.RadioSelect):
    """GOV.UK radios, each option with an optional hint.

    `hints` maps an option's value to its hint, or is a list of hints in the order of the choices; with
    `hint_template` each hint is drawn by that template (given `hint` and `option`) instead of printed as text.
    `reveals` (set as the field is drawn, see ui.renderers) are the conditional reveals under options.
    """

    reveals: tuple[Reveal, ...] = ()

    govuk_grouped = True
    template_name = "govuk/widgets/radios.html"

    def __init__(
        self,
        *args: Any,
        inline: bool = False,
        small: bool = False,
        hints: Mapping[str, Any] | Sequence[Any] | None = None,
        hint_template: str = "",
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.inline, self.small, self.hints, self.hint_template = inline, small, hints or {}, hint_template

    def option_hint(self, value: Any, position: int) -> Any:
        """The hint for the option with this value at this position among all the options, or ''."""
        if isinstance(self.hints, Mapping):
            return self.hints.get(str(value), "")
        return self.hints[position] if position < len(self.hints) else ""

    def optgroups(self, name: str, value: Any, attrs: dict[str, Any] | None = None) -> list[Any]:
        """Each option with its GOV.UK id (the field's id for the first, then id-2, id-3...) and its hint."""
        groups = super().optgroups(name, value, attrs)
        base = self.build_attrs(self.attrs, attrs).get("id", "")
        options = [option for _, group, _ in groups for option in group]
        for position, option in enumerate(options):
            option["govuk_id"] = base if position == 0 else f"{base}-{position + 1}"
            option["hint"] = self.option_hint(option["value"], position)
        self._add_reveals(options)
        return groups

    def _add_reveals(self, options: list[dict[str, Any]]) -> None:
        for reveal in self.reveals:
            controlling = [option for option in options if str(option["value"]) in reveal.values]
            if not controlling:
                continue
            hidden = not any(option["selected"] for option in controlling)
            for option in controlling:
                option["controls"], option["shared"] = reveal.id, len(controlling) > 1
            controlling[-1]["reveal"] = {"id": reveal.id, "html": reveal.html, "hidden": hidden}

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        context = super().get_context(name, value, attrs)
        context["widget"].update(inline=self.inline, small=self.small, hint_template=self.hint_template)
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


# Django's stock widgets and the GOV.UK control that replaces each, most specific first.
_EQUIVALENTS: tuple[tuple[type[forms.Widget], type[forms.Widget]], ...] = (
    (forms.CheckboxSelectMultiple, Checkboxes),
    (forms.RadioSelect, Radios),
    (forms.CheckboxInput, Checkbox),
    (forms.FileInput, FileUpload),
    (forms.Textarea, Textarea),
    (forms.Select, Select),
    (forms.PasswordInput, PasswordInput),
    (forms.EmailInput, EmailInput),
    (forms.TextInput, TextInput),
)


def govuk_widget(widget: forms.Widget, **options: Any) -> forms.Widget:
    """The GOV.UK control for a widget: itself if it is one, else its GOV.UK equivalent with the same attrs and
    choices (for fields a page renders but whose form is not built from these widgets, such as a formset's
    deletion box). `options` are the control's own options, such as small=True."""
    if not isinstance(widget, GovukWidgetMixin):
        govuk = next((govuk for stock, govuk in _EQUIVALENTS if isinstance(widget, stock)), None)
        if govuk is None:
            return widget
        replacement = govuk(attrs=dict(widget.attrs))
        if hasattr(widget, "choices"):
            replacement.choices = widget.choices  # type: ignore[attr-defined]
        replacement.is_required = widget.is_required
        widget = replacement
    for option, value in options.items():
        setattr(widget, option, value)
    return widget
