"""Each GOV.UK widget drawn by the one field wrapper: classes, ids, aria-describedby and the error state."""

from typing import Any

import pytest
from django import forms
from django.forms import formset_factory

from ui import widgets
from ui.fields import GovukDateField
from ui.forms import GovukForm

from .helpers import render


class UploadForm(GovukForm):
    document = forms.FileField(
        label="Upload a file",
        help_text="PDF only, up to 20MB.",
        error_messages={"required": "Select a PDF file to upload"},
        widget=widgets.FileUpload(attrs={"accept": "application/pdf,.pdf"}),
    )


class ConfirmForm(GovukForm):
    confirm = forms.BooleanField(
        label="I confirm each statement",
        error_messages={"required": "Confirm the statement"},
        widget=widgets.Checkbox,
    )
    filter = forms.BooleanField(label="Only overdue", required=False, widget=widgets.Checkbox(small=True))


class ChoicesForm(GovukForm):
    homes = forms.MultipleChoiceField(
        label="Secure homes to ask",
        choices=[("1", "Adel Beck"), ("2", "Clare Lodge"), ("3", "Kyloe House")],
        widget=widgets.Checkboxes(hints={"2": "No bed today"}),
        error_messages={"required": "Select at least one secure home"},
    )
    reason = forms.ChoiceField(
        label="Why?",
        choices=[("a", "Moved"), ("b", "Stayed")],
        widget=widgets.Radios(inline=True, hints=["", "Did not move"]),
    )


class DateForm(GovukForm):
    start = GovukDateField(label="Date the episode started", help_text="For example, 27 3 2026")


class TestFileUpload:
    def test_the_input_has_the_govuk_class_and_points_at_its_hint(self) -> None:
        html = str(UploadForm()["document"].as_field_group())
        assert '<label class="govuk-label govuk-label--s" for="id_document">Upload a file</label>' in html
        assert '<div id="id_document-hint" class="govuk-hint">PDF only, up to 20MB.</div>' in html
        assert 'type="file"' in html and 'class="govuk-file-upload"' in html and 'accept="application/pdf,.pdf"' in html
        assert 'aria-describedby="id_document-hint"' in html and "govuk-form-group--error" not in html

    def test_an_error_marks_the_group_the_input_and_names_the_field(self) -> None:
        form = UploadForm(data={}, files={})
        assert not form.is_valid()
        html = str(form["document"].as_field_group())
        assert 'class="govuk-form-group govuk-form-group--error"' in html
        assert 'class="govuk-file-upload govuk-file-upload--error"' in html
        assert 'aria-describedby="id_document-hint id_document-error"' in html and 'aria-invalid="true"' in html
        error = (
            '<p id="id_document-error" class="govuk-error-message"><span class="govuk-visually-hidden">Error:</span>'
        )
        assert f"{error} Select a PDF file to upload</p>" in html


class TestSingleCheckbox:
    def test_the_checkbox_carries_the_field_label_beside_it(self) -> None:
        html = str(ConfirmForm()["confirm"].as_field_group())
        assert '<div class="govuk-checkboxes" data-module="govuk-checkboxes">' in html
        assert 'class="govuk-checkboxes__input"' in html and 'id="id_confirm"' in html and 'type="checkbox"' in html
        assert (
            '<label class="govuk-label govuk-checkboxes__label" for="id_confirm">I confirm each statement</label>'
            in html
        )
        assert html.count("<label") == 1  # the wrapper draws no second label

    def test_small_and_checked(self) -> None:
        html = str(ConfirmForm(initial={"filter": True})["filter"].as_field_group())
        assert "govuk-checkboxes govuk-checkboxes--small" in html and " checked" in html

    def test_an_error_is_linked_to_the_box(self) -> None:
        form = ConfirmForm(data={})
        assert not form.is_valid()
        html = str(form["confirm"].as_field_group())
        assert "govuk-form-group--error" in html and 'aria-describedby="id_confirm-error"' in html
        assert '<span class="govuk-visually-hidden">Error:</span> Confirm the statement' in html
        assert "govuk-checkboxes__input--error" not in html  # GOV.UK has no error style for the box itself

    def test_a_submitted_tick_is_true(self) -> None:
        form = ConfirmForm(data={"confirm": "on"})
        assert form.is_valid() and form.cleaned_data["confirm"] is True


