"""The published monthly coordination summaries' web pages (no sign-in)."""

from django.urls import path

from . import public_views

app_name = "coordination_summaries"

urlpatterns = [
    path("", public_views.summary_list, name="list"),
    path("<int:year>-<int:month>/", public_views.summary_detail, name="detail"),
]
