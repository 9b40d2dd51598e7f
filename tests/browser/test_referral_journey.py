"""A referral from start to submission in Chromium, with axe-core on every kind of page on the way.

The Hampshire social worker starts a referral on the live version, answers one section partly, saves and leaves,
signs out and back in, and resumes the draft with its answers kept. Then every section is answered through the
pages as they are shown, the court order is uploaded, and the answers are checked and sent for signature. The
Hampshire sanctioning officer finds the referral on the dashboard, is stopped for not ticking the confirmation,
then signs and submits it and gets a reference.
"""

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import Page, Response
from pytest_django.live_server_helper import LiveServer

from demo.people import DEMO_PASSWORD
from tests.browser.sign_in import second_factor
from tests.forms_engine.answers import pdf_bytes

from .referral_filler import TASK_LIST, ReferralFiller
from .test_sign_in_journeys import (
    DASHBOARD,
    SIGN_IN,
    SIGNED_OUT,
    AxeAudit,
    _assert_loaded,
    _open,
    _path,
    _submit_sign_in,
)

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("demo_data")]

SOCIAL_WORKER = "social.worker@hampshire.example"
SANCTIONING_OFFICER = "sanctioning.officer@hampshire.example"
REFERENCE = re.compile(r"^SW-[ACDEFGHJKMNPQRTUVWXY34679]{4}-[ACDEFGHJKMNPQRTUVWXY34679]{4}$")
FIRST_SECTION = "Order and legal status"
PAGES_BEFORE_LEAVING = 4
COURT_ORDER_PDF = "court-order.pdf"
WAITING_CARD = "Referrals waiting for your signature"

# Every kind of page the journey must show axe-core at least once. (v4's date questions share their pages with
# others in its layout, so date inputs are audited on multi-question pages.)
KINDS_AUDITED = frozenset(
    {
        "referral list",
        "task list",
        "text page",
        "radios page",
        "multi-question page",
        "page with validation errors",
        "add-another list page",
        "item page",
        "document page",
        "document page after upload",
        "check answers",
        "sign page",
        "sign page with errors",
        "confirmation",
        "dashboard with waiting card",
    }
)


def _same_origin_failures(page: Page, origin: str) -> list[Response]:
    """A list that fills with every response of 400 or more from the live server, styles and scripts included."""
    failures: list[Response] = []

    def record(response: Response) -> None:
        if response.status >= 400 and response.url.startswith(origin):
            failures.append(response)

    page.on("response", record)
    return failures


def _sign_in(page: Page, base_url: str, email: str) -> None:
    _open(page, base_url + SIGN_IN)
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    _submit_sign_in(page, f"signing in as {email}")
    second_factor(page, email)
    assert _path(page) == DASHBOARD, f"{email} did not land on the dashboard but on {page.url}"


def _sign_out(page: Page) -> None:
    with page.expect_navigation() as navigation:
        page.locator("header").get_by_role("button", name="Sign out").click()
    _assert_loaded(page, navigation.value, "signing out")
    assert _path(page) == SIGNED_OUT


def _go_to_referrals(page: Page) -> None:
    with page.expect_navigation() as navigation:
        page.locator("#navigation").get_by_role("link", name="Referrals", exact=True).click()
    _assert_loaded(page, navigation.value, "following “Referrals”")
    assert page.locator("main h1").inner_text().strip() == "Referrals"


def _task_status(filler: ReferralFiller, title: str) -> str:
    statuses = {task: status for task, _, status in filler.tasks()}
    assert title in statuses, f"No task “{title}” on the task list: {sorted(statuses)}"
    return statuses[title]


