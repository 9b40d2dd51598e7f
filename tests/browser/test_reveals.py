"""Conditional reveals in Chromium, with JavaScript on and off: v4's absconding risk asks for the last incident and
details under "Yes – a current risk" and "Yes – a historic risk" (one reveal shared by two options:
ui/static/ui/reveals.js). With JavaScript off every follow-up is shown and the server keeps only what applies."""

from typing import Any

import pytest
from playwright.sync_api import Browser, Page
from pytest_django.live_server_helper import LiveServer

from forms_engine.models import Referral

from .test_referral_journey import _go_to_referrals, _sign_in

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("demo_data")]

SOCIAL_WORKER = "social.worker@hampshire.example"
DETAILS = "#id_risk_absconding_details"


def _start(page: Page, live_server: LiveServer) -> tuple[Referral, str]:
    _sign_in(page, live_server.url, SOCIAL_WORKER)
    _go_to_referrals(page)
    with page.expect_navigation():
        page.locator("main").get_by_role("button", name="Start a new referral").click()
    referral = Referral.objects.get(pk=int(page.url.rstrip("/").rsplit("/", 1)[-1]))
    return referral, f"{live_server.url}/referrals/{referral.pk}/risk_profile/risk_absconding/"


def _save(page: Page) -> Any:
    with page.expect_navigation() as navigation:
        page.get_by_role("button", name="Save and continue").click()
    return navigation.value


def test_with_javascript_the_follow_ups_open_under_either_yes(page: Page, live_server: LiveServer) -> None:
    """Hidden at first; shown by "current", hidden by "No known risk", shown by "historic"; saved in one go."""
    referral, url = _start(page, live_server)
    page.goto(url)
    details = page.locator(DETAILS)
    assert not details.is_visible()
    current = page.get_by_label("Yes – a current risk")
    assert current.get_attribute("aria-expanded") == "false"
    current.check()
    assert details.is_visible() and current.get_attribute("aria-expanded") == "true"
    page.get_by_label("No known risk").check()
    assert not details.is_visible()
    page.get_by_label("Yes – a historic risk").check()
    assert details.is_visible()
    details.fill("Went missing twice in 2023.")
    for part, value in zip(("0", "1", "2"), ("3", "4", "2023"), strict=True):
        page.locator(f"#id_risk_absconding_last_incident_{part}").fill(value)
    response = _save(page)
    assert response is not None and response.status == 200 and page.url != url
    referral.refresh_from_db()
    assert referral.answers["risk_absconding"] == "historic"
    assert referral.answers["risk_absconding_details"] == "Went missing twice in 2023."
    assert referral.answers["risk_absconding_last_incident"] == "2023-04-03"


def test_without_javascript_every_follow_up_is_shown_and_only_what_applies_is_kept(
    page: Page, live_server: LiveServer, browser: Browser
) -> None:
    """The same page with scripts off: the follow-ups are on the page; "No known risk" saves without them, and
    "current" without its details is sent back with the details' error."""
    referral, url = _start(page, live_server)
    context = browser.new_context(java_script_enabled=False, base_url=live_server.url)
    try:
        context.add_cookies(page.context.cookies())
        plain = context.new_page()
        plain.goto(url)
        assert plain.locator(DETAILS).is_visible()
        plain.get_by_label("Yes – a current risk").check()
        refused = _save(plain)
        assert refused is not None and refused.status == 400
        summary = plain.locator(".govuk-error-summary").inner_text()
        assert "absconding" in summary.lower()
        plain.get_by_label("No known risk").check()
        plain.locator(DETAILS).fill("Typed, then the answer changed")
        saved = _save(plain)
        assert saved is not None and saved.status == 200 and plain.url != url
    finally:
        context.close()
    referral.refresh_from_db()
    assert referral.answers["risk_absconding"] == "none"
    assert "risk_absconding_details" not in referral.answers
