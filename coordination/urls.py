from django.urls import path

from .views import dashboard, homes, ofsted, upkeep
from .views import outbox as outbox_views

app_name = "coordination"

urlpatterns = [
    path("", dashboard.dashboard, name="dashboard"),
    path("searches/", upkeep.search_list, name="searches"),
    path("searches/<int:pk>/", upkeep.search_upkeep, name="search"),
    path("searches/<int:pk>/update/", upkeep.update_new, name="update-new"),
    path("searches/<int:pk>/review/", upkeep.review_start, name="review-start"),
    path("searches/<int:pk>/cease/", upkeep.search_cease, name="cease"),
    path("reviews/<int:pk>/changes/", upkeep.review_changes, name="review-changes"),
    path("requests/<int:pk>/updates/", homes.home_updates, name="home-updates"),
    path("ofsted/", ofsted.ofsted_list, name="ofsted-list"),
    path("ofsted/<int:pk>/", ofsted.ofsted_detail, name="ofsted-detail"),
    path("ofsted/<int:pk>/draft-again/", ofsted.ofsted_redraft, name="ofsted-redraft"),
    path("ofsted/<int:pk>/letter.docx", ofsted.ofsted_download, name="ofsted-download"),
    path("messages/failed/", outbox_views.outbox_failed, name="outbox-failed"),
    path("messages/failed/try-again/", outbox_views.outbox_try_all_again, name="outbox-try-all-again"),
    path("messages/failed/<int:pk>/try-again/", outbox_views.outbox_try_again, name="outbox-try-again"),
]
