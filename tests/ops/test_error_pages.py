"""GOV.UK error pages."""

import pytest
from django.template.loader import render_to_string
from django.test import Client

from config import urls


@pytest.mark.django_db
class TestErrorPages:
    """404 and 500 pages in the GOV.UK layout."""

    def test_unknown_address_gets_the_govuk_404(self) -> None:
        """The page says what to check, inside the service layout."""
        response = Client().get("/no-such-page/")
        assert response.status_code == 404
        assert b'class="govuk-template"' in response.content
        assert b"Page not found" in response.content

    def test_500_page_renders_without_a_request(self) -> None:
        """Django renders 500.html with no context; it must still work and reassure."""
        html = render_to_string("500.html")
        assert "Sorry, there is a problem with the service" in html
        assert "Anything you saved" in html


@pytest.mark.django_db
@pytest.mark.urls("tests.ops.urls_500")
class TestServerErrorPage:
    """The 500 page gives the reference the logs carry, so a call to the unit can be matched to what went wrong."""

    def test_the_project_sets_its_own_handler500(self) -> None:
        assert urls.handler500 == "ops.views.server_error"

    def test_the_page_gives_the_request_id_the_response_carries(self) -> None:
        response = Client(raise_request_exception=False).get("/boom/")
        assert response.status_code == 500
        request_id = response["X-Request-ID"]
        html = response.content.decode()
        assert "Sorry, there is a problem with the service" in html and "Try again later" in html
        assert f"If you contact us about this, give this reference: <strong>{request_id}</strong>" in html
        assert b'class="govuk-template"' in response.content

    def test_a_request_id_from_the_proxy_is_the_one_shown(self) -> None:
        response = Client(raise_request_exception=False).get("/boom/", headers={"X-Request-ID": "edge-1234abcd"})
        assert response["X-Request-ID"] == "edge-1234abcd"
        assert "give this reference: <strong>edge-1234abcd</strong>" in response.content.decode()

    def test_without_a_request_id_the_page_offers_no_reference(self) -> None:
        """Rendered with no id (a failure before the middleware ran), it reassures without a blank reference."""
        assert "give this reference" not in render_to_string("500.html", {"request_id": "-"})
