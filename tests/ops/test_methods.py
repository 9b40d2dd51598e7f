"""Every view of the project answers a method it does not handle with 405, before it looks at who is asking.

The URL resolver is walked, so a new view without a method decorator fails here. Wagtail's own URLs (its admin, its
documents, its catch-all page serving, the sitemap) and other libraries' are left out: only views whose code is in a
project app are checked. The editors' screens the project adds to the Wagtail admin sit behind Wagtail's own
sign-in check, so those views are called past it, directly.
"""

import importlib
import re
import uuid
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser
from django.test import Client, RequestFactory
from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.resolvers import RoutePattern

PROJECT_APPS = {"accounts", "beds", "circulation", "cms", "coordination", "forms_engine", "ops", "outcomes", "ui"}
UNHANDLED = ["PUT", "DELETE", "PATCH", "TRACE"]
ADMIN_PREFIX = "/admin/"
SAMPLES = {"int": "1", "str": "x", "slug": "x", "path": "x", "uuid": str(uuid.UUID(int=1))}
_PARAMETER = re.compile(r"<(?:(?P<converter>[^>:]+):)?(?P<name>[^>]+)>")

#: Views this change could not fix, each with why; strict, so the mark has to go when the view is fixed.


def _routes(patterns: list[Any], prefix: str = "") -> Iterator[tuple[str, Callable[..., Any], dict[str, Any]]]:
    for entry in patterns:
        if isinstance(entry, URLResolver):
            if isinstance(entry.pattern, RoutePattern):  # a regex include is Wagtail's page serving
                yield from _routes(entry.url_patterns, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern) and isinstance(entry.pattern, RoutePattern):
            yield prefix + str(entry.pattern), entry.callback, entry.default_args


def _sample(route: str) -> tuple[str, dict[str, Any]]:
    """The route as a path with a sample value for each parameter, and those values as the view receives them."""
    kwargs: dict[str, Any] = {}

    def fill(found: re.Match[str]) -> str:
        value = SAMPLES[found["converter"] or "str"]
        kwargs[found["name"]] = int(value) if found["converter"] == "int" else value
        return value

    return "/" + _PARAMETER.sub(fill, route), kwargs


def _project(callback: Callable[..., Any]) -> bool:
    return callback.__module__.partition(".")[0] in PROJECT_APPS


def _as_defined(callback: Callable[..., Any]) -> Callable[..., Any]:
    """The view as its module defines it, decorators and all, without the wrappers Wagtail adds to admin URLs."""
    view: Callable[..., Any] = getattr(importlib.import_module(callback.__module__), callback.__name__)
    return view


ROUTES = sorted(
    ((*_sample(route), callback, defaults) for route, callback, defaults in _routes(get_resolver().url_patterns)),
    key=lambda found: found[0],
)
PUBLIC = [path for path, _, callback, _ in ROUTES if _project(callback) and not path.startswith(ADMIN_PREFIX)]
#: The project's own function views in the Wagtail admin (Wagtail's class-based ones, and its subclasses, are its own).
EDITORS = [
    pytest.param(_as_defined(callback), path, {**kwargs, **defaults}, id=path)
    for path, kwargs, callback, defaults in ROUTES
    if _project(callback) and path.startswith(ADMIN_PREFIX) and not hasattr(callback, "view_class")
]


def test_the_walk_finds_the_project_views() -> None:
    """A guard on the walk itself: the question page, the health check and the editors' screens are all in it."""
    public = {param if isinstance(param, str) else str(param.values[0]) for param in PUBLIC}
    assert {"/referrals/1/x/x/", "/healthz", "/coordination/ofsted/1/letter.docx"} <= public
    assert not [path for path in public if path.startswith("/documents/")]
    assert "/admin/form-versions/1/preview/x/x/" in {param.id for param in EDITORS}


@pytest.mark.django_db
@pytest.mark.parametrize("path", PUBLIC)
def test_unhandled_methods_get_405_before_sign_in(path: str) -> None:
    """Anonymous: the method is refused before the sign-in redirect or any lookup of the object."""
    client = Client()
    answers = {method: client.generic(method, path).status_code for method in UNHANDLED}
    assert answers == dict.fromkeys(UNHANDLED, 405)


@pytest.mark.parametrize(("view", "path", "kwargs"), EDITORS)
def test_unhandled_methods_get_405_on_the_editors_screens(view: Any, path: str, kwargs: dict[str, Any]) -> None:
    """Past Wagtail's admin check (which signs people in first), the method is still refused before anything else."""
    answers = {}
    for method in UNHANDLED:
        request = RequestFactory().generic(method, path)
        request.user = AnonymousUser()
        answers[method] = view(request, **kwargs).status_code
    assert answers == dict.fromkeys(UNHANDLED, 405)
