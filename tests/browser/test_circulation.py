"""The search for a bed in Chromium: the coordinator circulates to homes, which decline with reasons, ask the local
authority a question or offer a place; the local authority answers and confirms one offer, and the homes not chosen
lose access to the referral. axe-core checks every page on the way."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Page
from pytest_django.live_server_helper import LiveServer

from accounts.models import AuditEvent, Organisation, Role
from circulation.models import HomeRequest, InformationRequest, Placement
from demo.accounts import demo_organisations_seed, demo_users_seed
from demo.beds import demo_beds_seed
from demo.forms import demo_forms_seed
from demo.people import DEMO_PASSWORD
from forms_engine.models import FormVersion, Referral
from tests.browser.sign_in import second_factor
from tests.circulation.factories import CHILD_LAST, submitted_referral
from tests.factories import MembershipFactory, UserFactory

from .test_sign_in_journeys import DASHBOARD, SIGN_IN, AxeAudit, _assert_loaded, _failed_responses, _open, _path

pytestmark = pytest.mark.browser

COORDINATOR = "coordinator@swcu.example"
MARYDALE = "manager@marydale.example"
KYLOE = "manager.browser@kyloe-house.example"
SOCIAL_WORKER = "social.worker@hampshire.example"
CLARE = "manager.browser@clare-lodge.example"
QUESTION = "Has the child had contact with the youth offending team this year?"
ANSWER = "Yes, twice; both visits were planned and went well."


@pytest.fixture
def referral(transactional_db: None, django_db_serialized_rollback: None) -> Referral:
    """Demo organisations, users, forms and beds; a Hampshire referral; a Kyloe House manager (all committed)."""
    demo_organisations_seed()
    demo_users_seed()
    demo_forms_seed()
    demo_beds_seed()
    kyloe = Organisation.objects.get(slug="kyloe-house")
    MembershipFactory(
        user=UserFactory(username=KYLOE, password=DEMO_PASSWORD), organisation=kyloe, role=Role.HOME_MANAGER
    )
    worker = get_user_model().objects.get(email=SOCIAL_WORKER)
    return submitted_referral(
        version=FormVersion.objects.get(state="live"),
        local_authority=Organisation.objects.get(slug="hampshire"),
        user=worker,
    )


@pytest.fixture
def three_homes(referral: Referral) -> Referral:
    """The Hampshire referral, with a Clare Lodge manager as well (committed)."""
    MembershipFactory(
        user=UserFactory(username=CLARE, password=DEMO_PASSWORD),
        organisation=Organisation.objects.get(slug="clare-lodge"),
        role=Role.HOME_MANAGER,
    )
    return referral


def _sign_in(page: Page, base_url: str, email: str) -> None:
    _open(page, base_url + SIGN_IN)
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    _click(page, page.locator("main").get_by_role("button", name="Sign in"), f"signing in as {email}")
    second_factor(page, email)
    assert _path(page) == DASHBOARD


def _sign_out(page: Page) -> None:
    _click(page, page.locator("header").get_by_role("button", name="Sign out"), "signing out")


def _click(page: Page, target: object, what: str) -> None:
    """Click something that navigates, and check the page it leads to loaded."""
    with page.expect_navigation() as navigation:
        target.click()  # type: ignore[attr-defined]
    _assert_loaded(page, navigation.value, what)


def _refused(page: Page, target: object, what: str) -> str:
    """Submit a form that must come back with a 400 and a GOV.UK error summary; returns the summary's text."""
    with page.expect_navigation() as navigation:
        target.click()  # type: ignore[attr-defined]
    assert navigation.value is not None and navigation.value.status == 400, what
    assert page.title().startswith("Error: "), what
    return page.locator(".govuk-error-summary").inner_text()


WITHOUT_BEDS = "Send to the selected homes that have no bookable welfare bed today"


def _send_to_selected(page: Page, what: str, audit: AxeAudit) -> int:
    """Press "Send to selected homes". Demo homes other than Marydale Lodge declare at random, so when any chosen
    home has no bookable bed today the page must first ask for confirmation, naming the field; then it is sent.
    Returns how many times the form was refused (0 or 1)."""
    send = page.get_by_role("button", name="Send to selected homes")
    if not page.get_by_label(WITHOUT_BEDS).count():
        _click(page, send, what)
        return 0
    summary = _refused(page, send, f"{what} without confirming")
    assert "Confirm you want to ask homes with no bookable welfare bed today" in summary
    audit.check(page, state="asked to confirm homes without beds")
    page.get_by_label(WITHOUT_BEDS).check()
    _click(page, send, what)
    return 1


def _heading(page: Page) -> str:
    return page.locator("main h1").first.inner_text().strip()


