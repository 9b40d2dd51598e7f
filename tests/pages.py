"""Comparing pages: each response carries a fresh Content-Security-Policy nonce and, in forms, a freshly masked CSRF
token, so two renderings of the same page differ only there."""

import re

_PER_RESPONSE = re.compile(rb'(nonce|name="csrfmiddlewaretoken" value)="[^"]*"')


def comparable(content: bytes) -> bytes:
    """The page with its per-response values blanked, for "byte-identical to a missing page" checks."""
    return _PER_RESPONSE.sub(rb'\1=""', content)
