from django.urls import path

from . import amendment_views, pack_views, views

app_name = "referrals"

urlpatterns = [
    path("", views.referral_list, name="list"),
    path("start/", views.referral_start, name="start"),
    path("<int:pk>/", views.referral_task_list, name="task-list"),
    path("submitted/", pack_views.submitted_referrals, name="submitted"),
    path("<int:pk>/packs/", pack_views.referral_packs, name="packs"),
    path("<int:pk>/packs/<int:job_pk>/<slug:kind>/", pack_views.referral_pack_download, name="pack-download"),
    path("<int:pk>/check/", views.referral_check, name="check"),
    path("<int:pk>/correct/", amendment_views.amendment_choose, name="amend-choose"),
    path("<int:pk>/correct/<slug:key>/", amendment_views.amendment_new, name="amend"),
    path("<int:pk>/correct/<slug:key>/check/", amendment_views.amendment_check, name="amend-check"),
    path("<int:pk>/move-to-live-version/", views.referral_migrate, name="migrate"),
    path("<int:pk>/sign/", views.referral_sign, name="sign"),
    path("<int:pk>/confirmation/", views.referral_confirmation, name="confirmation"),
    path("<int:pk>/documents/<int:attachment_pk>/", views.referral_attachment_download, name="attachment-download"),
    path("<int:pk>/documents/<int:attachment_pk>/remove/", views.referral_attachment_remove, name="attachment-remove"),
    path("<int:pk>/<slug:section>/<slug:page>/", views.referral_page, name="page"),
    path("<int:pk>/<slug:section>/<slug:page>/add/", views.referral_group_item, name="group-add"),
    path("<int:pk>/<slug:section>/<slug:page>/<int:index>/", views.referral_group_item, name="group-item"),
    path(
        "<int:pk>/<slug:section>/<slug:page>/<int:index>/remove/",
        views.referral_group_item_remove,
        name="group-item-remove",
    ),
]
