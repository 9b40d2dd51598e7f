"""The field wrapper and the text input are written in Python (ui.renderers.field_group, ui.widgets.GovukInputMixin)
for the question pages' CPU; their templates (govuk/field.html, govuk/widgets/input.html) stay the readable
description of the markup, and these tests hold the two to the same bytes for every branch."""

from typing import Any

import pytest
from django import forms
from django.utils.safestring import mark_safe

from ui import widgets
from ui.forms import GovukForm
from ui.templatetags.govuk import govuk_field


class EveryKindForm(GovukForm):
    name = forms.CharField(label='Name <b>"quoted"</b> & more', widget=widgets.TextInput)
    nickname = forms.CharField(
        label="Nickname", required=False, help_text="What they like to be called", widget=widgets.TextInput
    )
    email = forms.EmailField(
        label="Email", help_text=mark_safe("Use <strong>work</strong> email"), widget=widgets.EmailInput
    )
    secret = forms.CharField(label="Password", widget=widgets.PasswordInput(attrs={"autocomplete": "off"}))
    phone = forms.CharField(label="Phone", max_length=5, widget=widgets.TextInput(attrs={"type": "tel"}))
    reason = forms.ChoiceField(
        label="Why?", help_text="Choose one", choices=[("a", "Moved"), ("b", "Other & more")], widget=widgets.Radios
    )
    bare_reason = forms.ChoiceField(label="Which?", choices=[("a", "A")], widget=widgets.Radios)
    confirm = forms.BooleanField(label="I confirm", widget=widgets.Checkbox)
    notes = forms.CharField(label="Notes", required=False, widget=widgets.Textarea)

    def clean(self) -> dict[str, Any]:
        self.add_error("name", "A second <problem> with the name")
        return self.cleaned_data


BOUND = {"name": "", "nickname": 'Al "the <pal>"', "email": "not an email", "secret": "x", "phone": "0123456789"}


def _forms() -> list[GovukForm]:
    return [EveryKindForm(), EveryKindForm(initial={"nickname": 0, "phone": ("a", 1)}), EveryKindForm(data=BOUND)]


def _by_template(field: Any) -> str:
    return str(field.render(template_name="govuk/field.html"))  # an explicit template: Django renders it


@pytest.mark.parametrize("form_number", range(3))
def test_every_field_wrapper_is_the_templates_bytes(form_number: int) -> None:
    form = _forms()[form_number]
    for field in form:
        assert str(field.as_field_group()) == _by_template(field), field.name


@pytest.mark.parametrize("size, heading", [("m", "h2"), ("xl", ""), ("", "h1"), ("bad", "")])
def test_sizes_and_headings_are_the_templates_bytes(size: str, heading: str) -> None:
    for form in _forms():
        for name in ("name", "reason", "confirm"):
            drawn = govuk_field(form[name], label="Changed <label>", hint="A hint", size=size, heading=heading)
            assert drawn == _by_template(form[name]), (name, size, heading)


def test_a_field_without_an_id_is_the_templates_bytes() -> None:
    form = EveryKindForm(data=BOUND, auto_id=False)
    for field in form:
        assert str(field.as_field_group()) == _by_template(field), field.name


def test_the_text_input_is_the_templates_bytes() -> None:
    form = EveryKindForm(data=BOUND)
    for name in ("name", "nickname", "email", "secret", "phone"):
        field = form[name]
        widget = field.field.widget
        context = widget.get_context(field.html_name, field.value(), field.build_widget_attrs({"id": field.auto_id}))
        assert widget._render(widget.template_name, context) == form.renderer.render(widget.template_name, context)
    for value in (None, "", 0, True, ("a", 1), mark_safe("a&amp;b"), '<x y="z">'):
        widget = widgets.TextInput(attrs={"class": "govuk-input--width-5", "required": True, "hidden": False})
        context = widget.get_context("n", value, {"id": "n"})
        assert widget._render(widget.template_name, context) == form.renderer.render(widget.template_name, context)


def test_a_widget_given_another_template_is_drawn_by_it() -> None:
    class Boxed(widgets.TextInput):
        template_name = "django/forms/widgets/textarea.html"

    assert str(Boxed().render("n", "v", renderer=EveryKindForm().renderer)).startswith('<textarea name="n"')
