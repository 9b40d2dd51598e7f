"""Fill in a referral in Chromium the way a social worker would, reading each page's controls from the DOM.

Nothing here knows the form version's pages: the filler looks at what a page shows (a task list, questions, an
add-another list, an item, a document upload) and answers it with valid values, so the same walk works for any
version of the SAN referral form.
"""

from collections.abc import Callable, Collection
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Locator, Page, Response

TASK_LIST, QUESTIONS, GROUP, ITEM, DOCUMENT, OTHER = "task list", "questions", "group", "item", "document", "other"

TEXT = "Example answer"
LONG_TEXT = "A short, factual description written for the test."
EMAIL = "someone@example.org"
PHONE = "01632 960001"
DATE = ("15", "1", "2024")
# Dates some questions need: the child's age matters to the legal rules, and an order's end must follow its start.
DATES_BY_KEY = {
    "child_date_of_birth": ("14", "5", "2011"),
    "order_start_date": ("1", "1", "2026"),
    "order_end_date": ("1", "3", "2026"),
}
# Boxes whose answer has a format of its own (the NHS number's check digit, the UPN's: v5 and v6 ask them).
TEXT_BY_KEY = {"child_nhs_number": "943 476 5919", "child_upn": "Z820000012345"}
# Options that would bring in more questions or legal-rule errors (an order made needs its dates; section 20
# accommodation needs a parent's consent): pick another when there is one.
AVOIDED_OPTIONS = {"order_status": {"interim_order", "full_order"}, "legal_status": {"V2"}}
# Number questions have different ranges (height 50 to 250, SDQ score 0 to 40): try these in turn, then blank.
NUMBERS = ("40", "60", "")

CHECK_TASK = "Check your answers"

MAX_STEPS_PER_SECTION = 80
MAX_ITEMS = 10
MAX_ATTEMPTS = len(NUMBERS)
MAX_REVEAL_DEPTH = 4  # a chosen option may reveal a question whose option reveals another

# What a page is, from its DOM alone.
_KIND_JS = """() => {
  const main = document.querySelector('main');
  if (!main) return 'other';
  if (main.querySelector('ul.govuk-task-list')) return 'task list';
  if (main.querySelector('input[type=file]')) return 'document';
  const proceed = main.querySelector('form button[name=continue]');
  if (proceed && proceed.form.querySelector('button[name=save_and_exit]')) {
    return proceed.form.querySelector('.govuk-form-group') ? 'questions' : 'group';
  }
  const buttons = [...main.querySelectorAll('form button[type=submit]')];
  if (buttons.some((b) => /^Save\\b/.test(b.textContent.trim()))) return 'item';
  return 'other';
}"""

# The controls of a form, grouped as the user sees them: a date's three boxes, a radio or checkbox group, a box.
_DESCRIBE_JS = """(form) => {
  const controls = [];
  const grouped = new Set();
  // A control inside a closed conditional reveal is on the page but not shown: it is not answered.
  const shown = (el) => el.checkVisibility();
  for (const date of form.querySelectorAll('.govuk-date-input')) {
    const boxes = [...date.querySelectorAll('input')];
    boxes.forEach((box) => grouped.add(box));
    controls.push({
      kind: 'date', id: date.id, shown: shown(date), boxes: boxes.map((box) => ({id: box.id, value: box.value})),
    });
  }
  for (const type of ['radio', 'checkbox']) {
    const names = [];
    for (const input of form.querySelectorAll(`input[type=${type}]`)) {
      if (!names.includes(input.name)) names.push(input.name);
    }
    for (const name of names) {
      const options = [...form.querySelectorAll(`input[type=${type}]`)].filter((input) => input.name === name);
      controls.push({
        kind: type === 'radio' ? 'radios' : 'checkboxes',
        name,
        shown: options.some((o) => shown(o)),
        options: options.map((o) => ({id: o.id, value: o.value, checked: o.checked})),
      });
    }
  }
  for (const select of form.querySelectorAll('select')) {
    controls.push({
      kind: 'select', id: select.id, name: select.name, value: select.value, shown: shown(select),
      options: [...select.options].map((o) => o.value),
    });
  }
  for (const area of form.querySelectorAll('textarea')) {
    controls.push({kind: 'textarea', id: area.id, name: area.name, value: area.value, shown: shown(area)});
  }
  for (const input of form.querySelectorAll('input')) {
    if (grouped.has(input) || ['hidden', 'radio', 'checkbox', 'file', 'submit'].includes(input.type)) continue;
    const kind = input.type === 'email' ? 'email' : input.type === 'tel' ? 'tel'
      : input.inputMode === 'numeric' ? 'number' : 'text';
    controls.push({kind, id: input.id, name: input.name, value: input.value, shown: shown(input)});
  }
  return controls;
}"""


