"""Every validation of every question type gives a GOV.UK message that names the question and says how to fix it."""

import datetime
from collections.abc import Iterator
from typing import Any

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils.datastructures import MultiValueDict

from forms_engine.forms import UploadForm
from forms_engine.page_forms import page_form
from vocabulary.identifiers import is_valid_nhs_number

CODE_LISTS = {"ethnicity": {"items": [{"code": "WBRI", "label": "White British"}]}}


def _errors(question: dict[str, Any], data: dict[str, Any]) -> list[str]:
    question = {"key": "q", "required": True, **question}
    form = page_form({"key": "q", "questions": [question]}, {}, CODE_LISTS, data)
    form.is_valid()
    return [str(error) for error in form.errors.get("q", [])]


@pytest.fixture(autouse=True)
def _today() -> Iterator[None]:
    with time_machine.travel(datetime.datetime(2026, 12, 3, 12, tzinfo=datetime.UTC), tick=False):
        yield


TEXT = {"type": "text", "label": "First name"}
QUESTION_TEXT = {"type": "text", "label": "What is the child's first language?"}
NAMED = {"type": "text", "label": "First name", "error_name": "the child's first name"}
LONG = {"type": "long_text", "label": "Why does the child need a secure placement now?"}
INSTRUCTION = {"type": "long_text", "label": "Describe the risk of self-harm"}
NUMBER = {"type": "number", "label": "Height in centimetres", "validation": {"min": 50, "max": 250}}
AT_LEAST = {"type": "number", "label": "Number of missing episodes in the last 3 months", "validation": {"min": 0}}
AT_MOST = {"type": "number", "label": "Weight in kilograms", "validation": {"max": 250}}
EMAIL = {"type": "email", "label": "Email address"}
PHONE = {"type": "phone", "label": "Telephone number"}
PATTERN = {"type": "text", "label": "Unique pupil number (UPN)", "validation": {"pattern": "^[A-Z][0-9]{11}[0-9A-Z]$"}}
NHS = {"type": "text", "label": "What is the child's NHS number?", "validation": {"nhs_number": True}}
DATE = {"type": "date", "label": "What is the child's date of birth?", "validation": {"past": True}}
FUTURE = {"type": "date", "label": "When is the hearing?", "validation": {"future": True}}
YES_NO = {"type": "yes_no", "label": "Does the child take any medication?"}
RADIOS = {
    "type": "radios",
    "label": "What is the child's sex?",
    "options": [{"value": "female", "label": "Female"}, {"value": "male", "label": "Male"}],
}
CHECKBOXES = {
    "type": "checkboxes",
    "label": "Which of these risks apply to the young person now?",
    "options": [{"value": "cse", "label": "Sexual exploitation"}],
}
SELECT = {"type": "select", "label": "What is the child's ethnic group?", "code_list": "ethnicity"}


def _date(day: str, month: str, year: str) -> dict[str, str]:
    return {"q_0": day, "q_1": month, "q_2": year}


class TestRequiredAnswers:
    """A missing answer: "Enter ..." or "Select ..." and what, by name."""

    @pytest.mark.parametrize(
        ("question", "message"),
        [
            (TEXT, "Enter the first name"),
            (NAMED, "Enter the child's first name"),
            (QUESTION_TEXT, "Enter the child's first language"),
            (LONG, "Enter why the child needs a secure placement now"),
            (INSTRUCTION, "Describe the risk of self-harm"),
            (NUMBER, "Enter the height in centimetres"),
            (EMAIL, "Enter the email address"),
            (PHONE, "Enter the telephone number"),
            (DATE, "Enter the child's date of birth"),
            (FUTURE, "Enter the date of the hearing"),
            (YES_NO, "Select yes if the child takes any medication"),
            (RADIOS, "Select the child's sex"),
            (CHECKBOXES, "Select which of these risks apply to the young person now"),
            (SELECT, "Select the child's ethnic group"),
            ({**TEXT, "error_required": "Enter the child's first name"}, "Enter the child's first name"),
        ],
    )
    def test_each_type_says_what_to_enter_or_select(self, question: dict[str, Any], message: str) -> None:
        """Blank or nothing chosen."""
        assert _errors(question, {}) == [message]


