"""The second sign-in step in the browser: the code page (an authenticator already set up, as every demo login has)
or, for an account without one, the set-up page — read as a screen-reader user would, from the written-out key."""

from base64 import b32decode
from typing import Any

from django.contrib.auth import get_user_model
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import Page

from accounts import two_factor

CODE_PATH = "/account/sign-in/code/"
SET_UP_PATH = "/account/sign-in/set-up-authenticator/"


def second_factor(page: Page, email: str, *, audit: Any = None) -> None:
    """Finish signing in after the password: type the code the account's authenticator shows now."""
    if audit is not None:
        audit(page)
    if SET_UP_PATH in page.url:
        written = page.locator("#setup-key").inner_text().replace(" ", "")
        hex_key = b32decode(written + "=" * (-len(written) % 8)).hex()
        page.get_by_label("Code from your authenticator app").fill(two_factor.code_now(hex_key))
        with page.expect_navigation():
            page.locator("main").get_by_role("button", name="Continue").click()
        assert page.locator("main h1").inner_text().strip() == "Save your recovery codes"
        if audit is not None:
            audit(page)
        with page.expect_navigation():
            page.get_by_role("button", name="I have saved my recovery codes").click()
        return
    assert CODE_PATH in page.url, f"{email}: expected the code page after the password, got {page.url}"
    user = get_user_model().objects.get(username=email)
    device = TOTPDevice.objects.filter(user=user, confirmed=True).order_by("pk").first()
    assert device is not None, f"{email} has no authenticator"
    code, wait = two_factor.code_for_next_use(device, allow_next_step=True)
    if wait:
        page.wait_for_timeout(wait * 1000 + 200)
        device.refresh_from_db()
        code, _ = two_factor.code_for_next_use(device, allow_next_step=True)
    page.get_by_label("Code").fill(code)
    with page.expect_navigation():
        page.locator("main").get_by_role("button", name="Continue").click()
