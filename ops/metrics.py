"""Prometheus metrics (django-prometheus: requests, responses, latency by view, exceptions) for the operators.

/metrics answers only a scraper that sends `Authorization: Bearer <METRICS_TOKEN>`; without a token configured it
does not exist (404), so it never leaks from a deployment that did not ask for it. Behind gunicorn with several
workers set PROMETHEUS_MULTIPROC_DIR so the figures of every worker are added up.
"""

import hmac

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from django_prometheus.exports import ExportToDjangoView


@never_cache
@require_GET
def metrics(request: HttpRequest) -> HttpResponse:
    token = settings.METRICS_TOKEN
    offered = request.headers.get("Authorization", "").removeprefix("Bearer ").strip()
    if not token or not hmac.compare_digest(offered.encode(), token.encode()):
        raise Http404
    response: HttpResponse = ExportToDjangoView(request)
    return response
