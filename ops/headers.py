"""Security headers beside django-csp's: the Permissions-Policy on every response, and the admin's own CSP.

django-csp's middleware (csp.middleware.CSPMiddleware) writes the Content-Security-Policy from
settings.CONTENT_SECURITY_POLICY, or from a response's `_csp_config` when a view set one (django-csp's `@csp`
decorator does). PermissionsPolicyMiddleware sits just inside it in MIDDLEWARE, so on the way out it runs first and
can hand the admin's policy to it for the admin's addresses.
"""

from collections.abc import Callable, Mapping, Sequence

from django.conf import settings
from django.http import HttpRequest, HttpResponseBase

PERMISSIONS_POLICY_HEADER = "Permissions-Policy"


def permissions_policy(features: Mapping[str, Sequence[str]]) -> str:
    """The header value: `camera=(), publickey-credentials-get=(self)`, one entry per feature."""
    return ", ".join(f"{feature}=({' '.join(origins)})" for feature, origins in features.items())


def is_admin_path(path: str) -> bool:
    """Whether an address gets the admin's looser Content-Security-Policy."""
    return path.startswith(tuple(settings.CONTENT_SECURITY_POLICY_ADMIN_PREFIXES))


class PermissionsPolicyMiddleware:
    """Adds the Permissions-Policy to every response, and picks the admin's Content-Security-Policy under /admin/.

    The admin's policy is given to django-csp as the response's own configuration, as its `@csp` view decorator
    does, unless the view set one already. A Wagtail preview is rendered through the whole middleware stack for a
    stand-in request to the page's public address (so it gets the service's strict policy, and django-csp leaves
    the header alone on the way out of the admin's request); it only has frame-ancestors replaced, as django-csp's
    `@csp_replace` does, so that the page editor may frame it.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response
        self.header = permissions_policy(settings.PERMISSIONS_POLICY)

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        response = self.get_response(request)
        response.headers.setdefault(PERMISSIONS_POLICY_HEADER, self.header)
        if getattr(request, "is_preview", False):
            # Wagtail's stand-in request for a preview (Page.make_preview_request): the page's own policy, framed.
            response._csp_replace = settings.CONTENT_SECURITY_POLICY_PREVIEW_REPLACE  # type: ignore[attr-defined]
        elif is_admin_path(request.path_info) and getattr(response, "_csp_config", None) is None:
            response._csp_config = settings.CONTENT_SECURITY_POLICY_ADMIN["DIRECTIVES"]  # type: ignore[attr-defined]
        return response
