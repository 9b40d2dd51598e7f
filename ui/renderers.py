"""Render every Django form and field with the GOV.UK templates in ui/templates/govuk/."""

from django.forms.renderers import TemplatesSetting


class GovukFormRenderer(TemplatesSetting):
    """Forms render as GOV.UK form groups; widgets find their templates in the project's template dirs."""

    form_template_name = "govuk/form.html"
    field_template_name = "govuk/field.html"
