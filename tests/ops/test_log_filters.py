"""Request lines are logged without their query strings (they may hold a name, a reference or an e-mail address)."""

import logging

from ops.log_filters import QueryStringRedactingFilter, redact_query


def test_query_strings_are_cut_from_request_lines() -> None:
    assert (
        redact_query('"GET /account/audit/?user=jo@example.org&page=2 HTTP/1.1" 200')
        == '"GET /account/audit/?… HTTP/1.1" 200'
    )
    assert redact_query("GET /referrals/ HTTP/1.1") == "GET /referrals/ HTTP/1.1"


def test_the_filter_redacts_the_arguments_of_a_record() -> None:
    record = logging.LogRecord(
        "django.server", logging.INFO, __file__, 1, '"%s" %s %s', ("GET /x/?name=Jo HTTP/1.1", 200, 5), None
    )
    assert QueryStringRedactingFilter().filter(record)
    assert record.getMessage() == '"GET /x/?… HTTP/1.1" 200 5'


def test_the_development_servers_request_log_uses_the_filter() -> None:
    handlers = logging.getLogger("django.server").handlers
    assert any(isinstance(f, QueryStringRedactingFilter) for handler in handlers for f in handler.filters)
