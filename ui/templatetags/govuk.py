"""The GOV.UK component layer for templates: each tag draws one partial in ui/templates/govuk/ (a tag and a
control's attributes, drawn on every page, are written here instead: see govuk_tag and govuk_attrs).

    {% load govuk %}
    {% govuk_error_summary form formset=formset item="Episode" %}  the page's error summary
    {% govuk_error_message errors error_id="episode-1-error" %}    errors that belong to no one field
    {% govuk_field form.homes size="m" heading="h2" small=True %}   one field, in the field wrapper
    {% govuk_select "state" label="Show" choices=states value=state blank="All" %}  controls outside any
    {% govuk_input "q" label="Search" value=query input_type="search" %}             Django form (GET filters)
    {% govuk_tag "Overdue" "red" %}
    {% govuk_warning_text %}Ceasing ends the search.{% endgovuk_warning_text %}
    {% govuk_summary_row "Status" %}{{ value }}{% endgovuk_summary_row %}
    {% govuk_chart chart chart_id="beds-chart" title=caption description="..." %}  and {% govuk_chart_legend chart %}

Fields drawn with {{ form }} or {{ field.as_field_group }} go through the same field wrapper (govuk/field.html).
"""

from typing import Any

from django import forms, template
from django.forms.boundfield import BoundField
from django.template.base import FilterExpression, NodeList, Parser, Token, token_kwargs
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

from .. import charts, widgets
from ..forms import GovukForm, summary_errors
from ..widgets import govuk_widget

register = template.Library()

TAG_COLOURS = {"grey", "green", "turquoise", "blue", "light-blue", "purple", "pink", "red", "orange", "yellow"}
HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
FIELD_OPTIONS = {"small", "inline", "hints", "hint_template"}


@register.inclusion_tag("govuk/error_summary.html")
def govuk_error_summary(
    form: Any = None, *, formset: Any = None, item: str = "", errors: Any = None, href: str = ""
) -> dict[str, Any]:
    """The error summary: the form's (and formset's) errors, each linked to its first input, and any other
    `errors` (a string or a list) linked to `href`; nothing when there is no error."""
    return {"errors": summary_errors(form, formset=formset, item=item, errors=errors, href=href)}


@register.simple_tag
def govuk_field(
    field: BoundField,
    *,
    label: str | None = None,
    hint: str | None = None,
    size: str = "",
    heading: str = "",
    **options: Any,
) -> SafeString:
    """One field in the GOV.UK field wrapper, with the label, hint, label size (s, m, l, xl) or heading (h1-h6)
    this page needs, and control options (small, inline, hints, hint_template). A field whose form does not use
    the GOV.UK widgets (a formset's deletion box, say) is drawn with the GOV.UK equivalent of its widget."""
    if unknown := set(options) - FIELD_OPTIONS:
        raise template.TemplateSyntaxError(f"govuk_field does not take {', '.join(sorted(unknown))}")
    if heading and heading not in HEADINGS:
        raise template.TemplateSyntaxError(f"govuk_field heading must be one of h1 to h6, not {heading!r}")
    if label is not None:
        field.label = label
    if hint is not None:
        field.help_text = hint
    field.size, field.heading = size, heading  # type: ignore[attr-defined]  # read by GovukBoundField
    field.field.widget = govuk_widget(field.field.widget, **options)
    return field.as_field_group()


def _lone_field(name: str, field: forms.Field, value: Any, size: str) -> SafeString:
    """A field outside any Django form (a GET filter the view reads itself), drawn like every other field; its id
    is its name."""
    form = GovukForm(initial={name: value}, auto_id="%s")
    form.fields[name] = field
    bound = form[name]
    bound.size = size  # type: ignore[attr-defined]  # read by GovukBoundField
    return bound.as_field_group()


@register.simple_tag
def govuk_select(
    name: str, *, label: str, choices: Any, value: Any = "", blank: str = "", size: str = ""
) -> SafeString:
    """A GOV.UK select outside a form: `choices` are (value, label) pairs or plain values; `blank` is the label of
    an empty first option, such as "All regions"."""
    options = [tuple(choice) if isinstance(choice, list | tuple) else (choice, choice) for choice in choices]
    choices = ([("", blank)] if blank else []) + options
    field = forms.ChoiceField(label=label, choices=choices, required=False, widget=widgets.Select)
    return _lone_field(name, field, value, size)


@register.simple_tag
def govuk_input(name: str, *, label: str, value: Any = "", input_type: str = "text", size: str = "") -> SafeString:
    """A GOV.UK text input outside a form, such as a search box (input_type="search", not spellchecked)."""
    attrs = {"type": input_type} | ({"spellcheck": "false"} if input_type == "search" else {})
    field = forms.CharField(label=label, required=False, widget=widgets.TextInput(attrs))
    return _lone_field(name, field, value, size)


@register.simple_tag
def govuk_tag(text: Any, colour: str = "", *, classes: str = "") -> SafeString:
    """A GOV.UK tag; colour is one of the GOV.UK tag colours (none for the default dark blue).

    Drawn here rather than from a partial: one element, on every page (the phase banner) and many times on a task
    list, where a partial's rendering cost more than the rest of the tag's work."""
    modifier = f" govuk-tag--{colour}" if colour in TAG_COLOURS else ""
    extra = format_html(" {}", classes) if classes else ""
    # The newline ends the tag as the partial it replaced did (a space after the tag in running text).
    return format_html('<strong class="govuk-tag{}{}">{}</strong>\n', modifier, extra, text)


