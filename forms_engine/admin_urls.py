from django.urls import path

from . import admin_views, pack_template_views, preview_views

app_name = "forms_engine_admin"

urlpatterns = [
    path("", admin_views.version_list, name="version-list"),
    path("<int:pk>/", admin_views.version_detail, name="version-detail"),
    path("<int:pk>/edit/", admin_views.version_edit, name="version-edit"),
    path("<int:pk>/publish/", admin_views.version_publish, name="version-publish"),
    path("<int:pk>/questions/<slug:key>/", admin_views.question_edit, name="question-edit"),
    path("<int:pk>/questions/<slug:key>/remove/", admin_views.question_delete, name="question-delete"),
    path("<int:pk>/sections/<slug:section>/add-question/", admin_views.question_create, name="question-create"),
    path("<int:pk>/preview/", preview_views.preview_task_list, name="preview"),
    path("<int:pk>/preview/reset/", preview_views.preview_reset, name="preview-reset"),
    path("<int:pk>/preview/<slug:section>/<slug:page>/", preview_views.preview_page, name="preview-page"),
    path("<int:pk>/pack-templates/", pack_template_views.pack_templates, name="pack-templates"),
    path(
        "<int:pk>/pack-templates/current.docx",
        pack_template_views.pack_template_download,
        name="pack-template-download",
    ),
    path(
        "<int:pk>/pack-templates/<int:template_pk>/withdraw/",
        pack_template_views.pack_template_withdraw_view,
        name="pack-template-withdraw",
    ),
    path("forms/<int:form_pk>/new-draft/", admin_views.version_create_draft, name="version-create-draft"),
]