class TestChoices:
    def test_checkbox_ids_follow_govuk_and_options_have_hints(self) -> None:
        html = str(ChoicesForm(initial={"homes": ["3"]})["homes"].as_field_group())
        assert 'id="id_homes" name="homes" type="checkbox" value="1">' in html
        assert 'id="id_homes-2"' in html and 'for="id_homes-3"' in html
        assert 'aria-describedby="id_homes-2-item-hint"' in html
        assert '<div id="id_homes-2-item-hint" class="govuk-hint govuk-checkboxes__hint">No bed today</div>' in html
        assert 'value="3" checked>' in html
        assert '<fieldset class="govuk-fieldset">' in html and "govuk-fieldset__legend--s" in html

    def test_radio_hints_can_be_listed_in_the_order_of_the_choices(self) -> None:
        html = str(ChoicesForm()["reason"].as_field_group())
        assert "govuk-radios govuk-radios--inline" in html
        assert 'id="id_reason-2" name="reason" type="radio" value="b" aria-describedby="id_reason-2-item-hint">' in html
        assert html.count("govuk-radios__hint") == 1

    def test_an_error_is_described_on_the_fieldset(self) -> None:
        form = ChoicesForm(data={"reason": "a"})
        assert not form.is_valid()
        html = str(form["homes"].as_field_group())
        assert '<fieldset class="govuk-fieldset" aria-describedby="id_homes-error">' in html
        assert "govuk-form-group--error" in html and "Select at least one secure home" in html


class TestDate:
    def test_a_wrong_date_marks_each_box(self) -> None:
        form = DateForm(data={"start_0": "31", "start_1": "2", "start_2": "2026"})
        assert not form.is_valid()
        html = str(form["start"].as_field_group())
        assert html.count("govuk-input--error") == 3
        assert 'aria-describedby="id_start-hint id_start-error"' in html
        assert "Date the episode started must be a real date" in html


class TestFieldTag:
    def test_a_page_sets_the_legend_heading_and_hint(self) -> None:
        html = render(
            '{% govuk_field form.homes hint="Beds today" size="m" heading="h2" small=True %}', form=ChoicesForm()
        )
        assert 'class="govuk-fieldset__legend govuk-fieldset__legend--m"' in html
        assert '<h2 class="govuk-fieldset__heading">Secure homes to ask</h2>' in html
        assert '<fieldset class="govuk-fieldset" aria-describedby="id_homes-hint">' in html
        assert '<div id="id_homes-hint" class="govuk-hint">Beds today</div>' in html
        assert "govuk-checkboxes govuk-checkboxes--small" in html

    def test_a_stock_django_widget_is_drawn_as_its_govuk_control(self) -> None:
        class Plain(forms.Form):
            homes = forms.MultipleChoiceField(choices=[("1", "A"), ("2", "B")], widget=forms.CheckboxSelectMultiple)

        html = render('{% govuk_field form.homes label="Prepare packs" %}', form=Plain())
        assert 'class="govuk-checkboxes__input" id="id_homes"' in html and 'id="id_homes-2"' in html
        assert "Prepare packs" in html and "<ul" not in html

    def test_a_formset_deletion_box_with_the_label_the_page_gives(self) -> None:
        formset = formset_factory(DateForm, can_delete=True, extra=1)(prefix="episodes")
        html = render('{% govuk_field formset.forms.0.DELETE label="Remove episode 1" small=True %}', formset=formset)
        assert 'name="episodes-0-DELETE"' in html and 'id="id_episodes-0-DELETE"' in html
        assert 'class="govuk-checkboxes__input"' in html and "govuk-checkboxes--small" in html
        assert 'for="id_episodes-0-DELETE">Remove episode 1</label>' in html

    @pytest.mark.parametrize("tag", ['heading="h7"', 'colour="red"'])
    def test_it_refuses_what_it_does_not_know(self, tag: Any) -> None:
        with pytest.raises(Exception, match="govuk_field"):
            render("{% govuk_field form.homes " + tag + " %}", form=ChoicesForm())


class TestControlsOutsideAForm:
    def test_a_filter_select_keeps_the_chosen_value(self) -> None:
        html = render(
            '{% govuk_select "state" label="Show" choices=states value=state blank="All follow-ups" %}',
            states=[("open", "Open"), ("closed", "Closed")],
            state="closed",
        )
        assert '<label class="govuk-label govuk-label--s" for="state">Show</label>' in html
        assert '<select name="state" id="state" class="govuk-select">' in html
        assert (
            '<option value="">All follow-ups</option>' in html
            and '<option value="closed" selected>Closed</option>' in html
        )
        assert "required" not in html and "govuk-form-group--error" not in html

    def test_plain_values_are_their_own_labels(self) -> None:
        html = render('{% govuk_select "region" label="Region" choices=regions %}', regions=["North East"])
        assert '<option value="North East">North East</option>' in html and 'value=""' not in html

    def test_a_search_box(self) -> None:
        html = render('{% govuk_input "q" label="Search" value=q input_type="search" size="m" %}', q='a "b"')
        assert 'class="govuk-label govuk-label--m" for="q"' in html
        assert 'type="search"' in html and 'spellcheck="false"' in html and 'class="govuk-input"' in html
        assert 'value="a &quot;b&quot;"' in html and 'id="q"' in html
