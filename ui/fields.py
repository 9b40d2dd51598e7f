"""Form fields shared by every app's GOV.UK forms."""

import datetime
from typing import Any

from django import forms

from . import widgets

EARLIEST_YEAR = 1900


class GovukDateField(forms.MultiValueField):
    """Day, month and year boxes with the GOV.UK messages for each way a date can be wrong; the value is a date.

    `past` and `future` allow only today or earlier, or today or later; `missing` is the message for a required
    date left blank (defaults to Django's required message, which forms set per field). Messages name the date:
    `name` is how they call it ("the child's date of birth"), else the label in lower case ("date of birth").
    """

    widget = widgets.DateInput

    def __init__(
        self, *, past: bool = False, future: bool = False, missing: str = "", name: str = "", **kwargs: Any
    ) -> None:
        self.past, self.future = past, future
        parts = (forms.CharField(required=False), forms.CharField(required=False), forms.CharField(required=False))
        super().__init__(fields=parts, require_all_fields=False, **kwargs)
        label = str(self.label or "").strip()
        self.name = name or (label[:1].lower() + label[1:] if label else "the date")
        if missing:
            self.error_messages["required"] = missing
            self.error_messages["incomplete"] = missing

    def _problem(self, text: str) -> forms.ValidationError:
        name = self.name[:1].upper() + self.name[1:]
        return forms.ValidationError(f"{name} {text}")

    def compress(self, data_list: list[Any]) -> datetime.date | None:
        if not data_list or all(str(part or "").strip() == "" for part in data_list):
            return None
        day, month, year = (str(part or "").strip() for part in data_list)
        absent = [part for part, given in (("day", day), ("month", month), ("year", year)) if not given]
        if absent:
            listed = " and ".join(absent) if len(absent) == 2 else absent[0]
            raise self._problem(f"must include a {listed}")
        if not (day.isascii() and month.isascii() and year.isascii()) or not (
            day.isdigit() and month.isdigit() and year.isdigit()
        ):
            raise self._problem("must be a real date, with the day, month and year as numbers, like 27 3 2010")
        if len(year) != 4:
            raise self._problem("must include a year with 4 numbers, like 2010")
        if int(year) < EARLIEST_YEAR:
            raise self._problem(f"must be a real date in {EARLIEST_YEAR} or later")
        try:
            value = datetime.date(int(year), int(month), int(day))
        except ValueError:
            if not 1 <= int(month) <= 12:
                raise self._problem("must be a real date: the month must be between 1 and 12") from None
            raise self._problem("must be a real date: that month does not have that many days") from None
        today = datetime.date.today()
        if self.past and value > today:
            raise self._problem("must be today or in the past")
        if self.future and value < today:
            raise self._problem("must be today or in the future")
        return value
