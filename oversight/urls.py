"""Oversight report pages (aggregates only)."""

from django.urls import path, re_path

from . import views

app_name = "oversight"

urlpatterns = [
    path("", views.index, name="index"),
    path("equity/", views.equity, name="equity"),
    path("declines/", views.declines, name="declines"),
    path("demand/", views.demand, name="demand"),
    path("publish/", views.publish, name="publish"),
    path("cooperatives/", views.cooperatives, name="cooperatives"),
    path("cooperatives/add/", views.cooperative_edit, name="cooperative_add"),
    path("cooperatives/<int:pk>/", views.cooperative_edit, name="cooperative"),
    re_path(r"^(?P<report>equity|declines|demand)/download/$", views.download, name="download"),
]
