"""Form fields shared by every app's GOV.UK forms."""

import datetime
from typing import Any

from django import forms

from . import widgets

REAL_DATE = "The date must be a real date, for example 27 3 2026"


class GovukDateField(forms.MultiValueField):
    """Day, month and year boxes with the GOV.UK messages for each way a date can be wrong; the value is a date.

    `past` and `future` allow only today or earlier, or today or later; `missing` is the message for a required
    date left blank (defaults to Django's required message, which forms set per field).
    """

    widget = widgets.DateInput

    def __init__(self, *, past: bool = False, future: bool = False, missing: str = "", **kwargs: Any) -> None:
        self.past, self.future = past, future
        parts = (forms.CharField(required=False), forms.CharField(required=False), forms.CharField(required=False))
        super().__init__(fields=parts, require_all_fields=False, **kwargs)
        if missing:
            self.error_messages["required"] = missing
            self.error_messages["incomplete"] = missing

    def compress(self, data_list: list[Any]) -> datetime.date | None:
        if not data_list or all(str(part or "").strip() == "" for part in data_list):
            return None
        day, month, year = (str(part or "").strip() for part in data_list)
        if not (day and month and year):
            raise forms.ValidationError("The date must include a day, month and year")
        if not (day.isdigit() and month.isdigit() and year.isdigit()):
            raise forms.ValidationError(REAL_DATE)
        if len(year) != 4:
            raise forms.ValidationError("The year must include 4 numbers, like 2010")
        try:
            value = datetime.date(int(year), int(month), int(day))
        except ValueError:
            raise forms.ValidationError(REAL_DATE) from None
        today = datetime.date.today()
        if self.past and value > today:
            raise forms.ValidationError("The date must be today or in the past")
        if self.future and value < today:
            raise forms.ValidationError("The date must be today or in the future")
        return value
