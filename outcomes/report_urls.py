from django.urls import path

from .reporting import views

app_name = "outcome_reports"

urlpatterns = [
    path("", views.report_index, name="index"),
    path("download/<str:fmt>/", views.report_download, name="download"),
    path("summary/", views.summary_generate, name="summary-generate"),
    path("ssda903/<int:organisation_pk>/episodes.csv", views.ssda903_episodes, name="ssda903-episodes"),
]
