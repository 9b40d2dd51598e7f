"""A request id on every request, response and log line, so audit rows and logs can be joined."""

import logging
import re
import uuid
from collections.abc import Callable
from contextvars import ContextVar

from django.http import HttpRequest, HttpResponse

ADMIN_PATH_PREFIX = "/admin/"
ADMIN_LOGIN_PATH = "/admin/login/"
_SAFE_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")
current_request_id: ContextVar[str] = ContextVar("current_request_id", default="-")


class RequestIdMiddleware:
    """Take a well-formed X-Request-ID from the proxy or make one, and echo it on the response."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        incoming = request.headers.get("X-Request-ID", "")
        request_id = incoming if _SAFE_ID.match(incoming) else uuid.uuid4().hex
        request.request_id = request_id  # type: ignore[attr-defined]
        token = current_request_id.set(request_id)
        try:
            response = self.get_response(request)
        finally:
            current_request_id.reset(token)
        response["X-Request-ID"] = request_id
        return response


class RequestIdLogFilter(logging.Filter):
    """Add the current request id to every log record."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = current_request_id.get()
        return True


class AdminAccessMiddleware:
    """The Wagtail admin is for SAN editors only: any other signed-in user gets the access module's audited 404."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        from .access import Permission, deny, has_permission

        is_admin_path = request.path.startswith(ADMIN_PATH_PREFIX) and not request.path.startswith(ADMIN_LOGIN_PATH)
        if is_admin_path and request.user.is_authenticated and not has_permission(request.user, Permission.EDIT_SITE):
            raise deny(request, action="wagtailadmin")
        return self.get_response(request)
