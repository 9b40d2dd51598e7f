"""Correcting a submitted referral in Chromium: the social worker corrects an answer (an unchanged answer refused),
the referral shows it as amended, and the home still deciding sees the correction. axe-core checks every page."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from playwright.sync_api import Page
from pytest_django.live_server_helper import LiveServer

from accounts.models import Organisation
from circulation.services import search_circulate
from forms_engine.models import Referral, ReferralAmendment

from .test_circulation import COORDINATOR, MARYDALE, SOCIAL_WORKER, _click, _heading, _refused, _sign_in, _sign_out
from .test_circulation import referral as referral
from .test_sign_in_journeys import AxeAudit

pytestmark = pytest.mark.browser

NEW_VALUE = "Peanuts: anaphylaxis, carries an adrenaline pen"
REASON = "The GP records arrived after submission"


def test_correct_an_answer_and_the_home_holding_it_sees_the_correction(
    page: Page,
    live_server: LiveServer,
    referral: Referral,
) -> None:
    base, ref = live_server.url, referral.reference
    coordinator = get_user_model().objects.get(email=COORDINATOR)
    marydale = Organisation.objects.get(slug="marydale-lodge")
    home_request = search_circulate(referral=referral, homes=[marydale], user=coordinator)[0]
    audit = AxeAudit(viewer=SOCIAL_WORKER)

    _sign_in(page, base, SOCIAL_WORKER)
    page.goto(base + reverse("referrals:check", args=[referral.pk]))
    audit.check(page)
    _click(page, page.get_by_role("button", name="Correct an answer"), "correct an answer")
    assert _heading(page) == "Correct an answer"
    audit.check(page)
    _click(page, page.get_by_role("link", name="Correct list any allergies the child has"), "the allergies question")
    audit.check(page)
    page.get_by_label("Why is this answer being corrected?").fill(REASON)
    summary = _refused(page, page.get_by_role("button", name="Continue"), "an unchanged answer")
    assert "The new answer is the same as the current answer" in summary
    audit.check(page, state="with errors")
    page.get_by_label("List any allergies the child has").fill(NEW_VALUE)
    _click(page, page.get_by_role("button", name="Continue"), "the check page")
    assert _heading(page) == "Check the correction"
    audit.check(page)
    _click(page, page.get_by_role("button", name="Confirm the correction"), "confirming")
    assert ReferralAmendment.objects.get(referral=referral).new_value == NEW_VALUE
    assert "Amended" in page.content() and REASON in page.content()
    audit.check(page, state="amended")
    _sign_out(page)

    _sign_in(page, base, MARYDALE)
    page.goto(base + reverse("circulation:request", args=[home_request.pk]))
    assert "The local authority corrected this referral" in page.content() and ref in page.content()
    audit.check(page, viewer=MARYDALE, state="corrected")
    audit.assert_clean()
