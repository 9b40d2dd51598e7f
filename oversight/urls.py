"""Oversight report pages."""

app_name = "oversight"

urlpatterns: list = []
