"""A social worker completes a whole referral with the keyboard alone, and every control shows where the focus is.

Only page.keyboard is used: Tab and Shift+Tab to move, the skip link to reach the main content, typing into boxes,
arrow keys in radio groups and selects, Space for checkboxes and file choosers, Enter for links and buttons. No
click, fill or check. Each time the focus lands on a control it must show GOV.UK's focus indicator (the yellow
$govuk-focus-colour as an outline, a shadow or a background; for a radio or checkbox, on its label's ring) and be
on screen. The pages are read with the generic filler's read-only helpers (tests/browser/referral_filler.py), so
the same walk works for every version; it runs on the version the demo makes live, and on v6 published as the live
version for the test.
"""

import sys
from collections.abc import Callable, Collection
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import ElementHandle, Locator, Page, Response
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError
from pytest_django.live_server_helper import LiveServer

from accounts import two_factor
from demo.people import DEMO_PASSWORD
from forms_engine.definitions import REFERRAL_FORM_KEY
from forms_engine.models import FormVersion, Referral
from forms_engine.services import form_version_publish
from tests.forms_engine.answers import pdf_bytes

from .referral_filler import (
    AVOIDED_OPTIONS,
    CHECK_TASK,
    DATE,
    DATES_BY_KEY,
    DOCUMENT,
    EMAIL,
    GROUP,
    ITEM,
    LONG_TEXT,
    NUMBERS,
    PHONE,
    QUESTIONS,
    TASK_LIST,
    TEXT,
    TEXT_BY_KEY,
    ReferralFiller,
    option_selector,
)
from .test_sign_in_journeys import DASHBOARD, SIGN_IN, AxeAudit, _path

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("demo_data")]

SOCIAL_WORKER = "social.worker@hampshire.example"
SANCTIONING_OFFICER = "sanctioning.officer@hampshire.example"
SANCTIONING_OFFICER_NAME = "Ruth Okafor"
CODE_PATH = "/account/sign-in/code/"
MAX_PRESSES = 600
MAX_ROUNDS = 6
MAX_STEPS_PER_SECTION = 80
MAX_ITEMS = 10
# None: the version the demo makes live; a number: that version, published for the test as the live version.
VERSIONS = (None, 6)

# Where the focus is now, whether it shows GOV.UK's focus indicator and whether it is on screen. Elements the page
# focuses by script (<main> after the skip link, the error summary on load: tabindex="-1") are not Tab stops.
_FOCUSED_JS = """() => {
  const element = document.activeElement;
  if (!element || element === document.body || element.tabIndex < 0) return null;
  const yellow = 'rgb(255, 221, 0)';
  const shows = (s) => (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2 && s.outlineColor === yellow)
    || s.boxShadow.includes(yellow) || s.backgroundColor === yellow;
  const styles = [getComputedStyle(element)];
  if (['radio', 'checkbox'].includes(element.type)) {
    for (const label of element.labels || []) styles.push(getComputedStyle(label, '::before'));
  }
  const box = element.getBoundingClientRect();
  const text = (element.innerText || element.value || element.getAttribute('aria-label') || '').trim();
  const name = element.tagName.toLowerCase() + (element.id ? '#' + element.id : '')
    + (element.name ? `[name=${element.name}]` : '') + (text ? ` “${text.slice(0, 50)}”` : '');
  const onScreen = box.bottom > 0 && box.top < innerHeight && box.right > 0 && box.left < innerWidth;
  return {name, indicated: styles.some(shows), onScreen};
}"""

# Is the focus on the target (for a radio: on any radio of its group, which is where Tab lands), and if not, is the
# target after it in the document (Tab) or before it (Shift+Tab)?
_WHERE_JS = """(target) => {
  const active = document.activeElement;
  if (active === target) return 'here';
  if (target.type === 'radio' && active && active.type === 'radio' && active.name === target.name
      && active.form === target.form) return 'here';
  if (!active || active === document.body) return 'forward';
  return active.compareDocumentPosition(target) & Node.DOCUMENT_POSITION_FOLLOWING ? 'forward' : 'backward';
}"""


