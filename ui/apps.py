from django.apps import AppConfig


class UiConfig(AppConfig):
    """GOV.UK form widgets and templates shared by every app."""

    name = "ui"
    verbose_name = "GOV.UK interface"
