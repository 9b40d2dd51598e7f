from django.urls import path

from . import admin_views

app_name = "forms_engine_admin"

urlpatterns = [
    path("", admin_views.version_list, name="version-list"),
    path("<int:pk>/", admin_views.version_detail, name="version-detail"),
    path("<int:pk>/edit/", admin_views.version_edit, name="version-edit"),
    path("<int:pk>/publish/", admin_views.version_publish, name="version-publish"),
    path("forms/<int:form_pk>/new-draft/", admin_views.version_create_draft, name="version-create-draft"),
]
