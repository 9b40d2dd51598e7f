"""GET /healthz (database and queue), GET /livez (the process answers) and the 500 page with its reference."""

from django.conf import settings
from django.db import connection
from django.http import HttpRequest, HttpResponse, HttpResponseServerError, JsonResponse
from django.template import loader
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import requires_csrf_token
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


@requires_csrf_token
def server_error(request: HttpRequest) -> HttpResponse:
    """handler500: 500.html with the request id to quote, rendered as Django's own is, without context processors.

    The page must render when the database or the session store is the problem, so nothing here touches either.
    RequestIdMiddleware puts the id on the request (and on the response's X-Request-ID); this app sits below
    accounts, so it reads the attribute rather than importing the middleware.
    """
    template = loader.get_template("500.html")
    return HttpResponseServerError(
        template.render({"request_id": getattr(request, "request_id", "-"), "request": request})
    )