def _inbox_request(page: Page, reference: str, audit: AxeAudit, *, state: str = "") -> None:
    """From the landing page to the home's request page through the inbox, both checked by axe-core."""
    audit.check(page)
    _click(page, page.locator("#navigation").get_by_role("link", name="Inbox", exact=True), "inbox")
    audit.check(page, state=state)
    _click(page, page.get_by_role("link", name=reference), "request page")
    assert CHILD_LAST not in page.content()
    audit.check(page, state=state)


def _not_found(page: Page, url: str, audit: AxeAudit) -> None:
    """The address answers 404 with the service's own "Page not found" page, which axe-core checks."""
    response = page.goto(url)
    assert response is not None and response.status == 404, f"{url}: expected 404"
    assert _heading(page) == "Page not found", url
    audit.check(page, state="not found")


class TestSearchForABed:
    def test_circulate_decline_offer_and_confirm(self, page: Page, live_server: LiveServer, referral: Referral) -> None:
        """One placement at Kyloe House; Marydale Lodge's coded reasons stored; every page is clean."""
        base, ref = live_server.url, referral.reference
        failures = _failed_responses(page)
        audit = AxeAudit(viewer=COORDINATOR)

        # 1. The coordinator finds the referral and circulates it to Marydale Lodge and Kyloe House.
        _sign_in(page, base, COORDINATOR)
        _click(page, page.locator("#navigation").get_by_role("link", name="Searches", exact=True), "searches")
        audit.check(page)
        _click(page, page.get_by_role("link", name=f"Circulate {ref}"), "circulate page")
        assert _heading(page) == f"Circulate {ref} to secure homes"
        audit.check(page)
        for box in page.locator("main input[name=homes]").all():
            box.uncheck()
        summary = _refused(page, page.get_by_role("button", name="Send to selected homes"), "sending with no home")
        assert "Select at least one secure home" in summary
        audit.check(page, state="with errors")
        page.get_by_label("Marydale Lodge").check()
        page.get_by_label("Kyloe House").check()
        refused_forms = 2 + _send_to_selected(page, "sending to two homes", audit)  # and the empty selection, "Other"
        assert _heading(page) == f"Search for {ref}" and "Sent to 2 secure homes" in page.content()
        audit.check(page)
        _sign_out(page)

        # 2. Marydale Lodge's manager declines with coded reasons (after forgetting to explain "Other").
        audit.viewer = MARYDALE
        _sign_in(page, base, MARYDALE)
        _click(page, page.locator("#navigation").get_by_role("link", name="Inbox", exact=True), "inbox")
        audit.check(page)
        _click(page, page.get_by_role("link", name=ref), "request page")
        assert CHILD_LAST not in page.content()
        audit.check(page)
        _click(page, page.get_by_role("button", name="Decline"), "decline page")
        audit.check(page)
        page.get_by_label("Staffing").check()
        page.get_by_label("Other", exact=True).check()
        summary = _refused(page, page.get_by_role("button", name="Decline referral"), "declining without words")
        assert "Say what the other reason is" in summary
        audit.check(page, state="with errors")
        page.get_by_label("More about your decision (optional)").fill("Refurbishment of one wing this month.")
        _click(page, page.get_by_role("button", name="Decline referral"), "declining")
        assert _heading(page) == "Referrals for your home"
        _sign_out(page)

        # 3. Kyloe House's manager offers a place from tomorrow.
        audit.viewer = KYLOE
        _sign_in(page, base, KYLOE)
        audit.check(page)
        _click(page, page.get_by_role("link", name="Open your inbox"), "inbox from the dashboard card")
        _click(page, page.get_by_role("link", name=ref), "request page")
        _click(page, page.get_by_role("button", name="Offer a place"), "offer page")
        audit.check(page)
        tomorrow = timezone.localdate() + datetime.timedelta(days=1)
        page.get_by_label("Day").fill(str(tomorrow.day))
        page.get_by_label("Month").fill(str(tomorrow.month))
        page.get_by_label("Year").fill(str(tomorrow.year))
        _click(page, page.get_by_role("button", name="Send offer"), "offering")
        assert "Your offer has been sent" in page.content()
        audit.check(page, state="offered")
        _sign_out(page)

        # 4. Hampshire's social worker confirms the offer from the dashboard.
        audit.viewer = SOCIAL_WORKER
        _sign_in(page, base, SOCIAL_WORKER)
        audit.check(page)
        _click(page, page.get_by_role("link", name=f"Confirm Kyloe House for {ref}"), "confirm page")
        assert page.get_by_label("Day").input_value() == str(tomorrow.day)
        audit.check(page)
        _click(page, page.get_by_role("button", name="Confirm placement"), "confirming")
        assert _heading(page) == f"Search for {ref}" and "Placement at Kyloe House confirmed" in page.content()
        assert "Refurbishment" not in page.content()  # the home's own words go to the unit only
        audit.check(page, state="placed")

        placement = Placement.objects.get(search__referral=referral)
        assert (placement.home.slug, placement.admitted_on) == ("kyloe-house", tomorrow)
        declined = HomeRequest.objects.get(search__referral=referral, home__slug="marydale-lodge")
        assert (declined.status, declined.decline_reasons) == ("declined", ["staffing", "other"])
        unexpected = [f for f in failures if not f.startswith("HTTP 400 for document")]  # the refused forms
        assert len(failures) - len(unexpected) == refused_forms
        if unexpected:
            pytest.fail("Failed requests:\n  " + "\n  ".join(unexpected), pytrace=False)
        audit.assert_clean()


