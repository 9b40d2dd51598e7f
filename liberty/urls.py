from django.urls import path

from . import views

app_name = "liberty"

urlpatterns = [
    path("", views.order_list, name="list"),
    path("ending/", views.ending, name="ending"),
    path("children/<int:referral_pk>/", views.child, name="child"),
    path("children/<int:referral_pk>/record/", views.order_record, name="record"),
    path("orders/<int:pk>/", views.order_detail, name="order"),
    path("orders/<int:pk>/plan/", views.order_plan, name="plan"),
    path("orders/<int:pk>/exit-plan/", views.exit_plan, name="exit-plan"),
    path("orders/<int:pk>/end/", views.order_end, name="end"),
    path("orders/<int:pk>/review/", views.review, name="review"),
    path("notices/<int:pk>/sent/", views.notice_sent, name="sent"),
    path("ssda903/", views.ssda903_table, name="ssda903"),
    path("ssda903/dolo.csv", views.ssda903_download, name="ssda903-download"),
]