def option_selector(name: str, value: str) -> str:
    """The CSS selector of one radio or checkbox option."""
    return f'input[name="{name}"][value="{value}"]'


@dataclass
class FilledPage:
    """A page the filler answered: its path, each box's value by element id, and the options chosen (selectors)."""

    path: str
    values: dict[str, str]
    checked: list[str]


@dataclass
class ReferralFiller:
    """Walks a referral's sections in a signed-in social worker's tab.

    on_page is called with a label for each page the filler reaches ("radios page", "add-another list page",
    "document page after upload"…), so the test can run axe-core once per kind of page. rejected collects the HTTP
    400 responses of forms re-rendered with their errors, which the app returns by design.
    """

    page: Page
    on_page: Callable[[str], None] = lambda label: None
    pdf: Path | None = None
    rejected: list[Response] = field(default_factory=list)
    uploaded: list[str] = field(default_factory=list)

    # Reading the page

    def kind(self) -> str:
        kind: str = self.page.evaluate(_KIND_JS)
        return kind

    def path(self) -> str:
        return urlsplit(self.page.url).path

    def error_summary(self) -> str:
        summary = self.page.locator(".govuk-error-summary")
        return " ".join(summary.first.inner_text().split()) if summary.count() else ""

    def banner(self) -> str:
        banners = self.page.locator("main .govuk-notification-banner")
        return " ".join(banners.first.inner_text().split()) if banners.count() else ""

    def stuck(self, why: str) -> None:
        """Fail with where the journey stopped and what the page says is wrong."""
        detail = self.error_summary() or self.banner() or "no error summary"
        pytest.fail(f"{why}\n  at {self.page.url}\n  page says: {detail}", pytrace=False)

    def question_form(self) -> Locator:
        return self.page.locator("main form").filter(has=self.page.locator(".govuk-form-group")).first

    def describe(self, form: Locator) -> list[dict[str, Any]]:
        controls: list[dict[str, Any]] = form.evaluate(_DESCRIBE_JS)
        return controls

    def questions_label(self, controls: list[dict[str, Any]]) -> str:
        """What kind of question page this is, for the accessibility audit."""
        return "multi-question page" if len(controls) > 1 else f"{controls[0]['kind']} page" if controls else "page"

    # Acting

    def submit(self, button: Locator, what: str) -> Response:
        """Press a button that submits a form, wait for the page it leads to; a 400 must show its errors."""
        with self.page.expect_navigation() as navigation:
            button.click()
        response = navigation.value
        if response is None:
            self.stuck(f"{what}: no response")
        assert response is not None
        if response.status == 400 and self.page.locator(".govuk-error-summary").count():
            self.rejected.append(response)
        elif response.status >= 400:
            self.stuck(f"{what}: HTTP {response.status}")
        return response

    def follow(self, link: Locator, what: str) -> None:
        with self.page.expect_navigation() as navigation:
            link.click()
        response = navigation.value
        if response is None or response.status >= 400:
            self.stuck(f"{what}: HTTP {response.status if response else 'no response'}")

    def fill(self, form: Locator, retry: Collection[str] = ()) -> FilledPage:
        """Answer every control still empty; number boxes named in retry get the next number to try."""
        values: dict[str, str] = {}
        checked: list[str] = []
        # Choices first, a level at a time: a chosen option may reveal more questions (GOV.UK conditional reveals),
        # which are described again once shown; controls left hidden are not answered.
        for _ in range(MAX_REVEAL_DEPTH):
            choices = [c for c in self.describe(form) if c["shown"] and c["kind"] in {"radios", "checkboxes"}]
            unanswered = [c for c in choices if not any(o["checked"] for o in c["options"])]
            for control in unanswered:
                chosen = self.choose(control["name"], control["options"])
                form.locator(option_selector(control["name"], chosen["value"])).check()
            if not unanswered:
                break
        for control in self.describe(form):
            kind = control["kind"]
            if not control["shown"]:
                continue
            if kind == "date":
                key = control["id"].removeprefix("id_")
                parts = DATES_BY_KEY.get(key, DATE)
                if not any(box["value"] for box in control["boxes"]):
                    for box, part in zip(control["boxes"], parts, strict=True):
                        form.locator(f"#{box['id']}").fill(part)
                values.update({box["id"]: form.locator(f"#{box['id']}").input_value() for box in control["boxes"]})
            elif kind in {"radios", "checkboxes"}:
                # By name and value, not id: the GOV.UK radios and checkboxes widgets give every option the same id.
                chosen = [o for o in control["options"] if o["checked"]]
                checked.extend(option_selector(control["name"], o["value"]) for o in chosen)
            elif kind == "select":
                value = control["value"]
                if not value:
                    avoided = AVOIDED_OPTIONS.get(control["name"], set())
                    real = [v for v in control["options"] if v]
                    value = next((v for v in real if v not in avoided), real[0])
                    form.locator(f"#{control['id']}").select_option(value)
                values[control["id"]] = value
            else:
                value = control["value"]
                if kind == "number" and control["id"] in retry:
                    tried = NUMBERS.index(value) if value in NUMBERS else -1
                    if tried + 1 >= len(NUMBERS):
                        self.stuck(f"No number is accepted for {control['id']}")
                    value = NUMBERS[tried + 1]
                    form.locator(f"#{control['id']}").fill(value)
                elif not value:
                    value = TEXT_BY_KEY.get(control["id"].removeprefix("id_")) or {
                        "textarea": LONG_TEXT,
                        "email": EMAIL,
                        "tel": PHONE,
                        "number": NUMBERS[0],
                    }.get(kind, TEXT)
                    form.locator(f"#{control['id']}").fill(value)
                values[control["id"]] = value
        return FilledPage(self.path(), values, checked)

    @staticmethod
    def choose(name: str, options: list[dict[str, Any]]) -> dict[str, Any]:
        """The first option, but "No" for a yes/no question and not an option that brings in more questions."""
        if {o["value"] for o in options} == {"yes", "no"}:
            return next(o for o in options if o["value"] == "no")
        avoided = AVOIDED_OPTIONS.get(name, set())
        return next((o for o in options if o["value"] not in avoided), options[0])

    def answer_until_accepted(self, button_name: str, what: str) -> FilledPage:
        """Fill the form and submit it; on errors only number boxes may be retried, anything else fails."""
        form = self.question_form()
        filled = self.fill(form)
        for _ in range(MAX_ATTEMPTS + 1):
            before = self.path()
            button = form.get_by_role("button", name=button_name, exact=True)
            response = self.submit(button, what)
            if response.status != 400:
                return filled
            form = self.question_form()
            failing = self.failing_ids()
            numbers = {c["id"] for c in self.describe(form) if c["kind"] == "number"}
            if not failing or not failing <= numbers or self.path() != before:
                self.stuck(f"{what}: the answers were not accepted")
            filled = self.fill(form, retry=failing)
        self.stuck(f"{what}: still not accepted after {MAX_ATTEMPTS} tries")
        raise AssertionError  # unreachable: stuck() fails

    def failing_ids(self) -> set[str]:
        links = self.page.locator(".govuk-error-summary__list a")
        return {(links.nth(i).get_attribute("href") or "").lstrip("#") for i in range(links.count())}

    # Pages

    def questions_page(self, *, leave: bool = False) -> FilledPage:
        controls = self.describe(self.question_form())
        self.on_page(self.questions_label(controls))
        button = "Save and return to the task list" if leave else "Save and continue"
        return self.answer_until_accepted(button, f"answering {self.questions_label(controls)}")

    def group_page(self) -> None:
        """Add items until the list is long enough to continue (at least one, to see the item page)."""
        page_path = self.path()
        for _ in range(MAX_ITEMS):
            self.on_page("add-another list page")
            if self.page.locator("main .govuk-summary-card").count():
                self.submit(self.page.get_by_role("button", name="Save and continue", exact=True), "continuing")
                if self.path() != page_path:
                    return
                self.on_page("add-another list page with too few items")
            add = self.page.locator(f'main a[href="{page_path}add/"]')
            if not add.count():
                self.stuck("Cannot continue and cannot add another item")
            self.follow(add, "adding an item")
            if self.kind() != ITEM:
                self.stuck("Adding an item did not open the item page")
            self.on_page("item page")
            button = self.page.locator("main form button[type=submit]").filter(has_text="Save").first
            self.answer_until_accepted((button.text_content() or "").strip(), "saving the item")
            if self.path() != page_path:
                self.stuck(f"Saving the item did not return to the list at {page_path}")
        self.stuck(f"Added {MAX_ITEMS} items and still cannot continue")

    def document_page(self) -> None:
        """Upload a PDF where a document is required and none is there yet; otherwise continue."""
        self.on_page("document page")
        main = self.page.locator("main")
        required = "No file uploaded yet." in main.inner_text() and "This document is optional" not in main.inner_text()
        if required:
            if self.pdf is None:
                self.stuck("A document is required but the filler has no PDF to upload")
            assert self.pdf is not None
            main.locator("input[type=file]").set_input_files(self.pdf)
            page_path = self.path()
            self.submit(main.get_by_role("button", name="Upload file", exact=True), "uploading a PDF")
            if self.path() != page_path or self.error_summary():
                self.stuck("The PDF was not accepted")
            listed = main.locator(".govuk-summary-list__key a")
            names = [" ".join(listed.nth(i).inner_text().split()) for i in range(listed.count())]
            if self.pdf.name not in names:
                self.stuck(f"The uploaded {self.pdf.name} is not listed (listed: {names})")
            self.uploaded.append(self.pdf.name)
            self.on_page("document page after upload")
        self.submit(main.get_by_role("button", name="Continue", exact=True), "continuing past a document")

    def walk_section(self, *, leave_after: int | None = None) -> list[FilledPage]:
        """From a section's first page back to the task list, answering each page; optionally save and leave."""
        filled: list[FilledPage] = []
        for _ in range(MAX_STEPS_PER_SECTION):
            kind = self.kind()
            if kind == TASK_LIST:
                return filled
            if kind == QUESTIONS:
                leave = leave_after is not None and len(filled) + 1 >= leave_after
                filled.append(self.questions_page(leave=leave))
            elif kind == GROUP:
                self.group_page()
            elif kind == DOCUMENT:
                self.document_page()
            else:
                self.stuck(f"Did not recognise this page (kind {kind!r})")
        self.stuck(f"Still in the section after {MAX_STEPS_PER_SECTION} pages")
        raise AssertionError  # unreachable

    # The task list

    def tasks(self) -> list[tuple[str, str, str]]:
        """Each task's title, link (empty when it cannot be started) and status."""
        items = self.page.locator("main .govuk-task-list__item")
        rows = []
        for i in range(items.count()):
            item = items.nth(i)
            link = item.locator("a.govuk-task-list__link")
            title = " ".join(item.locator(".govuk-task-list__name-and-hint").inner_text().split())
            href = (link.get_attribute("href") or "") if link.count() else ""
            status = " ".join(item.locator(".govuk-task-list__status").inner_text().split())
            rows.append((title, href, status))
        return rows

    def complete_all_sections(self, *, sections: int) -> None:
        """Open the first section not completed, walk it, and repeat until every section is completed."""
        passes: dict[str, int] = {}
        for _ in range(sections * 3):
            if self.kind() != TASK_LIST:
                self.stuck("Expected the task list")
            self.on_page("task list")
            pending = [(t, h) for t, h, s in self.tasks() if s != "Completed" and not t.startswith(CHECK_TASK)]
            if not pending:
                return
            title, href = pending[0]
            if not href:
                self.stuck(f"The section “{title}” is not completed and has no link")
            passes[title] = passes.get(title, 0) + 1
            if passes[title] > 3:
                self.stuck(f"The section “{title}” is still not completed after 3 passes")
            self.follow(self.page.locator(f'main a.govuk-task-list__link[href="{href}"]'), f"opening “{title}”")
            self.walk_section()
        self.stuck("The task list still has sections to complete")
