from django.urls import path

from . import views

app_name = "outcomes"

urlpatterns = [
    path("", views.checkpoint_list, name="checkpoint-list"),
    path("checkpoints/<int:pk>/", views.checkpoint_record, name="checkpoint-record"),
    path("children/", views.followup_list, name="followup-list"),
    path("children/<int:pk>/", views.followup_detail, name="followup-detail"),
    path("children/<int:pk>/exit/", views.exit_record, name="exit-record"),
]
