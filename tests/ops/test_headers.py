"""Security headers: a nonce-based Content-Security-Policy on every page, the admin's looser one, and the
Permissions-Policy on every response (config/settings/headers.py, ops/headers.py)."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.models import Group
from django.http import HttpRequest, HttpResponse
from django.test import Client
from django.urls import path, reverse
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_static.models import StaticDevice
from wagtail.models import Page, Site

from accounts.models import Role
from config import urls as project_urls
from ops.headers import permissions_policy
from tests.cms.factories import HomePageFactory
from tests.factories import member

CSP = "Content-Security-Policy"
UNSAFE_INLINE = "'unsafe-inline'"
# An inline <script> (one without src) and its nonce attribute, if any.
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\ssrc=)([^>]*)>", re.IGNORECASE)
NONCE_ATTRIBUTE = re.compile(r'\snonce="([^"]*)"')


def _boom(request: HttpRequest) -> HttpResponse:
    raise RuntimeError("a fault, for the 500 page")


# This module doubles as a URLconf for the 500 page: the project's addresses and error handlers, and one that fails.
urlpatterns = [path("boom/", _boom), *project_urls.urlpatterns]
handler500 = getattr(project_urls, "handler500", "django.views.defaults.server_error")


@pytest.fixture
def home_page(db: None) -> object:
    """A bare website home page serving the default site."""
    home = HomePageFactory(parent=Page.get_first_root_node())
    Site.objects.update_or_create(is_default_site=True, defaults={"hostname": "localhost", "root_page": home})
    return home


def _directives(response: HttpResponse) -> dict[str, list[str]]:
    """The enforced policy, as a directive → sources mapping."""
    assert CSP in response, f"no {CSP} header"
    directives: dict[str, list[str]] = {}
    for part in response[CSP].split(";"):
        name, *sources = part.split()
        directives[name] = sources
    return directives


def _header_nonce(response: HttpResponse) -> str | None:
    """The nonce the header allows in script-src, if it names one."""
    nonces = [s[len("'nonce-") : -1] for s in _directives(response)["script-src"] if s.startswith("'nonce-")]
    assert len(nonces) <= 1
    return nonces[0] if nonces else None


def _inline_script_nonces(response: HttpResponse) -> list[str | None]:
    """The nonce attribute of each inline script on the page (None for a script without one)."""
    found = []
    for match in INLINE_SCRIPT.finditer(response.content.decode()):
        nonce = NONCE_ATTRIBUTE.search(match.group(1))
        found.append(nonce.group(1) if nonce else None)
    return found


def _assert_strict_nonce_policy(response: HttpResponse) -> str:
    """The service's own policy: nonce-based scripts, no inline anything, no framing; the page's inline scripts
    carry the header's nonce. Returns the nonce."""
    directives = _directives(response)
    assert directives["default-src"] == ["'self'"]
    assert directives["object-src"] == ["'none'"]
    assert directives["frame-ancestors"] == ["'none'"]
    assert directives["base-uri"] == ["'none'"]
    assert directives["form-action"] == ["'self'"]
    for name in ("script-src", "style-src"):
        assert UNSAFE_INLINE not in directives[name], f"{name} allows inline code"
    assert directives["style-src"] == ["'self'"]
    nonce = _header_nonce(response)
    assert nonce, "no nonce in script-src"
    assert len(nonce) >= 22, "the nonce is too short to be unguessable"  # 16 random bytes, base64
    scripts = _inline_script_nonces(response)
    assert scripts, "base.html's inline scripts are missing"
    assert scripts == [nonce] * len(scripts), f"inline scripts {scripts} do not all carry the header's nonce"
    return nonce


def _verified_client(role: Role) -> Client:
    """A client signed in as a member of the role, with a verified second factor (as django-otp records one)."""
    user = member(role)
    if role == Role.EDITOR:
        user.groups.add(Group.objects.get(name="Editors"))  # type: ignore[attr-defined]
    client = Client()
    client.force_login(user)
    device = StaticDevice.objects.create(user=user, name="Test codes")
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return client


