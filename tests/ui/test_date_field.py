"""ui/fields.py: the one GOV.UK date field, with a message for each way a date can be wrong."""

import datetime
from collections.abc import Iterator

import pytest
import time_machine
from django import forms

from ui.fields import GovukDateField
from ui.forms import GovukForm


class _Form(GovukForm):
    when = GovukDateField(label="Date the search ended", missing="Enter the date the search ended")
    past = GovukDateField(label="Date of birth", past=True, required=False)
    future = GovukDateField(label="Admission date", future=True, required=False)


def _errors(**parts: str) -> dict[str, list[str]]:
    data = {"when_0": "3", "when_1": "12", "when_2": "2026"}
    data.update(parts)
    form = _Form(data=data)
    form.is_valid()
    return {name: [str(e) for e in errors] for name, errors in form.errors.items()}


@pytest.fixture(autouse=True)
def _today() -> Iterator[None]:
    with time_machine.travel(datetime.datetime(2026, 12, 3, 12, tzinfo=datetime.UTC), tick=False):
        yield


class TestGovukDateField:
    """Each message says how to put the date right."""

    def test_a_real_date_is_a_date(self) -> None:
        """Day, month and year boxes give a datetime.date."""
        form = _Form(data={"when_0": "3", "when_1": "12", "when_2": "2026"})
        assert form.is_valid() and form.cleaned_data["when"] == datetime.date(2026, 12, 3)

    @pytest.mark.parametrize(
        ("parts", "message"),
        [
            ({"when_0": "", "when_1": "", "when_2": ""}, "Enter the date the search ended"),
            ({"when_1": ""}, "Date the search ended must include a month"),
            ({"when_0": "", "when_2": ""}, "Date the search ended must include a day and year"),
            (
                {"when_0": "31", "when_1": "2"},
                "Date the search ended must be a real date: that month does not have that many days",
            ),
            ({"when_1": "13"}, "Date the search ended must be a real date: the month must be between 1 and 12"),
            (
                {"when_0": "x"},
                "Date the search ended must be a real date, with the day, month and year as numbers, like 27 3 2010",
            ),
            ({"when_2": "26"}, "Date the search ended must include a year with 4 numbers, like 2010"),
            ({"when_2": "0001"}, "Date the search ended must be a real date in 1900 or later"),
            ({"past_0": "4", "past_1": "12", "past_2": "2026"}, "Date of birth must be today or in the past"),
            ({"future_0": "2", "future_1": "12", "future_2": "2026"}, "Admission date must be today or in the future"),
        ],
    )
    def test_each_mistake_has_its_own_message(self, parts: dict[str, str], message: str) -> None:
        """Blank, incomplete, impossible, two-digit years, year 0001 and the wrong side of today, each naming the
        date (its label, as the field has no `name`)."""
        assert message in sum(_errors(**parts).values(), [])

    def test_today_is_allowed_both_ways(self) -> None:
        """'Today or in the past' and 'today or in the future' both include today."""
        today = {"past_0": "3", "past_1": "12", "past_2": "2026", "future_0": "3", "future_1": "12", "future_2": "2026"}
        assert _errors(**today) == {}

    def test_it_is_a_form_field(self) -> None:
        """The widget is the GOV.UK date input with three boxes."""
        assert isinstance(_Form.base_fields["when"], forms.MultiValueField)
