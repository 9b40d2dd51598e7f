from django.urls import path

from . import views

app_name = "privacy"

urlpatterns = [
    path("", views.index, name="index"),
    path("dry-run/", views.dry_run, name="dry-run"),
    path("legal-holds/new/", views.hold_new, name="hold-new"),
    path("legal-holds/<int:pk>/release/", views.hold_release, name="hold-release"),
]