# Ids that a label or an ARIA reference points at but that more than one element carries: the browser resolves
# them to the first element only, so a label names (and a click selects) the wrong control. axe-core 4.11 no
# longer reports duplicate ids, so the journey looks for them itself.
_AMBIGUOUS_IDS_JS = """() => {
  const count = {};
  for (const element of document.querySelectorAll('[id]')) count[element.id] = (count[element.id] || 0) + 1;
  const found = [];
  const note = (id, how) => {
    if (count[id] > 1 && !found.some((f) => f.id === id)) found.push({id, how, count: count[id]});
  };
  for (const label of document.querySelectorAll('main label[for]')) note(label.htmlFor, 'label for');
  for (const element of document.querySelectorAll('main [aria-describedby], main [aria-labelledby]')) {
    for (const attribute of ['aria-describedby', 'aria-labelledby']) {
      for (const id of (element.getAttribute(attribute) || '').split(/\\s+/).filter(Boolean)) note(id, attribute);
    }
  }
  return found;
}"""


def _auditor(page: Page, audit: AxeAudit, seen: set[str], ambiguous: list[str]) -> Callable[..., None]:
    """The first time each kind of page is seen: axe-core, and a look for ids that labels cannot resolve."""

    def check(kind: str) -> None:
        if kind in seen:
            return
        seen.add(kind)
        audit.check(page, state=kind)
        for found in page.evaluate(_AMBIGUOUS_IDS_JS):
            ambiguous.append(
                f"{_path(page)} {kind} (as {audit.viewer}): {found['count']} elements have id “{found['id']}”, "
                f"which {found['how']} refers to"
            )

    return check