@register.filter(is_safe=True)
def govuk_attrs(attrs: dict[str, Any]) -> SafeString:
    """A widget's attributes as Django's django/forms/widgets/attrs.html writes them (each with a leading space;
    True as the bare name, False left out, any other value as `stringformat:'s'` gives it, escaped), without the
    cost of including a template for every control."""
    return widgets.html_attrs(attrs)


@register.simple_tag
def govuk_chart(chart: Any, *, chart_id: str, title: str, description: str = "") -> SafeString:
    """An SVG chart laid out by ui.charts, with its accessible title and description."""
    return charts.svg(chart, chart_id=chart_id, title=title, description=description)


def _render(context: template.Context, name: str, values: dict[str, Any]) -> SafeString:
    partial = context.template.engine.get_template(name)  # type: ignore[union-attr]
    return partial.render(context.new(values))  # the partial sees only its own values


def _body(nodelist: NodeList, context: template.Context) -> SafeString:
    return mark_safe(nodelist.render(context).strip())  # the nodes' output is already escaped


class WarningTextNode(template.Node):
    def __init__(self, nodelist: NodeList, element: str) -> None:
        self.nodelist, self.element = nodelist, element

    def render(self, context: template.Context) -> SafeString:
        return _render(
            context, "govuk/warning_text.html", {"text": _body(self.nodelist, context), "element": self.element}
        )


@register.tag("govuk_warning_text")
def do_warning_text(parser: Parser, token: Token) -> WarningTextNode:
    """{% govuk_warning_text %}text{% endgovuk_warning_text %}; `blocks` when the text is block content (rich text)
    and needs a div rather than the usual strong."""
    bits = token.split_contents()
    if len(bits) > 2 or (len(bits) == 2 and bits[1] != "blocks"):
        raise template.TemplateSyntaxError("govuk_warning_text takes no argument but 'blocks'")
    nodelist = parser.parse(("endgovuk_warning_text",))
    parser.delete_first_token()
    return WarningTextNode(nodelist, "div" if len(bits) == 2 else "strong")


class SummaryRowNode(template.Node):
    def __init__(
        self,
        key: FilterExpression | NodeList,
        value: NodeList,
        actions: NodeList | None,
        options: dict[str, FilterExpression],
    ) -> None:
        self.key, self.value, self.actions, self.options = key, value, actions, options

    def render(self, context: template.Context) -> SafeString:
        values = {name: option.resolve(context) for name, option in self.options.items()}
        key = self.key.resolve(context) if isinstance(self.key, FilterExpression) else _body(self.key, context)
        values |= {
            "key": key,
            "value": _body(self.value, context),
            "actions": _body(self.actions, context) if self.actions is not None else "",
        }
        return _render(context, "govuk/summary_list_row.html", values)


@register.tag("govuk_summary_row")
def do_summary_row(parser: Parser, token: Token) -> SummaryRowNode:
    """One summary list row.

        {% govuk_summary_row "Key" action_url=url action_hidden="name" %}value{% endgovuk_summary_row %}
        {% govuk_summary_row %}key with markup{% govuk_value %}value{% govuk_actions %}actions{% endgovuk_summary_row %}

    The key is the first argument, or the content before {% govuk_value %}; {% govuk_actions %} starts the actions
    cell's own content. `action_url` (with `action_text`, default "Change", and the visually hidden
    `action_hidden`) is the usual single link.
    """
    bits = token.split_contents()[1:]
    key: FilterExpression | NodeList | None = None
    if bits and "=" not in bits[0]:
        key = parser.compile_filter(bits.pop(0))
    options = token_kwargs(bits, parser)
    if bits or set(options) - {"action_url", "action_text", "action_hidden"}:
        raise template.TemplateSyntaxError("govuk_summary_row takes a key and action_url, action_text, action_hidden")
    ends = ("govuk_value", "govuk_actions", "endgovuk_summary_row")
    section = parser.parse(ends)
    marker = parser.next_token().contents
    if key is None:
        if marker != "govuk_value":
            raise template.TemplateSyntaxError("govuk_summary_row without a key needs {% govuk_value %}")
        key, section = section, parser.parse(ends[1:])
        marker = parser.next_token().contents
    elif marker == "govuk_value":
        raise template.TemplateSyntaxError("govuk_summary_row has its key as an argument: no {% govuk_value %}")
    actions = None
    if marker == "govuk_actions":
        actions = parser.parse(ends[2:])
        parser.delete_first_token()
    return SummaryRowNode(key, section, actions, options)


@register.inclusion_tag("govuk/charts/legend.html")
def govuk_chart_legend(chart: Any) -> dict[str, Any]:
    """The key to a column chart's colours, line and marks, as a list beside the chart."""
    return {"chart": chart}


@register.inclusion_tag("govuk/error_message.html")
def govuk_error_message(errors: Any, *, error_id: str = "") -> dict[str, Any]:
    """An error message that belongs to no single field (a formset form's own errors), each with "Error:"."""
    return {"errors": [errors] if isinstance(errors, str) else errors, "error_id": error_id}
