"""The GOV.UK partials templates draw through {% load govuk %}: error summary, tag, warning text, summary rows."""

import pytest
from django import forms
from django.forms import formset_factory
from django.template import TemplateSyntaxError

from ui import widgets
from ui.fields import GovukDateField
from ui.forms import GovukForm

from .helpers import render


class ExitForm(GovukForm):
    name = forms.CharField(label="Name", widget=widgets.TextInput, error_messages={"required": "Enter a name"})
    left_on = GovukDateField(label="Date they left", error_messages={"required": "Enter the date they left"})
    reason = forms.ChoiceField(
        label="Why?",
        choices=[("a", "Moved"), ("b", "Other")],
        widget=widgets.Radios,
        error_messages={"required": "Say why"},
    )


class EpisodeForm(GovukForm):
    start = GovukDateField(label="Date the episode started", error_messages={"required": "Enter the start date"})

    def clean(self) -> dict:
        if self.cleaned_data.get("start"):
            raise forms.ValidationError("The episode starts before the last checkpoint")
        return self.cleaned_data


Episodes = formset_factory(EpisodeForm, extra=0, max_num=1, validate_max=True)


def _episodes(*starts: tuple[str, str, str]) -> object:
    data = {"episodes-TOTAL_FORMS": str(len(starts)), "episodes-INITIAL_FORMS": "0"}
    for index, (day, month, year) in enumerate(starts):
        data |= {
            f"episodes-{index}-start_0": day,
            f"episodes-{index}-start_1": month,
            f"episodes-{index}-start_2": year,
        }
    formset = Episodes(data, prefix="episodes")
    formset.is_valid()
    return formset


class TestErrorSummary:
    def test_nothing_when_there_is_no_error(self) -> None:
        assert "govuk-error-summary" not in render("{% govuk_error_summary form %}", form=ExitForm())
        assert "govuk-error-summary" not in render("{% govuk_error_summary form %}")  # no form on the page

    def test_each_error_links_to_the_first_input_of_its_field(self) -> None:
        form = ExitForm(data={})
        form.is_valid()
        html = render("{% govuk_error_summary form %}", form=form)
        assert '<div class="govuk-error-summary" data-module="govuk-error-summary">' in html and 'role="alert"' in html
        assert '<h2 class="govuk-error-summary__title">There is a problem</h2>' in html
        assert '<a href="#id_name">Enter a name</a>' in html
        assert '<a href="#id_left_on_0">Enter the date they left</a>' in html  # the day box, not the group
        assert '<a href="#id_reason">Say why</a>' in html  # the first radio has the field's id

    def test_a_form_error_links_to_the_first_field(self) -> None:
        form = ExitForm(data={"name": "A", "left_on_0": "1", "left_on_1": "2", "left_on_2": "2020", "reason": "a"})
        form.is_valid()
        form.add_error(None, "This exit is already recorded")
        assert '<a href="#id_name">This exit is already recorded</a>' in render(
            "{% govuk_error_summary form %}", form=form
        )

    def test_a_formsets_errors_are_numbered_and_linked(self) -> None:
        formset = _episodes(("31", "2", "2020"), ("1", "2", "2020"))
        html = render('{% govuk_error_summary formset=formset item="Episode" %}', formset=formset)
        assert (
            '<a href="#id_episodes-0-start_0">Episode 1: Date the episode started must be a real date: that month does '
            "not have that many days</a>" in html
        )
        assert '<a href="#id_episodes-1-start_0">Episode 2: The episode starts before the last checkpoint</a>' in html
        assert '<a href="#id_episodes-0-start_0">Please submit at most 1 form.</a>' in html

    def test_problems_without_a_form(self) -> None:
        html = render('{% govuk_error_summary errors=problem href="#cease" %}', problem="The search is not overdue")
        assert '<li><a href="#cease">The search is not overdue</a></li>' in html
        html = render("{% govuk_error_summary errors=problems %}", problems=["Complete the section <b>"])
        assert "<li>Complete the section &lt;b&gt;</li>" in html


