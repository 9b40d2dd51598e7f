"""A request id on every request, response and log line, so audit rows and logs can be joined."""

import logging
import re
import time
import uuid
from collections.abc import Callable
from contextvars import ContextVar

from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.http import HttpRequest, HttpResponse
from django.utils.cache import patch_cache_control

ADMIN_PATH_PREFIX = "/admin/"
ADMIN_LOGIN_PATH = "/admin/login/"
_SAFE_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")
current_request_id: ContextVar[str] = ContextVar("current_request_id", default="-")
# The idle timeout is kept to the minute: the session records the time of a request at most once a minute.
IDLE_STAMP_KEY = "_last_seen"
IDLE_STAMP_EVERY_SECONDS = 60


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


class IdleTimeoutMiddleware:
    """Sign a user out after SESSION_COOKIE_AGE seconds without a request, writing the session at most once a minute.

    Each write also pushes the session store's own expiry SESSION_COOKIE_AGE ahead, so the store and this check agree:
    a session ends no later than the idle period after the last request, and at most a minute earlier.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        session = request.session
        if SESSION_KEY in session:
            now = int(time.time())
            seen = session.get(IDLE_STAMP_KEY)
            if isinstance(seen, int) and now - seen >= settings.SESSION_COOKIE_AGE:
                _sign_out(request, action="auth.idle_timeout")
            elif _past_absolute_lifetime(request):
                _sign_out(request, action="auth.absolute_timeout")
            elif not isinstance(seen, int) or now - seen >= IDLE_STAMP_EVERY_SECONDS:
                session[IDLE_STAMP_KEY] = now  # marks the session modified, so it is saved with a fresh expiry
        return self.get_response(request)


def _past_absolute_lifetime(request: HttpRequest) -> bool:
    from .sessions import past_absolute_lifetime  # deferred: sessions reaches services, which reads this module

    return past_absolute_lifetime(request)


def _sign_out(request: HttpRequest, *, action: str) -> None:
    """End a session: the view sees an anonymous user, and the audit log says why."""
    from django.contrib.auth.models import AnonymousUser

    from .models import AuditEvent
    from .services import audit_record  # deferred: services reads this module's request id
    from .sessions import session_forget

    user = request.user if request.user.is_authenticated else None  # resolved before the session is gone
    session_forget(request.session.session_key)
    request.session.flush()
    request.user = AnonymousUser()
    audit_record(actor=user, action=action, outcome=AuditEvent.Outcome.SUCCEEDED)


class SecondFactorMiddleware:
    """No signed-in session without a verified second factor.

    The sign-in pages sign a person in only after their code is accepted (accounts.two_factor), so a session signed
    in without one is a fault or an attack (a login made by other code): it is ended before any view runs, audited,
    and the request goes on as anonymous (a page of child data then asks for sign-in).
    Runs after django-otp's OTPMiddleware, which gives request.user its is_verified().
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if user.is_authenticated and not getattr(user, "is_verified", bool)():
            _sign_out(request, action="auth.unverified_session_ended")
        return self.get_response(request)


class PrivatePagesMiddleware:
    """What a signed-in user is shown is personal: no shared cache and no browser disk cache may keep it.

    Responses that set their own Cache-Control (downloads, health checks) keep it.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and not response.has_header("Cache-Control"):
            patch_cache_control(response, private=True, no_store=True)
        return response