@dataclass
class Keyboard:
    """A user with a keyboard and no mouse, and what they saw of the focus on the way."""

    page: Page
    pdf: Path
    on_page: Callable[[], None] = lambda: None
    problems: list[str] = field(default_factory=list)
    rejected: list[Response] = field(default_factory=list)
    presses: int = 0
    page_loads: int = 0
    _seen: set[str] = field(default_factory=set)

    # Moving

    def press(self, key: str) -> None:
        self.page.keyboard.press(key)
        self.presses += 1
        self._check_focus()

    def _check_focus(self) -> None:
        focused: dict[str, Any] | None = self.page.evaluate(_FOCUSED_JS)
        if focused is None:
            return
        key = f"{_path(self.page)} {focused['name']}"
        if key in self._seen:
            return
        self._seen.add(key)
        if not focused["indicated"]:
            self.problems.append(f"{_path(self.page)}: no visible focus indicator on {focused['name']}")
        if not focused["onScreen"]:
            self.problems.append(f"{_path(self.page)}: focused {focused['name']} is off screen")

    def skip_to_main(self) -> None:
        """On a fresh page (nothing focused yet), Tab to the skip link and follow it into the main content."""
        if self.page.evaluate("() => document.activeElement && document.activeElement !== document.body"):
            return  # e.g. the error summary, which the page focuses itself
        if urlsplit(self.page.url).fragment:
            return  # the browser starts Tab from the fragment's target (a redirect keeps #main-content)
        self.press("Tab")
        assert self.page.evaluate("() => document.activeElement.classList.contains('govuk-skip-link')"), (
            f"The first Tab stop on {self.page.url} is not the skip link"
        )
        self.press("Enter")

    def focus(self, target: Locator, what: str) -> ElementHandle:
        """Tab (or Shift+Tab) until the target has the focus."""
        handle = target.element_handle()
        for _ in range(MAX_PRESSES):
            where = self.page.evaluate(_WHERE_JS, handle)
            if where == "here":
                return handle
            self.press("Tab" if where == "forward" else "Shift+Tab")
        pytest.fail(f"{what}: could not reach it with Tab at {self.page.url}", pytrace=False)

    # Acting

    def activate(self, target: Locator, what: str) -> Response:
        """Focus a link or button and press Enter; wait for the page it leads to (a 400 must show its errors)."""
        self.focus(target, what)
        with self.page.expect_navigation() as navigation:
            self.page.keyboard.press("Enter")
        self.presses += 1
        self.page_loads += 1
        response = navigation.value
        assert response is not None, f"{what}: no response"
        if response.status == 400 and self.page.locator(".govuk-error-summary").count():
            self.rejected.append(response)
        elif response.status >= 400:
            pytest.fail(f"{what}: HTTP {response.status} at {response.url}", pytrace=False)
        self.on_page()
        self.skip_to_main()
        return response

    def type_into(self, box: Locator, text: str, what: str) -> None:
        self.focus(box, what)
        self.page.keyboard.press("Control+a")  # replace what is there
        self.page.keyboard.type(text)

    def choose(self, name: str, value: str, form: Locator) -> None:
        """Tab into the radio group, then arrow keys to the option (which they select), or Space on the first."""
        radios = form.locator(f'input[type=radio][name="{name}"]')
        self.focus(radios.first, f"the radios {name}")
        values = [radios.nth(i).get_attribute("value") for i in range(radios.count())]
        wanted = values.index(value)
        for _ in range(len(values)):
            current = values.index(self.page.evaluate("() => document.activeElement.value"))
            if current == wanted:
                break
            self.press("ArrowDown" if wanted > current else "ArrowUp")
        if not form.locator(option_selector(name, value)).is_checked():
            self.press("Space")
        assert form.locator(option_selector(name, value)).is_checked(), f"Could not choose {name}={value}"

    def tick(self, box: Locator, what: str) -> None:
        self.focus(box, what)
        self.press("Space")
        assert box.is_checked(), f"{what}: Space did not tick it"

    def select(self, select: Locator, value: str, what: str) -> None:
        """Focus a select and move through its options with the arrow keys to the value."""
        self.focus(select, what)
        options: list[str] = select.evaluate("(s) => [...s.options].map((o) => o.value)")
        for _ in range(len(options)):
            current = options.index(select.input_value())
            if options[current] == value:
                return
            self.press("ArrowDown" if options.index(value) > current else "ArrowUp")
        assert select.input_value() == value, f"{what}: the arrow keys did not reach “{value}”"

    def upload(self, file_input: Locator) -> None:
        """Space on a file input opens the file chooser; the PDF is chosen in it."""
        self.focus(file_input, "the file input")
        for key in ("Space", "Enter"):  # either opens it; try Enter should Chromium not open it for Space
            try:
                with self.page.expect_file_chooser(timeout=5000) as chooser:
                    self.page.keyboard.press(key)
            except PlaywrightTimeoutError:
                continue
            chooser.value.set_files(self.pdf)
            return
        pytest.fail(f"Neither Space nor Enter opened the file chooser at {self.page.url}", pytrace=False)


