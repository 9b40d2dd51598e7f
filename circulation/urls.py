from django.urls import path

from . import views

app_name = "circulation"

urlpatterns = [
    path("", views.search_list, name="searches"),
    path("inbox/", views.inbox, name="inbox"),
    path("inbox/history/", views.inbox_history, name="inbox-history"),
    path("referrals/<int:pk>/", views.search_detail, name="search"),
    path("referrals/<int:pk>/circulate/", views.circulate, name="circulate"),
    path("referrals/<int:pk>/close/", views.close, name="close"),
    path("requests/<int:pk>/", views.request_detail, name="request"),
    path("requests/<int:pk>/offer/", views.accept, name="accept"),
    path("requests/<int:pk>/decline/", views.decline, name="decline"),
    path("requests/<int:pk>/ask/", views.ask, name="ask"),
    path("requests/<int:pk>/addendum/", views.addendum, name="addendum"),
    path("requests/<int:pk>/confirm/", views.confirm, name="confirm"),
    path("questions/<int:pk>/answer/", views.answer, name="answer"),
    path("key-information/<int:pk>/", views.key_information_download, name="key-information"),
    path(
        "key-information/<int:pk>/acknowledge/",
        views.key_information_acknowledged,
        name="key-information-acknowledge",
    ),
]
