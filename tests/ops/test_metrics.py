"""/metrics answers only the scraper holding METRICS_TOKEN, and logs can be JSON lines with the request id."""

import json
import logging
import logging.config

import pytest
from django.conf import settings
from django.test import Client, override_settings


@pytest.mark.django_db
def test_without_a_token_configured_there_is_no_metrics_endpoint() -> None:
    assert Client().get("/metrics").status_code == 404


@pytest.mark.django_db
@override_settings(METRICS_TOKEN="a-long-random-scraper-token")
def test_metrics_need_the_token() -> None:
    assert Client().get("/metrics").status_code == 404
    assert Client().get("/metrics", headers={"Authorization": "Bearer wrong"}).status_code == 404
    Client().get("/livez")
    response = Client().get("/metrics", headers={"Authorization": "Bearer a-long-random-scraper-token"})
    assert response.status_code == 200
    assert b"django_http_requests_total_by_view_transport_method_total" in response.content


def test_the_json_log_format_writes_one_object_a_line_with_the_request_id() -> None:
    config = {**settings.LOGGING, "disable_existing_loggers": False}
    formatter = logging.config.DictConfigurator(config).configure_formatter(settings.LOGGING["formatters"]["json"])
    record = logging.LogRecord("secure", logging.WARNING, __file__, 1, "pack %s failed", ("7",), None)
    record.request_id = "abc12345"
    line = json.loads(formatter.format(record))
    assert line["level"] == "WARNING" and line["message"] == "pack 7 failed" and line["request_id"] == "abc12345"
