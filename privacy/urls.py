from django.urls import path

from . import views
from .subject_access_views import subject_access, subject_access_export

app_name = "privacy"

urlpatterns = [
    path("", views.index, name="index"),
    path("dry-run/", views.dry_run, name="dry-run"),
    path("legal-holds/new/", views.hold_new, name="hold-new"),
    path("legal-holds/<int:pk>/release/", views.hold_release, name="hold-release"),
    path("subject-access/", subject_access, name="subject-access"),
    path("subject-access/export/", subject_access_export, name="subject-access-export"),
]