def test_social_worker_completes_a_referral_and_the_sanctioning_officer_signs_and_submits_it(
    page: Page, live_server: LiveServer, tmp_path: Path
) -> None:
    """The whole journey (the live version: v5 in the demo) works in Chromium, with no failed request and no
    accessibility problem of any impact."""
    base_url = live_server.url
    failures = _same_origin_failures(page, base_url + "/")
    audit = AxeAudit(viewer=SOCIAL_WORKER)
    seen: set[str] = set()
    ambiguous: list[str] = []
    check = _auditor(page, audit, seen, ambiguous)
    pdf = tmp_path / COURT_ORDER_PDF
    pdf.write_bytes(pdf_bytes())
    filler = ReferralFiller(page, on_page=check, pdf=pdf)

    # 1. Start a referral, answer part of one section, save and leave; sign out and in, and resume the draft.
    _sign_in(page, base_url, SOCIAL_WORKER)
    _go_to_referrals(page)
    check("referral list")
    filler.submit(page.get_by_role("button", name="Start a new referral"), "starting a referral")
    assert filler.kind() == TASK_LIST, f"Starting a referral did not open its task list but {page.url}"
    task_list = _path(page)
    check("task list")
    assert _task_status(filler, FIRST_SECTION) == "Not yet started"
    section_link = page.locator("main a.govuk-task-list__link", has_text=FIRST_SECTION)
    filler.follow(section_link, f"opening “{FIRST_SECTION}”")

    first_page = _path(page)
    check(filler.questions_label(filler.describe(filler.question_form())))
    filler.submit(page.get_by_role("button", name="Save and continue", exact=True), "continuing without an answer")
    assert _path(page) == first_page, "A page left unanswered did not show its errors"
    assert page.title().startswith("Error: "), f"The title of a page with errors is “{page.title()}”"
    assert filler.error_summary(), "A page left unanswered has no error summary"
    check("page with validation errors")

    answered = filler.walk_section(leave_after=PAGES_BEFORE_LEAVING)
    assert _path(page) == task_list, f"“Save and return to the task list” led to {page.url}"
    assert len(answered) == PAGES_BEFORE_LEAVING, f"Answered {len(answered)} pages before leaving"
    assert _task_status(filler, FIRST_SECTION) == "In progress"

    _sign_out(page)
    _sign_in(page, base_url, SOCIAL_WORKER)
    _go_to_referrals(page)
    check("referral list with a draft")
    filler.follow(page.locator(f'main table a[href="{task_list}"]'), "opening the draft")
    assert _path(page) == task_list
    assert _task_status(filler, FIRST_SECTION) == "In progress"
    for saved in answered:
        _open(page, base_url + saved.path)
        for element_id, value in saved.values.items():
            kept = page.locator(f"#{element_id}").input_value()
            assert kept == value, f"{saved.path}: #{element_id} is “{kept}” after resuming, not “{value}”"
        for option in saved.checked:
            assert page.locator(option).is_checked(), f"{saved.path}: {option} is no longer chosen"
    _open(page, base_url + task_list)

    # 2. Answer every section, page by page, as the pages come.
    sections = len(filler.tasks()) - 1  # the last task is checking the answers
    filler.complete_all_sections(sections=sections)
    statuses = filler.tasks()
    assert all(status == "Completed" for _, _, status in statuses[:-1]), statuses
    assert filler.uploaded == [COURT_ORDER_PDF], f"Uploaded {filler.uploaded}"

    # 3. Check the answers and send the referral for signature.
    check_link = page.locator("main a.govuk-task-list__link", has_text="Check your answers and send for signature")
    assert check_link.count() == 1, f"Every section is completed but the answers cannot be checked: {statuses}"
    filler.follow(check_link, "opening check your answers")
    assert page.locator("main h1").inner_text().strip() == "Check your answers before sending for signature"
    summary = page.locator("main").inner_text()
    for shown in ("Example answer", "14 May 2011", "someone@example.org", COURT_ORDER_PDF):
        assert shown in summary, f"Check your answers does not show “{shown}”"
    assert page.locator("main .govuk-summary-list__row").count() > 50
    check("check answers")
    send = page.get_by_role("button", name="Send to sanctioning officer")
    filler.submit(send, "sending for signature without choosing the officer")
    assert "Select the sanctioning officer who should sign this referral" in filler.error_summary()
    check("check answers with errors")
    page.get_by_role("radio", name="Ruth Okafor").check()
    filler.submit(send, "sending for signature")
    assert _path(page) == "/referrals/", f"Sending for signature led to {page.url}"
    assert "Sent to Ruth Okafor to sign and submit" in filler.banner()
    row = page.locator("main tbody tr").filter(has=page.locator(f'a[href="{task_list}"]'))
    assert "With Ruth Okafor, sanctioning officer" in row.inner_text()
    _sign_out(page)

    # 4. The sanctioning officer signs and submits it.
    audit.viewer = SANCTIONING_OFFICER
    _sign_in(page, base_url, SANCTIONING_OFFICER)
    card = page.locator("main section.app-card").filter(has=page.get_by_role("heading", name=WAITING_CARD))
    sign_link = card.locator(f'a[href="{task_list}sign/"]')
    assert sign_link.count() == 1, f"“{WAITING_CARD}” does not list the referral: {card.inner_text()}"
    check("dashboard with waiting card")
    filler.follow(sign_link, "opening the referral to sign")
    check("sign page")
    sign = page.get_by_role("button", name="Sign and submit referral")
    filler.submit(sign, "signing without confirming")
    assert _path(page) == f"{task_list}sign/"
    assert "Confirm the statement of responsibility" in filler.error_summary()
    check("sign page with errors")
    page.locator("main input[type=checkbox][name=confirm]").check()
    filler.submit(sign, "signing and submitting")
    assert _path(page) == f"{task_list}confirmation/", f"Signing led to {page.url}"
    panel = page.locator("main .govuk-panel--confirmation")
    assert panel.locator("h1").inner_text().strip() == "Referral submitted"
    reference = panel.locator("strong").inner_text().strip()
    assert REFERENCE.match(reference), f"The reference “{reference}” is not like SW-XXXX-XXXX"
    check("confirmation")

    # 5. Every kind of page was audited; nothing failed but the forms re-shown with their errors.
    assert KINDS_AUDITED <= seen, f"Never audited: {sorted(KINDS_AUDITED - seen)}"
    unexpected = [r for r in failures if not any(r is rejected for rejected in filler.rejected)]
    problems = {
        "Failed requests": [
            f"HTTP {r.status} for {r.request.method} {r.request.resource_type} {r.url}" for r in unexpected
        ],
        "accessibility findings (axe-core of any impact, reflow, focus)": audit.findings,
        "Labels or ARIA references point at ids that several elements share": ambiguous,
    }
    report = [f"{title}:\n  " + "\n  ".join(lines) for title, lines in problems.items() if lines]
    if report:
        pytest.fail("\n".join(report), pytrace=False)
