from django.urls import path  # noqa: F401

app_name = "outcome_reports"

urlpatterns: list = []
