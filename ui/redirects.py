"""Where to send someone after a POST: a `back` or `next` the browser sent only if it is a path on this site."""

from django.http import HttpRequest
from django.utils.http import url_has_allowed_host_and_scheme


def _is_plain_path(candidate: str) -> bool:
    """A path on this host: starts with one "/", and has no backslash or control character browsers would rewrite.

    Browsers drop tabs and newlines anywhere in a URL and read a backslash as a slash, so "/\\evil.example" and
    "/\\t/evil.example" would both become the protocol-relative "//evil.example".
    """
    if not candidate.startswith("/") or candidate.startswith("//"):
        return False
    return "\\" not in candidate and all(ch.isprintable() and not ch.isspace() for ch in candidate)


def safe_next(request: HttpRequest, candidate: str | None, fallback: str) -> str:
    """The candidate if it is a path on this site (over HTTPS when the request was), otherwise the fallback."""
    if (
        candidate
        and _is_plain_path(candidate)
        and url_has_allowed_host_and_scheme(
            candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        )
    ):
        return candidate
    return fallback
