"""The signed-in landing page, kept whole per membership and browser for as long as its cards may be old.

The coordinator's and analyst's pages show only unit-wide figures that may already be a minute old; building the
same HTML again on every view costs several times more than serving it. So, for a role whose cards are all shared
(`dashboard_page_seconds` > 0), the rendered page is kept in the web process's own memory (the "local" cache) for
that long, keyed by the membership, its role, its organisation, the path and a digest of the browser's CSRF secret.
The membership itself is still checked afresh on every request before a kept page is looked up, so an ended
membership or a changed role never sees one.

The page's sign-out form carries a CSRF token, masked once when the page was built; it is valid only for that
browser's CSRF secret, which is why the secret is part of the key (a new secret, as after signing in, builds a new
page). Reusing a masked token across responses would matter only if an attacker could place chosen text in the same
compressed response (BREACH); this page reflects nothing from the request. A browser without a CSRF cookie yet, a
page with messages to show, and roles with a live card (a user's own drafts, a home's requests) are rendered on
every request as before.
"""

import hashlib

from django.contrib.messages import get_messages
from django.core.cache import caches
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string

from .dashboard import LOCAL_CACHE, dashboard_cards, dashboard_page_seconds
from .models import Membership

TEMPLATE = "accounts/dashboard.html"


def landing_page_key(membership: Membership, path: str, csrf_secret: str) -> str:
    """The cache key of a kept landing page."""
    browser = hashlib.sha256(csrf_secret.encode()).hexdigest()[:32]
    return f"landing:{membership.pk}:{membership.role}:{membership.organisation_id}:{browser}:{path}"


def landing_page(request: HttpRequest, membership: Membership) -> HttpResponse:
    """The landing page for this membership: kept for its role's card age when allowed, else rendered now."""
    seconds = dashboard_page_seconds(membership.role)
    csrf_secret = request.META.get("CSRF_COOKIE", "")
    if seconds <= 0 or not csrf_secret or len(get_messages(request)):
        return render(request, TEMPLATE, {"membership": membership, "cards": dashboard_cards(membership=membership)})
    local = caches[LOCAL_CACHE]
    key = landing_page_key(membership, request.path, csrf_secret)
    html = local.get(key)
    if html is None:
        context = {"membership": membership, "cards": dashboard_cards(membership=membership)}
        html = render_to_string(TEMPLATE, context, request)
        local.set(key, html, seconds)
    return HttpResponse(html)
