"""Render every Django form and field with the GOV.UK templates in ui/templates/govuk/."""

import copy
from typing import Any

from django.forms.boundfield import BoundField
from django.forms.renderers import TemplatesSetting
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe

from .widgets import GovukWidgetMixin, Radios, Reveal

SIZES = ("s", "m", "l", "xl")
FIELD_TEMPLATE = "govuk/field.html"


class GovukBoundField(BoundField):
    """A field as the GOV.UK field wrapper (govuk/field.html) draws it.

    A page can change how one field is drawn (the {% govuk_field %} tag sets these): `label` and `help_text` (the
    hint), `size` of the label or legend ("s", "m", "l" or "xl") and `heading`, the heading element ("h1", "h2")
    the label or legend sits in. A field marked `page_heading` is a large h1 by default.
    """

    size = ""
    heading = ""

    def get_context(self) -> dict[str, Any]:
        context = super().get_context()
        widget = self.field.widget
        page_heading = getattr(self.field, "page_heading", False)
        size = self.size or ("l" if page_heading else "s")
        context.update(
            grouped=getattr(widget, "govuk_grouped", False),
            labelled=getattr(widget, "govuk_labelled", False),
            size=size if size in SIZES else "s",
            heading=self.heading or ("h1" if page_heading else ""),
        )
        return context

    def render(self, template_name: str | None = None, context: Any = None, renderer: Any = None) -> SafeString:
        """The field wrapper written in Python when it is govuk/field.html with its own context (every field of a
        question page): the same bytes as the template gives (pinned by tests/ui/test_python_markup.py), without
        the cost of rendering three templates for every field."""
        if template_name is None and context is None and renderer is None and self.template_name == FIELD_TEMPLATE:
            return field_group(self, self.get_context())
        return super().render(template_name, context, renderer)

    @property
    def aria_describedby(self) -> str | None:
        """GOV.UK ids for the hint and the error message (Django's own are for its own templates)."""
        set_on_widget = self.field.widget.attrs.get("aria-describedby")
        if not isinstance(self.field.widget, GovukWidgetMixin):
            return super().aria_describedby
        if set_on_widget:
            return None
        ids = []
        if self.auto_id and not self.is_hidden:
            if self.help_text:
                ids.append(f"{self.auto_id}-hint")
            if self.errors:
                ids.append(f"{self.auto_id}-error")
        return " ".join(ids)

    def as_widget(self, widget: Any = None, attrs: dict[str, Any] | None = None, only_initial: bool = False) -> Any:
        """A control that draws its own label (a single checkbox) is given the field's label; radios or checkboxes
        whose options reveal other fields of the form (the field's `reveals`: option values and field names) draw
        those fields under the options."""
        widget = widget or self.field.widget
        if getattr(widget, "govuk_labelled", False):
            widget = copy.copy(widget)
            widget.label = self.label
        reveals = getattr(self.field, "reveals", ())
        if reveals and isinstance(widget, Radios):
            widget = copy.copy(widget)
            widget.reveals = tuple(
                Reveal(
                    values=tuple(values),
                    id=f"conditional-{self.html_name}-{number}",
                    html=mark_safe("".join(str(self.form[name].as_field_group()) for name in names)),
                )
                for number, (values, names) in enumerate(reveals, start=1)
            )
        return super().as_widget(widget, attrs, only_initial)


class GovukFormRenderer(TemplatesSetting):
    """Forms render as GOV.UK form groups; widgets find their templates in the project's template dirs."""

    form_template_name = "govuk/form.html"
    field_template_name = "govuk/field.html"
    bound_field_class = GovukBoundField


def field_messages(field: BoundField) -> SafeString:
    """govuk/field_messages.html: the hint and the error message (govuk/error_message.html), each on its line."""
    hint = format_html('<div id="{}-hint" class="govuk-hint">{}</div>', field.auto_id, field.help_text)
    errors, error = field.errors, ""
    if errors:
        shown = mark_safe(
            "<br>".join(format_html('<span class="govuk-visually-hidden">Error:</span> {}', e) for e in errors)
        )
        error = format_html('<p id="{}-error" class="govuk-error-message">{}</p>\n', field.auto_id, shown)
    return format_html("{}\n{}\n", hint if field.help_text else "", error if errors else "")


def field_group(field: BoundField, context: dict[str, Any]) -> SafeString:
    """govuk/field.html written in Python, byte for byte as a form renderer gives it (stripped, like
    django.forms.renderers.BaseRenderer.render), its indentation and newlines included."""
    errors, help_text, heading = field.errors, field.help_text, context["heading"]
    label = conditional_escape(field.label)
    messages, control = field_messages(field), str(field)  # the control, already safe (BoundField.__str__)
    if context["grouped"]:
        described = ""
        if help_text or errors:
            ids = [f"{field.auto_id}-hint"] * bool(help_text) + [f"{field.auto_id}-error"] * bool(errors)
            described = format_html(' aria-describedby="{}"', " ".join(ids))
        legend = (
            format_html('<{} class="govuk-fieldset__heading">{}</{}>', heading, label, heading) if heading else label
        )
        body = format_html(
            '\n    <fieldset class="govuk-fieldset"{}>\n      <legend class="govuk-fieldset__legend'
            ' govuk-fieldset__legend--{}">\n        {}\n      </legend>\n      {}\n      {}\n'
            "    </fieldset>\n  ",
            described,
            context["size"],
            legend,
            messages,
            control,
        )
    elif context["labelled"]:
        body = format_html("\n    {}\n    {}\n  ", messages, control)
    else:
        tag = format_html(
            '<label class="govuk-label govuk-label--{}" for="{}">{}</label>', context["size"], field.id_for_label, label
        )
        if heading:
            tag = format_html('<{} class="govuk-label-wrapper">{}</{}>', heading, tag, heading)
        body = format_html("\n    \n      {}\n    \n    {}\n    {}\n  ", tag, messages, control)
    modifier = " govuk-form-group--error" if errors else ""
    return format_html('<div class="govuk-form-group{}">\n  {}\n</div>', modifier, body)
