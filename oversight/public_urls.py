"""The public quarterly statistics pages (no sign-in)."""

from django.urls import path

from . import public_views

app_name = "oversight_public"

urlpatterns = [
    path("", public_views.publication_list, name="list"),
    path("<int:year>-q<int:quarter>/", public_views.publication_detail, name="detail"),
    path("<int:year>-q<int:quarter>.csv", public_views.publication_download, name="download"),
]