@pytest.mark.django_db
class TestServicePagesPolicy:
    """The strict policy, with a fresh nonce on each response, wherever the service's own pages are."""

    def test_public_home_page(self, home_page: object) -> None:
        """The website's home page."""
        client = Client()
        first = client.get("/")
        second = client.get("/")
        assert first.status_code == second.status_code == 200
        assert _assert_strict_nonce_policy(first) != _assert_strict_nonce_policy(second)

    def test_sign_in_page(self) -> None:
        """The sign-in page, the one every account holder sees."""
        client = Client()
        first = client.get(reverse("accounts:sign-in"))
        second = client.get(reverse("accounts:sign-in"))
        assert first.status_code == second.status_code == 200
        assert _assert_strict_nonce_policy(first) != _assert_strict_nonce_policy(second)

    def test_signed_in_service_page(self) -> None:
        """A signed-in coordinator's dashboard."""
        client = _verified_client(Role.COORDINATOR)
        first = client.get(reverse("accounts:dashboard"))
        second = client.get(reverse("accounts:dashboard"))
        assert first.status_code == second.status_code == 200
        assert b"Sign out" in first.content
        assert _assert_strict_nonce_policy(first) != _assert_strict_nonce_policy(second)

    def test_404_page(self) -> None:
        """The GOV.UK "Page not found" page."""
        client = Client()
        first = client.get("/no-such-page/")
        second = client.get("/no-such-page/")
        assert first.status_code == second.status_code == 404
        assert _assert_strict_nonce_policy(first) != _assert_strict_nonce_policy(second)

    @pytest.mark.urls(__name__)
    def test_500_page(self) -> None:
        """The 500 page gets the strict policy too, and shows no inline script the policy would refuse.

        The project's handler500 renders without context processors, so the page only has a nonce to give when the
        handler puts the request in its context; without one base.html leaves its inline scripts out.
        """
        response = Client(raise_request_exception=False).get("/boom/")
        assert response.status_code == 500
        assert b"Sorry, there is a problem with the service" in response.content
        directives = _directives(response)
        assert UNSAFE_INLINE not in directives["script-src"]
        assert directives["style-src"] == ["'self'"]
        assert directives["frame-ancestors"] == ["'none'"]
        nonce = _header_nonce(response)
        assert _inline_script_nonces(response) in ([], [nonce, nonce]), "an inline script lacks the header's nonce"

    def test_nothing_outside_the_admin_allows_inline_code(self) -> None:
        """The settings themselves: only the admin's policy may allow 'unsafe-inline' or 'unsafe-eval'."""
        for name, sources in settings.CONTENT_SECURITY_POLICY["DIRECTIVES"].items():
            assert UNSAFE_INLINE not in sources, name
            assert "'unsafe-eval'" not in sources, name
        assert not settings.CONTENT_SECURITY_POLICY.get("EXCLUDE_URL_PREFIXES"), "no address goes without a policy"


@pytest.mark.django_db
class TestAdminPolicy:
    """Wagtail's admin gets its own, looser policy: inline scripts and styles, same-origin frames, no nonce."""

    def test_the_admin_home_allows_inline_code_without_a_nonce(self) -> None:
        """A nonce would make browsers ignore 'unsafe-inline', which Wagtail's own inline scripts need."""
        response = _verified_client(Role.EDITOR).get(reverse("wagtailadmin_home"))
        assert response.status_code == 200
        directives = _directives(response)
        assert directives["script-src"] == ["'self'", UNSAFE_INLINE]
        assert directives["style-src"] == ["'self'", UNSAFE_INLINE]
        assert directives["frame-ancestors"] == ["'self'"]
        assert directives["object-src"] == ["'none'"]
        assert "'unsafe-eval'" not in response[CSP]

    def test_a_wagtail_preview_keeps_the_strict_policy_but_may_be_framed_by_the_admin(self, home_page: object) -> None:
        """Wagtail renders a preview through the whole middleware stack for the page's public address (the page
        editor shows it in a frame): editors' content is previewed under the service's own policy."""
        response = home_page.make_preview_request()  # type: ignore[attr-defined]
        assert response.status_code == 200
        assert _directives(response)["frame-ancestors"] == ["'self'"]
        nonce = _header_nonce(response)
        assert nonce and _inline_script_nonces(response) == [nonce, nonce]
        assert UNSAFE_INLINE not in response[CSP]

    def test_the_service_pages_keep_the_strict_policy_for_an_editor(self, home_page: object) -> None:
        """The admin's policy follows the address, not the person."""
        response = _verified_client(Role.EDITOR).get("/")
        _assert_strict_nonce_policy(response)


@pytest.mark.django_db
class TestPermissionsPolicy:
    """Every response switches off the browser features the service never uses."""

    @pytest.mark.parametrize(
        "address", ["/", "/account/sign-in/", "/no-such-page/", "/livez", "/admin/", "/sitemap.xml"]
    )
    def test_on_every_response(self, home_page: object, address: str) -> None:
        """Pages, errors, redirects and plain-text answers alike."""
        response = Client().get(address)
        policy = response["Permissions-Policy"]
        for feature in ("camera", "microphone", "geolocation", "payment", "usb"):
            assert f"{feature}=()" in policy.split(", ")
        assert "publickey-credentials-get=(self)" in policy.split(", "), "passkeys stay usable on this origin"

    @pytest.mark.urls(__name__)
    def test_on_the_500_page(self) -> None:
        """Even a failed request's answer carries it."""
        response = Client(raise_request_exception=False).get("/boom/")
        assert response.status_code == 500
        assert "camera=()" in response["Permissions-Policy"]

    def test_the_header_is_written_as_the_specification_says(self) -> None:
        """Structured-field syntax: features separated by commas, allow-lists in brackets."""
        assert permissions_policy({"camera": [], "publickey-credentials-get": ["self"]}) == (
            "camera=(), publickey-credentials-get=(self)"
        )


class TestTemplates:
    """No template of the service writes what the strict policy refuses: a style attribute or a bare script."""

    def test_no_style_attribute_or_script_without_a_nonce(self) -> None:
        """E-mail templates are not web pages, and are left out."""
        root = Path(settings.BASE_DIR)
        offenders = []
        for template in sorted(root.glob("*/templates/**/*.html")):
            relative = template.relative_to(root)
            if "email" in relative.parts:
                continue
            text = template.read_text()
            if re.search(r"\sstyle=", text):
                offenders.append(f"{relative}: style attribute")
            for match in INLINE_SCRIPT.finditer(text):
                if "application/json" not in match.group(1) and "nonce=" not in match.group(1):
                    offenders.append(f"{relative}: inline script without a nonce")
        assert not offenders, "\n".join(offenders)
