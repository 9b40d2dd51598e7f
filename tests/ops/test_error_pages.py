"""GOV.UK error pages."""

import pytest
from django.template.loader import render_to_string
from django.test import Client


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
