"""Render every Django form and field with the GOV.UK templates in ui/templates/govuk/."""

import copy
from typing import Any

from django.forms.boundfield import BoundField
from django.forms.renderers import TemplatesSetting
from django.utils.safestring import mark_safe

from .widgets import GovukWidgetMixin, Radios, Reveal

SIZES = ("s", "m", "l", "xl")


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