@dataclass
class KeyboardReferral:
    """The referral's pages, read with the generic filler's helpers and answered with the keyboard."""

    keys: Keyboard
    reader: ReferralFiller

    @property
    def page(self) -> Page:
        return self.keys.page

    def visible(self, selector: str) -> bool:
        return bool(
            self.page.evaluate(
                "(s) => [...document.querySelectorAll(s)].some((e) => e.getClientRects().length)", selector
            )
        )

    def fill(self, form: Locator, retry: Collection[str] = ()) -> None:
        """Answer every visible control still empty, again as answers reveal more, until nothing is left."""
        done: set[str] = set()
        for _ in range(MAX_ROUNDS):
            acted = False
            for control in self.reader.describe(form):
                acted |= self._answer(form, control, done, retry)
            if not acted:
                return

    def _answer(self, form: Locator, control: dict[str, Any], done: set[str], retry: Collection[str]) -> bool:
        kind = control["kind"]
        key = control.get("id") or control.get("name") or ""
        if key in done:
            return False
        if kind == "date":
            if not self.visible(f"#{control['boxes'][0]['id']}"):
                return False
            done.add(key)
            if any(box["value"] for box in control["boxes"]):
                return False
            parts = DATES_BY_KEY.get(control["id"].removeprefix("id_"), DATE)
            for box, part in zip(control["boxes"], parts, strict=True):
                self.keys.type_into(form.locator(f"#{box['id']}"), part, f"the date box {box['id']}")
            return True
        if kind in {"radios", "checkboxes"}:
            options = [o for o in control["options"] if self.visible(option_selector(control["name"], o["value"]))]
            if not options:
                return False
            done.add(key)
            if any(o["checked"] for o in options):
                return False
            chosen = ReferralFiller.choose(control["name"], options)
            if kind == "radios":
                self.keys.choose(control["name"], chosen["value"], form)
            else:
                box = form.locator(option_selector(control["name"], chosen["value"]))
                self.keys.tick(box, f"the checkbox {control['name']}")
            return True
        if not self.visible(f"#{control['id']}"):
            return False
        done.add(key)
        box = form.locator(f"#{control['id']}")
        if kind == "select":
            if control["value"]:
                return False
            avoided = AVOIDED_OPTIONS.get(control["name"], set())
            real = [v for v in control["options"] if v]
            self.keys.select(box, next((v for v in real if v not in avoided), real[0]), f"the select {key}")
            return True
        value = control["value"]
        if kind == "number" and control["id"] in retry:
            tried = NUMBERS.index(value) if value in NUMBERS else -1
            if tried + 1 >= len(NUMBERS):
                self.reader.stuck(f"No number is accepted for {control['id']}")
            self.keys.type_into(box, NUMBERS[tried + 1], f"the number box {key}")
            if not NUMBERS[tried + 1]:
                self.keys.press("Backspace")
            return True
        if value:
            return False
        field_key = control["id"].removeprefix("id_")
        text = TEXT_BY_KEY.get(field_key) or {"textarea": LONG_TEXT, "email": EMAIL, "tel": PHONE}.get(kind)
        self.keys.type_into(box, text or (NUMBERS[0] if kind == "number" else TEXT), f"the box {key}")
        return True

    def answer_until_accepted(self, button_name: str, what: str) -> None:
        """Fill the form and press its button; on errors only number boxes may be retried."""
        form = self.reader.question_form()
        self.fill(form)
        for _ in range(len(NUMBERS) + 1):
            before = self.reader.path()
            response = self.keys.activate(form.get_by_role("button", name=button_name, exact=True), what)
            if response.status != 400:
                return
            form = self.reader.question_form()
            failing = self.reader.failing_ids()
            numbers = {c["id"] for c in self.reader.describe(form) if c["kind"] == "number"}
            if not failing or not failing <= numbers or self.reader.path() != before:
                self.reader.stuck(f"{what}: the answers were not accepted")
            self.fill(form, retry=failing)
        self.reader.stuck(f"{what}: still not accepted")

    def group_page(self) -> None:
        page_path = self.reader.path()
        for _ in range(MAX_ITEMS):
            main = self.page.locator("main")
            if main.locator(".govuk-summary-card").count():
                self.keys.activate(main.get_by_role("button", name="Save and continue", exact=True), "continuing")
                if self.reader.path() != page_path:
                    return
            self.keys.activate(main.locator(f'a[href="{page_path}add/"]'), "adding an item")
            if self.reader.kind() != ITEM:
                self.reader.stuck("Adding an item did not open the item page")
            button = main.locator("form button[type=submit]").filter(has_text="Save").first
            self.answer_until_accepted((button.text_content() or "").strip(), "saving the item")
        self.reader.stuck(f"Added {MAX_ITEMS} items and still cannot continue")

    def document_page(self) -> None:
        main = self.page.locator("main")
        text = main.inner_text()
        if "No file uploaded yet." in text and "This document is optional" not in text:
            self.keys.upload(main.locator("input[type=file]"))
            self.keys.activate(main.get_by_role("button", name="Upload file", exact=True), "uploading the PDF")
            if self.reader.error_summary():
                self.reader.stuck("The PDF was not accepted")
            assert self.keys.pdf.name in main.inner_text(), "The uploaded PDF is not listed"
        self.keys.activate(main.get_by_role("button", name="Continue", exact=True), "continuing past a document")

    def walk_section(self) -> None:
        for _ in range(MAX_STEPS_PER_SECTION):
            kind = self.reader.kind()
            if kind == TASK_LIST:
                return
            if kind == QUESTIONS:
                self.answer_until_accepted("Save and continue", "answering a page")
            elif kind == GROUP:
                self.group_page()
            elif kind == DOCUMENT:
                self.document_page()
            else:
                self.reader.stuck(f"Did not recognise this page (kind {kind!r})")
        self.reader.stuck("Still in the section after too many pages")

    def complete_all_sections(self) -> None:
        sections = len(self.reader.tasks())
        for _ in range(sections * 3):
            pending = [(t, h) for t, h, s in self.reader.tasks() if s != "Completed" and not t.startswith(CHECK_TASK)]
            if not pending:
                return
            title, href = pending[0]
            if not href:
                self.reader.stuck(f"The section “{title}” is not completed and has no link")
            self.keys.activate(self.page.locator(f'main a.govuk-task-list__link[href="{href}"]'), f"opening {title}")
            self.walk_section()
        self.reader.stuck("The task list still has sections to complete")


