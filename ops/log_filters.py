"""Logs carry no personal data: the query strings of search and filter pages (which can hold a child's name, a
reference or a person's e-mail address) are cut from request lines before they are written."""

import logging
import re

_QUERY = re.compile(r"\?[^\s\"]*")


def redact_query(text: str) -> str:
    """'GET /account/audit/?user=a@b.example HTTP/1.1' → 'GET /account/audit/?… HTTP/1.1'."""
    return _QUERY.sub("?…", text)


class QueryStringRedactingFilter(logging.Filter):
    """For the development server's request log (django.server) and any logger that writes request lines."""

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.msg, str):
            record.msg = redact_query(record.msg)
        if isinstance(record.args, tuple):
            record.args = tuple(redact_query(arg) if isinstance(arg, str) else arg for arg in record.args)
        return True
