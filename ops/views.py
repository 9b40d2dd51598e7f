"""GET /healthz (database and queue) and GET /livez (the process answers)."""

from django.conf import settings
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from .health import health_report


@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    """200 with JSON when the database and the queue broker answer, 503 otherwise."""
    healthy, report = health_report(connection=connection, redis_url=settings.REDIS_URL)
    return JsonResponse(report, status=200 if healthy else 503)


@never_cache
@require_GET
def livez(request: HttpRequest) -> HttpResponse:
    """A trivial answer: the web process is up. Also the baseline of the web benchmark."""
    return HttpResponse("ok", content_type="text/plain")
