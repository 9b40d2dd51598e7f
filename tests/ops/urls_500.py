"""The project's URLs and its handler500, with one more view that fails: for the 500 page tests."""

from django.http import HttpRequest, HttpResponse
from django.urls import path

from config import urls


def boom(request: HttpRequest) -> HttpResponse:
    raise RuntimeError("the view failed")


urlpatterns = [path("boom/", boom), *urls.urlpatterns]
handler500 = urls.handler500
