"""The placed home's journey in Chromium: the child at a glance on its request page, the first-72-hours key
information downloaded and acknowledged; the social worker sees who acknowledged it; a home not chosen gets 404.
axe-core checks every page on the way."""

import datetime
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Page
from pypdf import PdfReader
from pytest_django.live_server_helper import LiveServer

from accounts.models import AuditEvent, Organisation
from circulation.models import HomeRequest, KeyInformationSheet
from circulation.services import placement_confirm, request_accept, search_circulate
from forms_engine.models import Referral
from tests.circulation.factories import CHILD_LAST

from . import test_circulation as _circulation
from .test_sign_in_journeys import AxeAudit

pytestmark = pytest.mark.browser
referral = _circulation.referral  # the demo data and a Hampshire referral, committed (shared, not copied)
KYLOE, MARYDALE, SOCIAL_WORKER = _circulation.KYLOE, _circulation.MARYDALE, _circulation.SOCIAL_WORKER
_click, _sign_in, _sign_out = _circulation._click, _circulation._sign_in, _circulation._sign_out


@pytest.fixture
def placed(referral: Referral) -> KeyInformationSheet:
    """Circulated to Marydale Lodge and Kyloe House; Kyloe House offered and the social worker confirmed it."""
    homes = list(Organisation.objects.filter(slug__in=["marydale-lodge", "kyloe-house"]))
    coordinator = get_user_model().objects.get(email="coordinator@swcu.example")
    search_circulate(referral=referral, homes=homes, user=coordinator)
    offer = HomeRequest.objects.get(search__referral=referral, home__slug="kyloe-house")
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    manager = get_user_model().objects.get(username=KYLOE)
    offer = request_accept(home_request=offer, admission_date=tomorrow, user=manager)
    worker = get_user_model().objects.get(email=SOCIAL_WORKER)
    placement = placement_confirm(home_request=offer, admitted_on=tomorrow, user=worker)
    return KeyInformationSheet.objects.get(placement=placement)


class TestTheConfirmedHomeGetsTheKeyInformation:
    def test_download_and_acknowledge_then_the_social_worker_sees_it(
        self, page: Page, live_server: LiveServer, placed: KeyInformationSheet, tmp_path: Path
    ) -> None:
        """Kyloe House reads the glance, downloads the sheet and acknowledges it; Marydale Lodge cannot open it."""
        base, ref = live_server.url, placed.placement.search.referral.reference
        audit = AxeAudit(viewer=KYLOE)

        # 1. Kyloe House's manager finds the placed referral in the inbox's history.
        _sign_in(page, base, KYLOE)
        _click(page, page.locator("#navigation").get_by_role("link", name="Inbox", exact=True), "inbox")
        assert "Placed with your home" in page.content()
        audit.check(page, state="placed")
        _click(page, page.get_by_role("link", name=ref), "request page")
        glance = page.locator("#child-at-a-glance")
        assert "Child at a glance" in glance.inner_text() and "Main risks" in glance.inner_text()
        assert CHILD_LAST not in page.content()
        audit.check(page, state="placed, not acknowledged")

        # 2. It downloads the key information and reads it.
        with page.expect_download() as download:
            page.get_by_role("link", name="Download the key information for the first 72 hours (PDF)").click()
        target = tmp_path / "key-information.pdf"
        download.value.save_as(target)
        text = " ".join(" ".join(p.extract_text() for p in PdfReader(target).pages).split())
        assert f"Referral {ref}, placed at Kyloe House" in text and "Out-of-hours contacts" in text
        assert CHILD_LAST not in text

        # 3. It acknowledges receipt; the button gives way to who acknowledged and when.
        _click(page, page.get_by_role("button", name="Confirm your home has received the key information"), "ack")
        assert "The local authority can see that your home has the key information" in page.content()
        assert page.get_by_role("button", name="Confirm your home has received the key information").count() == 0
        assert "Acknowledged by" in page.locator("main").inner_text()
        audit.check(page, state="acknowledged")
        _sign_out(page)

        # 4. The social worker sees the acknowledgement on the search.
        audit.viewer = SOCIAL_WORKER
        _sign_in(page, base, SOCIAL_WORKER)
        page.goto(base + reverse("circulation:search", args=[placed.placement.search.referral_id]))
        assert "Sent to Kyloe House only. Acknowledged by" in " ".join(page.locator("main").inner_text().split())
        audit.check(page, state="placed, acknowledged")
        _sign_out(page)

        # 5. Marydale Lodge, asked and recalled, gets the service's 404 for the sheet, audited.
        audit.viewer = MARYDALE
        _sign_in(page, base, MARYDALE)
        response = page.goto(base + reverse("circulation:key-information", args=[placed.pk]))
        assert response is not None and response.status == 404
        audit.check(page, state="not found")
        marydale = get_user_model().objects.get(email=MARYDALE)
        assert AuditEvent.objects.filter(actor=marydale, outcome=AuditEvent.Outcome.DENIED).exists()
        placed.refresh_from_db()
        assert placed.acknowledged_by is not None and placed.acknowledged_by.username == KYLOE
        audit.assert_clean()