class TestInvalidAnswers:
    """Every other check, Django's own included, names the question."""

    @pytest.mark.parametrize(
        ("question", "data", "message"),
        [
            (TEXT, {"q": "x" * 501}, "The first name must be 500 characters or fewer"),
            (
                LONG,
                {"q": "x" * 10001},
                "Your answer about why the child needs a secure placement now must be 10,000 characters or fewer",
            ),
            (
                INSTRUCTION,
                {"q": "x" * 10001},
                "Your answer to \u2018Describe the risk of self-harm\u2019 must be 10,000 characters or fewer",
            ),
            (TEXT, {"q": "Ann\x00"}, "The first name must not include null characters (remove them and try again)"),
            (NUMBER, {"q": "12.5"}, "The height in centimetres must be a whole number, like 15"),
            (NUMBER, {"q": "twelve"}, "The height in centimetres must be a whole number, like 15"),
            (NUMBER, {"q": "49"}, "The height in centimetres must be between 50 and 250"),
            (NUMBER, {"q": "251"}, "The height in centimetres must be between 50 and 250"),
            (AT_LEAST, {"q": "-1"}, "The number of missing episodes in the last 3 months must be 0 or more"),
            (AT_MOST, {"q": "251"}, "The weight in kilograms must be 250 or less"),
            (EMAIL, {"q": "name.example.com"}, "Enter the email address in the correct format, like name@example.com"),
            (
                PHONE,
                {"q": "call me"},
                "Enter the telephone number in the correct format, like 01632 960 001, "
                "07700 900 982 or +44 808 157 0192",
            ),
            (PATTERN, {"q": "123"}, "Enter the unique pupil number (UPN) in the correct format"),
            (NHS, {"q": "943 476 591"}, "The child's NHS number must be 10 numbers, like 943 476 5919"),
            (NHS, {"q": "943 476 5918"}, "Enter a valid NHS number, like 943 476 5919"),
            (RADIOS, {"q": "other"}, "Select the child's sex"),
            (CHECKBOXES, {"q": ["bogus"]}, "Select which of these risks apply to the young person now"),
            (SELECT, {"q": "XXXX"}, "Select the child's ethnic group"),
            (YES_NO, {"q": "maybe"}, "Select yes if the child takes any medication"),
        ],
    )
    def test_each_check_names_the_question(self, question: dict[str, Any], data: dict[str, Any], message: str) -> None:
        """Too long, null characters, not a number, out of range, wrong format, not an option."""
        assert _errors(question, data) == [message]

    def test_a_valid_nhs_number_is_accepted_with_or_without_spaces(self) -> None:
        """943 476 5919 and 9434765919 both pass the modulus-11 check."""
        assert _errors(NHS, {"q": "943 476 5919"}) == [] and _errors(NHS, {"q": "9434765919"}) == []


class TestDates:
    """Each way a date can be wrong names the date."""

    @pytest.mark.parametrize(
        ("data", "message"),
        [
            (_date("", "3", "2010"), "The child's date of birth must include a day"),
            (_date("27", "", ""), "The child's date of birth must include a month and year"),
            (_date("27", "3", ""), "The child's date of birth must include a year"),
            (
                _date("x", "3", "2010"),
                "The child's date of birth must be a real date, with the day, month and year "
                "as numbers, like 27 3 2010",
            ),
            (_date("27", "3", "10"), "The child's date of birth must include a year with 4 numbers, like 2010"),
            (_date("1", "1", "0001"), "The child's date of birth must be a real date in 1900 or later"),
            (
                _date("31", "2", "2010"),
                "The child's date of birth must be a real date: that month does not have that many days",
            ),
            (
                _date("1", "13", "2010"),
                "The child's date of birth must be a real date: the month must be between 1 and 12",
            ),
            (_date("4", "12", "2026"), "The child's date of birth must be today or in the past"),
        ],
    )
    def test_each_mistake_names_the_date(self, data: dict[str, str], message: str) -> None:
        """Missing parts, letters, short years, year 0001, impossible days, the future."""
        assert _errors(DATE, data) == [message]

    def test_a_future_date_in_the_past_names_it(self) -> None:
        """A hearing date before today."""
        assert _errors(FUTURE, _date("2", "12", "2026")) == ["The date of the hearing must be today or in the future"]


class TestUploads:
    """Django's file field messages name the document."""

    def test_no_file_chosen(self) -> None:
        """Select the document."""
        form = UploadForm({}, MultiValueDict(), document_label="Care plan")
        assert form.errors["document"] == ["Select the care plan to upload, as a PDF file"]

    def test_an_empty_file(self) -> None:
        """An empty file is named and the fix given."""
        files = MultiValueDict({"document": [SimpleUploadedFile("plan.pdf", b"", content_type="application/pdf")]})
        form = UploadForm({}, files, document_label="Care plan")
        assert form.errors["document"] == [
            "The selected file for the care plan is empty: choose the PDF file with the care plan in it"
        ]


class TestNhsNumbers:
    """vocabulary.identifiers: the modulus-11 check digit."""

    @pytest.mark.parametrize(
        ("value", "valid"),
        [
            ("943 476 5919", True),
            ("9434765919", True),
            ("401 023 2137", True),
            ("943 476 5918", False),  # wrong check digit
            ("485 777 3456", False),
            ("123456789", False),  # nine digits
            ("12345678901", False),
            ("943-476-5919", False),
            ("\uff19434765919", False),  # a full-width digit is not an ASCII digit
            ("", False),
        ],
    )
    def test_only_numbers_with_the_right_check_digit_are_valid(self, value: str, valid: bool) -> None:
        """Ten digits, spaces allowed, the last the check digit of the first nine."""
        assert is_valid_nhs_number(value) is valid

    def test_a_check_digit_of_ten_is_never_valid(self) -> None:
        """First nine digits whose weighted sum leaves 1 over a multiple of 11 would need 10: none is valid."""
        # 1 x 10 + 1 x 2 = 12, which leaves 1: 11 - 1 = 10.
        assert not any(is_valid_nhs_number(f"100000001{digit}") for digit in "0123456789")
