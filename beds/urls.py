from django.urls import path

from . import views

app_name = "beds"

urlpatterns = [
    path("declare/", views.declare, name="declare"),
    path("declared/<int:pk>/", views.declared, name="declared"),
    path("today/", views.today, name="today"),
    path("homes/<int:home_pk>/", views.home_history, name="home-history"),
]