def _sign_in(keys: Keyboard, base_url: str, email: str) -> None:
    """The password and the authenticator's code, typed; Enter on the buttons."""
    page = keys.page
    page.goto(base_url + SIGN_IN)
    keys.skip_to_main()
    main = page.locator("main")
    keys.type_into(main.get_by_label("Email address"), email, "Email address")
    keys.type_into(main.get_by_label("Password"), DEMO_PASSWORD, "Password")
    keys.activate(main.get_by_role("button", name="Sign in"), "signing in")
    assert CODE_PATH in page.url, f"{email}: expected the code page, got {page.url}"
    device = TOTPDevice.objects.filter(user__username=email, confirmed=True).order_by("pk").first()
    assert device is not None
    code, wait = two_factor.code_for_next_use(device, allow_next_step=True)
    if wait:
        page.wait_for_timeout(wait * 1000 + 200)
        device.refresh_from_db()
        code, _ = two_factor.code_for_next_use(device, allow_next_step=True)
    keys.type_into(main.get_by_label("Code"), code, "Code")
    keys.activate(main.get_by_role("button", name="Continue"), "entering the code")
    assert _path(page) == DASHBOARD, f"{email} landed on {page.url}"


def _sign_out(keys: Keyboard) -> None:
    keys.activate(keys.page.locator("header").get_by_role("button", name="Sign out"), "signing out")


