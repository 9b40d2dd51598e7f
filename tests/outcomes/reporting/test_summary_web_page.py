"""The monthly summary's own web page: the figures and tables of the PDF and deck as HTML, with the files beside it."""

import html as markup
import re

import pytest
from django.test import Client

from cms.models import DataSummaryPage
from outcomes.models import SummaryPublication
from outcomes.reporting.public_views import shown
from outcomes.reporting.publishing import summary_publish
from outcomes.reporting.summary_pdf import summary_pdf

from .data import REFERRALS
from .test_summary import CHILD_COUNT_TABLES, pdf_text, summary


def _cells(html: str) -> list[str]:
    found = re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", html, re.S)
    return [markup.unescape(re.sub(r"<[^>]+>", "", cell).strip()) for cell in found]


class TestTheWebPage:
    def test_publishing_makes_the_months_page_with_every_table_of_the_pdf(
        self, data_page: DataSummaryPage, client: Client
    ) -> None:
        """Same headline figures, every table with every cell of the summary, links to the PDF and the deck."""
        built = summary()
        summary_publish(summary=built)
        publication = SummaryPublication.objects.get(year=2025, month=3)
        response = client.get("/statistics/coordination-summaries/2025-3/")
        html = response.content.decode()
        assert response.status_code == 200
        assert '<h1 class="govuk-heading-xl">March 2025</h1>' in html
        for figure in built.figures:
            assert figure.label in html and figure.value in html
        cells = _cells(html)
        for table in built.tables:
            assert f'<caption class="govuk-table__caption govuk-table__caption--m">{table.title}</caption>' in html
            for row in table.rows:
                assert all(cell in cells for cell in row), (table.title, row)
        assert publication.pdf is not None and publication.pdf.url in html
        assert publication.slides is not None and publication.slides.url in html

    def test_the_page_shows_what_the_pdf_shows_and_nothing_more(
        self, data_page: DataSummaryPage, client: Client
    ) -> None:
        """No count from 1 to 5 in the child-count tables (the PDF hides them too)."""
        built = summary()
        summary_publish(summary=built)
        html = client.get("/statistics/coordination-summaries/2025-3/").content.decode()
        text = pdf_text(summary_pdf(built))
        for table in built.tables:
            if table.title.startswith(CHILD_COUNT_TABLES):
                for row in table.rows:
                    assert not any(cell in {"1", "2", "3", "4", "5"} for cell in row[1:]), row
                    assert all(cell in text for cell in row[1:])
        assert "SW-" not in html  # no referral reference

    def test_charts_hold_their_tables_figures(self, data_page: DataSummaryPage, client: Client) -> None:
        """Every bar's figure is the table's text; a hidden figure has no bar."""
        built = summary()
        summary_publish(summary=built)
        html = client.get("/statistics/coordination-summaries/2025-3/").content.decode()
        charted = [table for table in built.tables if table.chart]
        assert charted
        for table in charted:
            for label, figure in table.chart:
                assert markup.escape(f"{label}: {figure}") in html  # the chart's description lists each bar

    def test_the_data_summary_page_links_each_month_to_its_page(
        self, data_page: DataSummaryPage, client: Client
    ) -> None:
        summary_publish(summary=summary())
        summary_publish(summary=summary(referrals=REFERRALS | {"referrals_received": 57}))
        assert SummaryPublication.objects.count() == 1  # published again: replaced, not added
        html = client.get(data_page.url).content.decode()
        assert 'href="/statistics/coordination-summaries/2025-3/"' in html
        listing = client.get("/statistics/coordination-summaries/").content.decode()
        assert "March 2025" in listing

    @pytest.mark.parametrize("path", ["2025-4/", "2025-13/", "nope/"])
    def test_a_month_not_published_is_not_found(self, data_page: DataSummaryPage, client: Client, path: str) -> None:
        summary_publish(summary=summary())
        assert client.get(f"/statistics/coordination-summaries/{path}").status_code == 404


@pytest.mark.parametrize(
    ("text", "value", "symbol", "percent"),
    [("1,234", 1234, "", False), ("45%", 45, "", True), ("c", None, "c", False), ("k%", None, "k", True)],
)
def test_a_cell_is_read_back_as_the_figure_it_shows(text: str, value: int | None, symbol: str, percent: bool) -> None:
    figure = shown(text)
    assert (figure.value, figure.symbol, figure.percent) == (value, symbol, percent)