class TestSearchWithAQuestion:
    def test_three_homes_decline_ask_and_offer_then_the_others_lose_access(
        self, page: Page, live_server: LiveServer, three_homes: Referral
    ) -> None:
        """Marydale declines, Clare Lodge's question is answered, Kyloe is placed; Marydale and Clare Lodge get 404s."""
        base, ref = live_server.url, three_homes.reference
        failures = _failed_responses(page)
        audit = AxeAudit(viewer=COORDINATOR)

        # 1. The coordinator circulates the referral to three homes.
        _sign_in(page, base, COORDINATOR)
        audit.check(page)
        _click(page, page.locator("#navigation").get_by_role("link", name="Searches", exact=True), "searches")
        audit.check(page)
        _click(page, page.get_by_role("link", name=f"Circulate {ref}"), "circulate page")
        audit.check(page)
        for box in page.locator("main input[name=homes]").all():
            box.uncheck()
        for home in ("Marydale Lodge", "Clare Lodge", "Kyloe House"):
            page.get_by_label(home, exact=True).check()
        refused_forms = 2 + _send_to_selected(page, "sending to three homes", audit)  # and the empty question, answer
        assert _heading(page) == f"Search for {ref}" and "Sent to 3 secure homes" in page.content()
        audit.check(page)
        _sign_out(page)

        # 2. Marydale Lodge's manager declines with coded reasons.
        audit.viewer = MARYDALE
        _sign_in(page, base, MARYDALE)
        _inbox_request(page, ref, audit)
        marydale_request = _path(page)
        marydale_pack = page.get_by_role("link", name="Download the pack (PDF)").get_attribute("href") or ""
        _click(page, page.get_by_role("button", name="Decline"), "decline page")
        audit.check(page)
        page.get_by_label("No vacancy").check()
        page.get_by_label("Risk to others").check()
        _click(page, page.get_by_role("button", name="Decline referral"), "declining")
        history = page.locator("main table", has_text="History, latest first").inner_text()
        assert _heading(page) == "Referrals for your home" and ref in history and "Declined by your home" in history
        audit.check(page, state="declined")
        _sign_out(page)

        # 3. Clare Lodge's manager can download its own pack, then asks a question (after sending an empty one).
        audit.viewer = CLARE
        _sign_in(page, base, CLARE)
        _inbox_request(page, ref, audit)
        clare_request = _path(page)
        pack_url = page.get_by_role("link", name="Download the pack (PDF)").get_attribute("href") or ""
        pack = page.request.get(base + pack_url)
        assert pack.status == 200 and pack.body().startswith(b"%PDF"), "Clare Lodge's own pack before the recall"
        _click(page, page.get_by_role("button", name="Ask for information"), "ask page")
        audit.check(page)
        summary = _refused(page, page.get_by_role("button", name="Send question"), "asking nothing")
        assert "Enter your question for the local authority" in summary
        audit.check(page, state="with errors")
        page.get_by_label("What do you need to know?").fill(QUESTION)
        _click(page, page.get_by_role("button", name="Send question"), "asking")
        assert "Your question has been sent to the local authority" in page.content()
        assert "Waiting for the local authority's answer" in page.content()
        assert page.get_by_role("button", name="Offer a place").count() == 0  # the decision waits for the answer
        audit.check(page, state="question asked")
        _sign_out(page)

        # 4. Hampshire's social worker answers the question from the searches page (after sending an empty answer).
        audit.viewer = SOCIAL_WORKER
        _sign_in(page, base, SOCIAL_WORKER)
        assert "1 question from homes to answer" in page.content()
        audit.check(page, state="question waiting")
        _click(page, page.get_by_role("link", name="See your searches"), "searches from the dashboard card")
        audit.check(page, state="question waiting")
        _click(page, page.get_by_role("link", name=f"Answer Clare Lodge about {ref}"), "answer page")
        assert QUESTION in page.content()
        audit.check(page)
        summary = _refused(page, page.get_by_role("button", name="Send answer"), "answering nothing")
        assert "Enter your answer" in summary
        audit.check(page, state="with errors")
        page.get_by_label("Your answer").fill(ANSWER)
        _click(page, page.get_by_role("button", name="Send answer"), "answering")
        assert _heading(page) == f"Search for {ref}" and "Your answer has been sent to Clare Lodge" in page.content()
        assert ANSWER in page.content()
        audit.check(page, state="answered")
        _sign_out(page)

        # 5. Clare Lodge's manager reads the answer; the decision is open again, and the manager leaves it waiting.
        audit.viewer = CLARE
        _sign_in(page, base, CLARE)
        _inbox_request(page, ref, audit, state="answered")
        assert "The local authority answered" in page.content() and ANSWER in page.content()
        assert page.get_by_role("button", name="Offer a place").count() == 1
        _sign_out(page)

        # 6. Kyloe House's manager offers a place from tomorrow.
        audit.viewer = KYLOE
        _sign_in(page, base, KYLOE)
        _inbox_request(page, ref, audit)
        _click(page, page.get_by_role("button", name="Offer a place"), "offer page")
        audit.check(page)
        tomorrow = timezone.localdate() + datetime.timedelta(days=1)
        page.get_by_label("Day").fill(str(tomorrow.day))
        page.get_by_label("Month").fill(str(tomorrow.month))
        page.get_by_label("Year").fill(str(tomorrow.year))
        _click(page, page.get_by_role("button", name="Send offer"), "offering")
        assert "Your offer has been sent" in page.content()
        audit.check(page, state="offered")
        _sign_out(page)

        # 7. Hampshire's social worker confirms Kyloe House's offer; Clare Lodge's request is recalled.
        audit.viewer = SOCIAL_WORKER
        _sign_in(page, base, SOCIAL_WORKER)
        audit.check(page, state="offer waiting")
        _click(page, page.get_by_role("link", name=f"Confirm Kyloe House for {ref}"), "confirm page")
        audit.check(page)
        _click(page, page.get_by_role("button", name="Confirm placement"), "confirming")
        assert "Placement at Kyloe House confirmed" in page.content()
        audit.check(page, state="placed")
        _sign_out(page)

        # 8. Clare Lodge (recalled) and Marydale Lodge (declined) can no longer open the referral or the pack.
        audit.viewer = CLARE
        _sign_in(page, base, CLARE)
        _click(page, page.locator("#navigation").get_by_role("link", name="Inbox", exact=True), "inbox")
        assert page.get_by_role("link", name=ref).count() == 0
        audit.check(page, state="recalled")
        referral_url = reverse("referrals:check", args=[three_homes.pk])
        clare_denied = [clare_request, clare_request + "addendum/", pack_url, referral_url]
        for url in clare_denied:
            _not_found(page, base + url, audit)
        assert page.request.get(base + pack_url).status == 404  # a direct fetch, as a download would be
        _sign_out(page)
        audit.viewer = MARYDALE
        _sign_in(page, base, MARYDALE)
        marydale_denied = [marydale_request, marydale_pack, referral_url]
        for url in marydale_denied:
            _not_found(page, base + url, audit)
        _sign_out(page)

        statuses = dict(HomeRequest.objects.filter(search__referral=three_homes).values_list("home__slug", "status"))
        assert statuses == {"marydale-lodge": "declined", "clare-lodge": "recalled", "kyloe-house": "placed"}
        declined = HomeRequest.objects.get(search__referral=three_homes, home__slug="marydale-lodge")
        assert declined.decline_reasons == ["no_vacancy", "risk_to_others"]
        question = InformationRequest.objects.get(home_request__search__referral=three_homes)
        assert (question.question, question.answer) == (QUESTION, ANSWER)
        assert Placement.objects.get(search__referral=three_homes).home.slug == "kyloe-house"
        refusals = AuditEvent.objects.filter(outcome=AuditEvent.Outcome.DENIED, actor__email__in=[CLARE, MARYDALE])
        assert refusals.count() == len(clare_denied) + 1 + len(marydale_denied)  # each refusal audited
        expected = {f"HTTP 404 for document {base}{url}" for url in clare_denied + marydale_denied}
        unexpected = [f for f in failures if f not in expected and not f.startswith("HTTP 400 for document")]
        assert sum(f.startswith("HTTP 400 for document") for f in failures) == refused_forms
        if unexpected:
            pytest.fail("Failed requests:\n  " + "\n  ".join(unexpected), pytrace=False)
        audit.assert_clean()