def _make_live(number: int) -> None:
    """Publish that version with today's date, so it is the live one new referrals start on."""
    version = FormVersion.objects.get(form__key=REFERRAL_FORM_KEY, number=number)
    if not version.is_published:
        form_version_publish(version=version, user=None, effective_from=timezone.localdate())
    version.refresh_from_db()
    assert version.state == FormVersion.State.LIVE, f"{version.label} is {version.state}, not live"


@pytest.mark.parametrize("number", VERSIONS, ids=["live version", *(f"v{n}" for n in VERSIONS[1:])])
def test_a_social_worker_completes_a_referral_with_the_keyboard_alone(
    page: Page, live_server: LiveServer, tmp_path: Path, number: int | None
) -> None:
    """Start, every section, check answers, send for signature; the officer signs: no mouse, focus always shown."""
    if number is not None:
        _make_live(number)
    live = FormVersion.objects.get(form__key=REFERRAL_FORM_KEY, state=FormVersion.State.LIVE)
    pdf = tmp_path / "court-order.pdf"
    pdf.write_bytes(pdf_bytes())
    keys = Keyboard(page, pdf)
    reader = ReferralFiller(page)
    referral = KeyboardReferral(keys, reader)
    audit = AxeAudit(viewer=SOCIAL_WORKER)
    kinds: set[str] = set()

    def audit_each_kind_of_page() -> None:
        """axe-core, reflow and focus checks on the first page of each kind (question pages by their controls)."""
        kind = reader.kind()
        if kind == QUESTIONS:
            kind = reader.questions_label(reader.describe(reader.question_form()))
        kind += " with errors" if reader.error_summary() else ""
        if kind not in kinds:
            kinds.add(kind)
            audit.check(page, state=f"{kind} ({live.label})")

    keys.on_page = audit_each_kind_of_page
    base_url = live_server.url

    _sign_in(keys, base_url, SOCIAL_WORKER)
    keys.activate(page.locator("#navigation").get_by_role("link", name="Referrals", exact=True), "Referrals")
    keys.activate(page.locator("main").get_by_role("button", name="Start a new referral"), "starting a referral")
    assert referral.reader.kind() == TASK_LIST, f"Starting a referral led to {page.url}"
    task_list = _path(page)
    started = Referral.objects.get(pk=int(task_list.strip("/").split("/")[-1]))
    assert started.version == live, f"The referral is on {started.version.label}, not {live.label}"
    referral.complete_all_sections()
    statuses = referral.reader.tasks()
    assert all(status == "Completed" for _, _, status in statuses[:-1]), statuses

    main = page.locator("main")
    keys.activate(main.locator("a.govuk-task-list__link", has_text=CHECK_TASK), "check your answers")
    officer = main.get_by_role("radio", name=SANCTIONING_OFFICER_NAME)
    keys.choose(officer.get_attribute("name") or "", officer.get_attribute("value") or "", main)
    keys.activate(main.get_by_role("button", name="Send to sanctioning officer"), "sending for signature")
    assert _path(page) == "/referrals/", f"Sending for signature led to {page.url}"
    assert f"Sent to {SANCTIONING_OFFICER_NAME}" in referral.reader.banner()
    _sign_out(keys)

    audit.viewer = SANCTIONING_OFFICER
    _sign_in(keys, base_url, SANCTIONING_OFFICER)
    keys.activate(main.locator(f'a[href="{task_list}sign/"]'), "opening the referral to sign")
    keys.tick(main.locator("input[type=checkbox][name=confirm]"), "the statement of responsibility")
    keys.activate(main.get_by_role("button", name="Sign and submit referral"), "signing and submitting")
    assert _path(page) == f"{task_list}confirmation/", f"Signing led to {page.url}"
    assert main.locator(".govuk-panel--confirmation h1").inner_text().strip() == "Referral submitted"

    sys.stdout.write(f"\n{live.label} by keyboard: {keys.page_loads} page loads, {keys.presses} key presses\n")
    if keys.problems:
        pytest.fail("Focus problems:\n  " + "\n  ".join(keys.problems), pytrace=False)
    audit.assert_clean()
