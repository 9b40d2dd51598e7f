"""A user's signed-in sessions: recorded at sign-in, listed on "Your sessions", ended together when the password or
second factor changes, and held to an absolute lifetime as well as the idle timeout (accounts.middleware)."""

import time
from importlib import import_module
from typing import Any

from django.conf import settings
from django.contrib.sessions.backends.base import SessionBase
from django.http import HttpRequest

from .models import AuditEvent, UserSession
from .services import audit_record

SIGNED_IN_AT_KEY = "_signed_in_at"


def _store(session_key: str) -> SessionBase:
    engine = import_module(settings.SESSION_ENGINE)
    return engine.SessionStore(session_key)


def session_record(request: HttpRequest, user: Any) -> None:
    """Note the session a user has just signed in with (its key is new: login() cycles it)."""
    request.session[SIGNED_IN_AT_KEY] = int(time.time())
    if request.session.session_key is None:
        request.session.save()
    UserSession.objects.update_or_create(
        session_key=request.session.session_key,
        defaults={"user": user, "user_agent": request.headers.get("User-Agent", "")[:200]},
    )


def session_forget(session_key: str | None) -> None:
    if session_key:
        UserSession.objects.filter(session_key=session_key).delete()


def sessions_of(user: Any) -> list[UserSession]:
    """The user's sessions that the store still holds (rows of ended or expired sessions are tidied away)."""
    live = []
    for row in UserSession.objects.filter(user=user):
        if _store(row.session_key).exists(row.session_key):
            live.append(row)
        else:
            row.delete()
    return live


def sessions_end_all(*, user: Any, keep: str | None = None) -> int:
    """End every session of the user except `keep` (the one making the request, when given). Returns how many."""
    ended = 0
    for row in UserSession.objects.filter(user=user).exclude(session_key=keep or ""):
        _store(row.session_key).delete(row.session_key)
        row.delete()
        ended += 1
    return ended


def sessions_end_others(request: HttpRequest) -> int:
    """'Sign out everywhere else': end the user's other sessions. Audited."""
    ended = sessions_end_all(user=request.user, keep=request.session.session_key)
    audit_record(
        actor=request.user,
        action="auth.sessions_ended",
        outcome=AuditEvent.Outcome.SUCCEEDED,
        object_type="auth.user",
        object_id=request.user.pk,
    )
    return ended


def past_absolute_lifetime(request: HttpRequest) -> bool:
    """Whether this signed-in session began longer ago than SESSION_ABSOLUTE_SECONDS (10 hours by default)."""
    started = request.session.get(SIGNED_IN_AT_KEY)
    return isinstance(started, int) and int(time.time()) - started > settings.SESSION_ABSOLUTE_SECONDS
