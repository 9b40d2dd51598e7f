"""safe_next: a `back` or `next` from the browser is followed only when it is a path on this site."""

import pytest
from django.test import RequestFactory

from ui.redirects import safe_next

FALLBACK = "/referrals/1/"


@pytest.mark.parametrize(
    "candidate",
    [
        "https://evil.example",
        "http://evil.example/referrals/",
        "//evil.example",
        "///evil.example",
        "/\\evil.example",
        "\\\\evil.example",
        "/\t/evil.example",
        "/\n/evil.example",
        "\t//evil",
        " /referrals/",
        "javascript:alert(1)",
        "JavaScript:alert(1)",
        "data:text/html,<script>alert(1)</script>",
        "http://testserver/referrals/",  # even this host: only a path is accepted
        "referrals/1/",
        "",
        None,
    ],
)
def test_anything_but_a_plain_path_gets_the_fallback(candidate: str | None) -> None:
    """Other hosts, protocol-relative and backslash forms, schemes, whitespace tricks and empty values all refused."""
    request = RequestFactory().post("/referrals/1/documents/2/remove/")
    assert safe_next(request, candidate, FALLBACK) == FALLBACK


@pytest.mark.parametrize(
    "candidate",
    ["/referrals/1/court/order/", "/referrals/?page=2#list", "/"],
)
def test_a_path_on_this_site_is_followed(candidate: str) -> None:
    request = RequestFactory().post("/referrals/1/documents/2/remove/")
    assert safe_next(request, candidate, FALLBACK) == candidate


def test_a_path_is_followed_over_https_too() -> None:
    """require_https only matters for absolute URLs, which are refused anyway: a path still works over HTTPS."""
    request = RequestFactory().post("/referrals/1/documents/2/remove/", secure=True)
    assert safe_next(request, "/referrals/1/court/order/", FALLBACK) == "/referrals/1/court/order/"
    assert safe_next(request, "http://testserver/referrals/", FALLBACK) == FALLBACK