class TestTag:
    def test_a_coloured_tag(self) -> None:
        assert (
            render('{% govuk_tag "Overdue" "red" %}') == '<strong class="govuk-tag govuk-tag--red">Overdue</strong>\n'
        )

    def test_an_unknown_colour_is_the_default_tag_and_text_is_escaped(self) -> None:
        html = render('{% govuk_tag text colour classes="govuk-!-margin-bottom-4" %}', text="<i>", colour="nope")
        assert html.strip() == '<strong class="govuk-tag govuk-!-margin-bottom-4">&lt;i&gt;</strong>'


class TestWarningText:
    def test_the_icon_is_hidden_and_the_text_says_warning(self) -> None:
        html = render(
            "{% govuk_warning_text %} Ceasing ends {{ what }}. {% endgovuk_warning_text %}", what="<the search>"
        )
        assert '<span class="govuk-warning-text__icon" aria-hidden="true">!</span>' in html
        assert (
            '<strong class="govuk-warning-text__text"><span class="govuk-visually-hidden">Warning</span> '
            "Ceasing ends &lt;the search&gt;.</strong>"
        ) in html

    def test_block_content_sits_in_a_div(self) -> None:
        html = render("{% govuk_warning_text blocks %}<p>Rich</p>{% endgovuk_warning_text %}")
        assert (
            '<div class="govuk-warning-text__text"><span class="govuk-visually-hidden">Warning</span> <p>Rich</p></div>'
            in html
        )


class TestSummaryRow:
    def test_a_key_and_value(self) -> None:
        html = render('{% govuk_summary_row "Referrals received" %} {{ n }} {% endgovuk_summary_row %}', n=3)
        assert '<div class="govuk-summary-list__row">' in html
        assert '<dt class="govuk-summary-list__key">Referrals received</dt>' in html
        assert '<dd class="govuk-summary-list__value">3</dd>' in html and "__actions" not in html

    def test_a_change_link_names_what_it_changes(self) -> None:
        source = "{% govuk_summary_row label action_url=url action_hidden=label|lower %}x{% endgovuk_summary_row %}"
        html = render(source, label="Date of <birth>", url="/change/")
        assert '<dt class="govuk-summary-list__key">Date of &lt;birth&gt;</dt>' in html
        assert (
            '<dd class="govuk-summary-list__actions"><a class="govuk-link" href="/change/">Change'
            '<span class="govuk-visually-hidden"> date of &lt;birth&gt;</span></a></dd>'
        ) in html
        assert "__actions" not in render(source, label="Name", url="")

    def test_a_key_with_markup_and_actions_of_its_own(self) -> None:
        html = render(
            '{% govuk_summary_row %}<a href="/f">{{ name }}</a>{% govuk_value %}2 pages{% govuk_actions %}'
            "<button>Remove</button>{% endgovuk_summary_row %}",
            name="plan.pdf",
        )
        assert '<dt class="govuk-summary-list__key"><a href="/f">plan.pdf</a></dt>' in html
        assert '<dd class="govuk-summary-list__value">2 pages</dd>' in html
        assert '<dd class="govuk-summary-list__actions"><button>Remove</button></dd>' in html

    def test_the_row_sees_only_its_own_values(self) -> None:
        html = render('{% govuk_summary_row "Key" %}v{% endgovuk_summary_row %}', actions="<b>leak</b>")
        assert "leak" not in html

    @pytest.mark.parametrize(
        "source",
        [
            "{% govuk_summary_row %}key{% endgovuk_summary_row %}",
            '{% govuk_summary_row "Key" %}value{% govuk_value %}value{% endgovuk_summary_row %}',
            '{% govuk_summary_row "Key" colour="red" %}value{% endgovuk_summary_row %}',
        ],
    )
    def test_a_malformed_row_is_refused(self, source: str) -> None:
        with pytest.raises(TemplateSyntaxError):
            render(source)


class TestErrorMessage:
    def test_each_error_says_error(self) -> None:
        html = render('{% govuk_error_message errors error_id="episode-1-error" %}', errors=["One", "Two"])
        assert html.strip() == (
            '<p id="episode-1-error" class="govuk-error-message"><span class="govuk-visually-hidden">Error:</span> One'
            '<br><span class="govuk-visually-hidden">Error:</span> Two</p>'
        )
