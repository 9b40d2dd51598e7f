"""The monthly summary: PDF and deck hold the same disclosure-controlled figures; publishing is one block a month."""

import io
import re

import pytest
from pptx import Presentation
from pypdf import PdfReader

from cms.models import DataSummaryPage
from outcomes.reporting.publishing import previous_month, summary_publish
from outcomes.reporting.summary import MonthlySummary, monthly_summary_build
from outcomes.reporting.summary_pdf import summary_pdf
from outcomes.reporting.summary_pptx import summary_pptx

from .data import BEDS, COHORTS, OUTCOMES, REFERRALS

CHILD_COUNT_TABLES = ("Placement before secure", "Placement on leaving secure", "Searches closed", "Children and")


def summary(month: int = 3, **changes: object) -> MonthlySummary:
    """The summary for a month of 2025 (March by default) from the hand-built figures."""
    figures = {"beds": BEDS, "referrals": REFERRALS, "outcomes": OUTCOMES, "indicator_rows": COHORTS} | changes
    return monthly_summary_build(year=2025, month=month, **figures)  # type: ignore[arg-type]


def pdf_text(content: bytes) -> str:
    return " ".join(" ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(content)).pages)


def pptx_tables(content: bytes) -> dict[str, list[list[str]]]:
    """Each slide's title with its table's rows (continued slides appended)."""
    found: dict[str, list[list[str]]] = {}
    for slide in Presentation(io.BytesIO(content)).slides:
        for shape in slide.shapes:
            if shape.has_table:
                rows = [[cell.text for cell in row.cells] for row in shape.table.rows]
                title = slide.shapes.title.text
                found[title] = [*found[title], *rows[1:]] if title in found else rows
    return found


class TestMonthlySummaryBuild:
    def test_headline_figures_are_suppressed_when_small_and_rounded_as_national_totals(self) -> None:
        """42 referrals are shown as 40; 3 open referrals and 4 overdue checkpoints are c; rates and means stay."""
        figures = {f.label: f.value for f in summary().figures}
        assert figures["Referrals received"] == "40"
        assert figures["Searches closed"] == "40"
        assert figures["Welfare beds available (daily mean)"] == "7.5"
        assert figures["Open referrals at month end"] == "c"
        assert figures["Follow-up checkpoints overdue"] == "c"
        assert figures["Share offered a place"] == "71%"

    def test_placements_before_secure_hide_small_counts_and_their_complement(self) -> None:
        """U6 (4) and R5 (5) are c; with two hidden, the total cannot give either away."""
        table = next(t for t in summary().tables if t.title.startswith("Placement before secure"))
        cells = {row[0].split()[0]: row[1] for row in table.rows}
        assert cells == {"K2": "20", "P2": "9", "R5": "c", "U6": "c", "Total": "40"}

    def test_median_days_are_hidden_when_few_children_were_placed(self) -> None:
        """A median over 1 to 5 children would describe them; it is c."""
        figures = {f.label: f.value for f in summary(referrals=REFERRALS | {"placed": 4}).figures}
        assert figures["Median days to placement"] == "c"


class TestSummaryDocuments:
    def test_the_pdf_holds_the_headline_figures_and_every_table(self) -> None:
        """pypdf reads back the period, figures and suppressed cells."""
        built = summary()
        text = pdf_text(summary_pdf(built))
        assert "March 2025" in text
        for figure in built.figures:
            assert figure.label in text
        assert re.search(r"Referrals received\s*40", text)
        assert re.search(r"Open referrals at month end\s*c", text)
        assert "Placement on leaving secure" in text

    def test_the_deck_holds_the_same_figures_as_the_pdf(self) -> None:
        """python-pptx reads back the headline table; each value equals the summary's, which the PDF printed."""
        built = summary()
        tables = pptx_tables(summary_pptx(built))
        headline = {row[0]: row[1] for row in tables["Headline figures"][1:]}
        assert headline == {f.label: f.value for f in built.figures}
        text = pdf_text(summary_pdf(built))
        assert all(value in text for value in headline.values())

    def test_no_child_count_from_one_to_five_appears_in_the_deck(self) -> None:
        """Every count cell of every child-count table is 0, 6 or more, or a symbol."""
        tables = pptx_tables(summary_pptx(summary()))
        cells = [
            cell
            for title, rows in tables.items()
            if title.startswith(CHILD_COUNT_TABLES)
            for row in rows[1:]
            for cell in row[1:]
        ]
        assert cells and not [c for c in cells if c.isdigit() and 1 <= int(c) <= 5]

    def test_deck_charts_leave_a_labelled_gap_for_each_hidden_value(self) -> None:
        """In the placement-before chart, R5 and U6 (hidden) have no value and a [c] label; K2 is 20."""
        deck = Presentation(io.BytesIO(summary_pptx(summary())))
        chart = next(
            shape.chart
            for slide in deck.slides
            for shape in slide.shapes
            if shape.has_chart and slide.shapes.title.text.startswith("Placement before secure")
        )
        points = dict(zip(chart.plots[0].categories, chart.plots[0].series[0].values, strict=True))
        assert points["R5 Young offender institution (YOI) [c]"] is None
        assert [v for k, v in points.items() if k.startswith("K2")] == [20.0]
        assert all(v is None or v > 5 for v in points.values())

    def test_hostile_text_is_printed_not_interpreted(self) -> None:
        """A home name with markup and a formula renders as text in the PDF."""
        beds = BEDS | {"by_home": [{"home": "<b>Bold</b> & <font color='red'>x</font>", "days_declared": 3,
                                    "mean_available_welfare": 1.0, "mean_staffed_capacity": 1.0}]}  # fmt: skip
        text = pdf_text(summary_pdf(summary(beds=beds)))
        assert "<b>Bold</b> &" in text


@pytest.mark.django_db
class TestSummaryPublish:
    def test_publishing_adds_one_block_with_the_pdf_and_deck(self, data_page: DataSummaryPage) -> None:
        """A live revision carries the month's block with both documents and the headline figures."""
        summary_publish(summary=summary())
        page = DataSummaryPage.objects.get(pk=data_page.pk)
        assert page.live and not page.has_unpublished_changes
        blocks = [b.value for b in page.summaries]
        assert len(blocks) == 1
        assert blocks[0]["period"] == "March 2025"
        assert blocks[0]["document"].file_extension == "pdf" and blocks[0]["slides"].file_extension == "pptx"
        assert {f["label"]: f["value"] for f in blocks[0]["figures"]}["Referrals received"] == "40"

    def test_publishing_the_same_month_again_replaces_its_block(self, data_page: DataSummaryPage) -> None:
        """Re-running for March keeps one March block, with the new figures and the same two documents."""
        from wagtail.documents import get_document_model

        summary_publish(summary=summary())
        summary_publish(summary=summary(month=4))
        summary_publish(summary=summary(referrals=REFERRALS | {"referrals_received": 57}))
        page = DataSummaryPage.objects.get(pk=data_page.pk)
        periods = [b.value["period"] for b in page.summaries]
        assert periods == ["March 2025", "April 2025"]
        march = next(b.value for b in page.summaries if b.value["period"] == "March 2025")
        assert {f["label"]: f["value"] for f in march["figures"]}["Referrals received"] == "55"
        assert get_document_model().objects.count() == 4

    def test_the_public_page_lists_the_downloads(self, data_page: DataSummaryPage, client) -> None:
        """The visitor sees the month, a headline figure and links to both files."""
        summary_publish(summary=summary())
        html = client.get(data_page.url).content.decode()
        assert "March 2025" in html and ".pdf" in html and ".pptx" in html

    def test_last_month_is_the_default(self) -> None:
        """On 1 January the summary is for December of the year before."""
        import datetime

        assert previous_month(datetime.date(2026, 1, 1)) == (2025, 12)
        assert previous_month(datetime.date(2026, 7, 1)) == (2026, 6)


@pytest.mark.django_db
class TestDemoSeed:
    def test_the_demo_publishes_last_months_summary_once(self, data_page: DataSummaryPage) -> None:
        """Run twice, the page has one block for last month, built from the live selectors."""
        from demo.reports import demo_reports_seed

        assert demo_reports_seed() == 1
        assert demo_reports_seed() == 1
        page = DataSummaryPage.objects.get(pk=data_page.pk)
        year, month = previous_month()
        assert page.summaries[0].value["title"].endswith(f"{year}")


@pytest.mark.django_db
class TestScheduledAndCommandLine:
    def test_the_monthly_task_publishes_last_month_by_default(self, data_page: DataSummaryPage) -> None:
        """Run on 1 April 2025, the task publishes March 2025 from the live selectors."""
        import time_machine

        from outcomes.reporting.tasks import publish_monthly_summary

        with time_machine.travel("2025-04-01 06:00:00+00:00", tick=False):
            assert publish_monthly_summary() == "2025-03"
        page = DataSummaryPage.objects.get(pk=data_page.pk)
        assert [b.value["period"] for b in page.summaries] == ["March 2025"]

    def test_the_command_publishes_the_month_asked_for(self, data_page: DataSummaryPage) -> None:
        """--month 2025-02 puts February on the page."""
        from django.core.management import call_command

        out = io.StringIO()
        call_command("publish_monthly_summary", "--month", "2025-02", stdout=out)
        assert "2025-02" in out.getvalue()
        assert [b.value["period"] for b in DataSummaryPage.objects.get(pk=data_page.pk).summaries] == ["February 2025"]

    @pytest.mark.parametrize("month", ["2025-13", "March", "2025-3-1"])
    def test_the_command_refuses_a_malformed_month(self, month: str) -> None:
        """A clear error, not a traceback."""
        from django.core.management import CommandError, call_command

        with pytest.raises(CommandError, match="2025-03"):
            call_command("publish_monthly_summary", "--month", month)

    def test_the_command_explains_when_there_is_no_data_summary_page(self) -> None:
        """Without the website's page there is nowhere to publish."""
        from django.core.management import CommandError, call_command

        with pytest.raises(CommandError, match="no live data summary page"):
            call_command("publish_monthly_summary", "--month", "2025-02")


class TestSummaryLog:
    def test_the_pdf_and_deck_end_with_the_public_suppression_log(self) -> None:
        """Each hidden figure is listed, without saying whether it was a small count or a complement."""
        built = summary()
        entry = next(e for e in built.log if e[0].startswith("Placement before") and e[1].startswith("U6"))
        assert entry[2:] == ["Children", "suppressed: a small count, or hidden to protect one"]
        text = pdf_text(summary_pdf(built))
        assert "What was suppressed or rounded" in text and "primary" not in text and "secondary" not in text
        assert "What was suppressed or rounded" in pptx_tables(summary_pptx(built))


@pytest.mark.django_db
class TestSchedule:
    def test_a_daily_schedule_publishes_last_month_s_summary_at_six(self) -> None:
        """The data migrations leave one daily django-q2 schedule for the task, next run at 06:00 UTC."""
        from django_q.models import Schedule

        schedule = Schedule.objects.get(func="outcomes.reporting.tasks.publish_monthly_summary")
        assert schedule.schedule_type == Schedule.DAILY and schedule.repeats == -1
        assert (schedule.next_run.hour, schedule.next_run.minute) == (6, 0)

    def test_a_lost_run_is_made_good_the_next_day_and_later_runs_change_nothing(
        self, data_page: DataSummaryPage
    ) -> None:
        """Nothing published on the 1st (the worker was killed): the 2nd publishes March; the 3rd leaves it be."""
        import time_machine

        from outcomes.reporting.tasks import publish_monthly_summary

        with time_machine.travel("2025-04-02 06:00:00+00:00", tick=False):
            assert publish_monthly_summary() == "2025-03"
        revisions = DataSummaryPage.objects.get(pk=data_page.pk).revisions.count()
        with time_machine.travel("2025-04-03 06:00:00+00:00", tick=False):
            assert publish_monthly_summary() == "2025-03 already published"
        page = DataSummaryPage.objects.get(pk=data_page.pk)
        assert [b.value["period"] for b in page.summaries] == ["March 2025"]
        assert page.revisions.count() == revisions  # no new revision: nothing was published again

    def test_generate_now_publishes_the_month_asked_for_again(self, data_page: DataSummaryPage) -> None:
        from outcomes.reporting.tasks import publish_monthly_summary

        assert publish_monthly_summary(2025, 2) == "2025-02"
        revisions = DataSummaryPage.objects.get(pk=data_page.pk).revisions.count()
        assert publish_monthly_summary(2025, 2) == "2025-02"
        assert DataSummaryPage.objects.get(pk=data_page.pk).revisions.count() == revisions + 1
