"""Report pages and downloads: aggregates for the unit and analysts, never a child's record; SSDA903 for the LA only."""

import csv
import io
from typing import Any

import openpyxl
import pytest
from django.urls import reverse

from accounts.models import AuditEvent, Organisation, Role
from cms.models import DataSummaryPage
from outcomes.models import FollowUp
from tests.factories import member

from .conftest import client_for
from .factories import exit_for, followup, submitted_referral

INDEX = "outcome_reports:index"
SYNTHETIC = {"records": "synthetic"}


@pytest.fixture
def cohorts(hampshire: Organisation, leeds: Organisation, home: Organisation) -> None:
    """Synthetic children: 14 placed (2 with a move), 11 not placed (3 in custody)."""
    for i in range(14):
        followup(local_authority=hampshire if i % 2 else leeds, home=home, stable=i >= 2)
    for i in range(11):
        followup(local_authority=leeds, cohort=FollowUp.Cohort.NOT_PLACED, custody=i < 3)


class TestReportIndex:
    def test_an_analyst_sees_cohorts_side_by_side_with_a_chart(self, analyst: Any, cohorts: None) -> None:
        """Placed and not placed are columns; the chart and tables come from the same published figures."""
        response = client_for(analyst).get(reverse(INDEX), SYNTHETIC)
        html = response.content.decode()
        assert response.status_code == 200
        assert "Placed in a secure children&#x27;s home" in html and "Not placed" in html
        assert '<svg xmlns="http://www.w3.org/2000/svg" role="img"' in html
        assert "86%" in html  # 12 of 14 placed children stable at 3 months

    def test_grouping_by_local_authority_folds_small_authorities_together(self, analyst: Any, cohorts: None) -> None:
        """Hampshire has 7 children, fewer than 10, so it is not named; Leeds has 18."""
        html = client_for(analyst).get(reverse(INDEX), SYNTHETIC | {"group_by": "la"}).content.decode()
        assert "Leeds City Council" in html and "Hampshire County Council" not in html
        assert "Other (fewer than 10 children each)" in html

    def test_a_filter_cannot_be_subtracted_from_the_unfiltered_report(
        self, analyst: Any, hampshire: Organisation
    ) -> None:
        """All placed: 14; justice placed: 12. Showing both would reveal the 2 welfare children, so 12 is c."""
        for i in range(14):
            followup(local_authority=hampshire, pathway="justice" if i < 12 else "welfare")
        for _ in range(11):
            followup(local_authority=hampshire, cohort=FollowUp.Cohort.NOT_PLACED, pathway="justice")
        whole = client_for(analyst).get(reverse("outcome_reports:download", args=["csv"]), SYNTHETIC)
        part = client_for(analyst).get(
            reverse("outcome_reports:download", args=["csv"]), SYNTHETIC | {"pathway": "justice"}
        )

        def children(response: Any) -> list[str]:
            rows = csv.reader(io.StringIO(response.content.decode("utf-8-sig")))
            return next(row for row in rows if row and row[0] == "Children")[1:]

        assert children(whole) == ["14", "11", "25"]
        assert children(part)[:2] == ["c", "c"]

    def test_only_the_coordinator_sees_which_hidden_cells_are_small_counts(
        self, analyst: Any, coordinator: Any, hampshire: Organisation
    ) -> None:
        """Telling primary from secondary narrows each hidden value, so analysts get the public log."""
        for _ in range(12):
            followup(local_authority=hampshire)
        for _ in range(4):
            followup(local_authority=hampshire, cohort=FollowUp.Cohort.NOT_PLACED)
        analyst_html = client_for(analyst).get(reverse(INDEX), SYNTHETIC).content.decode()
        coordinator_html = client_for(coordinator).get(reverse(INDEX), SYNTHETIC).content.decode()
        assert "a small count, or hidden to protect one" in analyst_html and "primary:" not in analyst_html
        assert "primary:" in coordinator_html

    def test_bad_filters_get_an_error_summary_and_a_400(self, analyst: Any) -> None:
        """A year that is not a number is explained, not a crash."""
        response = client_for(analyst).get(reverse(INDEX), {"year": "soon", "group_by": "nonsense"})
        assert response.status_code == 400
        assert "There is a problem" in response.content.decode()

    @pytest.mark.parametrize("role", [Role.SOCIAL_WORKER, Role.LEAVING_CARE_WORKER, Role.HOME_MANAGER])
    def test_members_without_aggregate_access_get_a_404(self, role: str, db: Any) -> None:
        """Only the unit's coordinators and analysts see the reports."""
        assert client_for(member(role)).get(reverse(INDEX)).status_code == 404

    def test_the_coordinator_sees_generate_now_and_the_analyst_does_not(self, analyst: Any, coordinator: Any) -> None:
        """Generating the summary is the unit's job."""
        assert "Generate now" in client_for(coordinator).get(reverse(INDEX)).content.decode()
        assert "Generate now" not in client_for(analyst).get(reverse(INDEX)).content.decode()


class TestDownloads:
    def test_csv_download_is_suppressed_and_audited(self, analyst: Any, cohorts: None) -> None:
        """The custody count of 3 is c in the file, and the download is in the audit log."""
        response = client_for(analyst).get(reverse("outcome_reports:download", args=["csv"]), SYNTHETIC)
        rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
        custody = next(row for row in rows if row and row[0] == "Custody in 12 months")
        assert response.status_code == 200 and "attachment" in response["Content-Disposition"]
        assert custody[1:] == ["0", "0", "0"]  # nobody reached 12 months yet
        assert AuditEvent.objects.filter(action="outcomes.report_download", actor=analyst).exists()

    def test_xlsx_download_opens_and_matches_the_page(self, analyst: Any, cohorts: None) -> None:
        """The workbook holds the same children counts as the page."""
        response = client_for(analyst).get(reverse("outcome_reports:download", args=["xlsx"]), SYNTHETIC)
        sheet = openpyxl.load_workbook(io.BytesIO(response.content)).worksheets[0]
        children = next(row for row in sheet.iter_rows(values_only=True) if row[0] == "Children")
        assert children[1:] == (14, 11, 25)

    def test_an_unknown_format_is_a_404(self, analyst: Any) -> None:
        """Only CSV and XLSX exist."""
        assert client_for(analyst).get(reverse("outcome_reports:download", args=["pdf"])).status_code == 404


class TestChildLevelAccess:
    def test_an_analyst_cannot_open_a_childs_follow_up(self, analyst: Any, hampshire: Organisation) -> None:
        """Analysts see aggregates only: the child-level page is an audited 404."""
        item = followup(local_authority=hampshire, referral=submitted_referral(local_authority=hampshire, user=analyst))
        response = client_for(analyst).get(reverse("outcomes:followup-detail", args=[item.pk]))
        assert response.status_code == 404


class TestSsda903Episodes:
    @pytest.fixture
    def children(self, hampshire: Organisation, home: Organisation, analyst: Any) -> list[FollowUp]:
        items = []
        for stable in (True, False):
            referral = submitted_referral(local_authority=hampshire, user=analyst)
            item = followup(local_authority=hampshire, home=home, referral=referral, stable=stable)
            exit_for(item)
            items.append(item)
        return items

    def test_a_leaving_care_worker_downloads_their_authoritys_episodes(
        self, hampshire: Organisation, children: list[FollowUp]
    ) -> None:
        """DfE column names; CHILD is the referral reference; no name appears; the download is audited."""
        worker = member(Role.LEAVING_CARE_WORKER, hampshire)
        response = client_for(worker).get(reverse("outcome_reports:ssda903-episodes", args=[hampshire.pk]))
        text = response.content.decode()
        rows = list(csv.DictReader(io.StringIO(text)))
        assert response.status_code == 200
        assert list(rows[0]) == ["CHILD", "DECOM", "RNE", "LS", "CIN", "PLACE", "PLACE_PROVIDER", "DEC", "REC",
                                 "REASON_PLACE_CHANGE", "HOME_POST", "PL_POST", "URN"]  # fmt: skip
        assert {row["CHILD"] for row in rows} == {c.referral.reference for c in children}
        secure = [row for row in rows if row["PLACE"] == "K1"]
        assert len(secure) == 2 and secure[0]["DEC"] == "15/01/2025" and secure[0]["LS"] == "C2"
        assert any(row["PLACE"] == "U6" and row["RNE"] == "P" for row in rows)
        assert "Testchild" not in text and "Fictional" not in text
        assert AuditEvent.objects.filter(action="outcomes.ssda903_download", outcome="succeeded").exists()

    def test_another_authoritys_worker_gets_an_audited_404(
        self, hampshire: Organisation, leeds: Organisation, children: list[FollowUp]
    ) -> None:
        """Leeds cannot download Hampshire's children; the refusal is in the audit log."""
        worker = member(Role.LEAVING_CARE_WORKER, leeds)
        response = client_for(worker).get(reverse("outcome_reports:ssda903-episodes", args=[hampshire.pk]))
        assert response.status_code == 404
        assert AuditEvent.objects.filter(
            actor=worker, outcome=AuditEvent.Outcome.DENIED, object_id=str(hampshire.pk)
        ).exists()

    @pytest.mark.parametrize("role", [Role.ANALYST, Role.COORDINATOR])
    def test_the_unit_cannot_download_an_authoritys_episodes(
        self, role: str, unit: Organisation, hampshire: Organisation
    ) -> None:
        """Child-level SSDA903 rows are for the authority's own return only."""
        response = client_for(member(role, unit)).get(reverse("outcome_reports:ssda903-episodes", args=[hampshire.pk]))
        assert response.status_code == 404


class TestGenerateNow:
    def test_a_coordinator_publishes_a_month_on_demand(
        self, coordinator: Any, data_page: DataSummaryPage, cohorts: None, django_capture_on_commit_callbacks: Any
    ) -> None:
        """The task runs on commit and the data summary page gets that month's block."""
        with django_capture_on_commit_callbacks(execute=True):
            response = client_for(coordinator).post(reverse("outcome_reports:summary-generate"), {"month": "2025-03"})
        assert response.status_code == 302
        page = DataSummaryPage.objects.get(pk=data_page.pk)
        assert [b.value["period"] for b in page.summaries] == ["March 2025"]

    def test_a_bad_month_is_a_400_with_an_error(self, coordinator: Any) -> None:
        """The form explains the expected format."""
        response = client_for(coordinator).post(reverse("outcome_reports:summary-generate"), {"month": "March"})
        assert response.status_code == 400
        assert "like 2025-03" in response.content.decode()

    def test_an_analyst_cannot_generate(self, analyst: Any) -> None:
        """Publishing is for coordinators."""
        response = client_for(analyst).post(reverse("outcome_reports:summary-generate"), {"month": "2025-03"})
        assert response.status_code == 404


class TestWiring:
    def test_the_unit_gets_a_reports_card_linking_to_the_reports(self, analyst: Any) -> None:
        """Analysts and coordinators land on a card that opens the reports."""
        from outcomes.reporting.wiring import aggregate_cards

        cards = aggregate_cards(analyst.memberships.get())
        assert cards[0].links[0].href == reverse(INDEX)

    def test_an_authoritys_worker_gets_their_own_ssda903_link(self, hampshire: Organisation) -> None:
        """The card links to the worker's own authority's episodes, never another's."""
        from outcomes.reporting.wiring import ssda903_cards

        worker = member(Role.LEAVING_CARE_WORKER, hampshire)
        cards = ssda903_cards(worker.memberships.get())
        assert cards[0].links[0].href == reverse("outcome_reports:ssda903-episodes", args=[hampshire.pk])


class TestSummaryMatchesWebReport:
    def test_the_pdf_and_deck_hold_the_same_cohort_figures_as_the_web_report(
        self, analyst: Any, hampshire: Organisation, home: Organisation
    ) -> None:
        """Real follow-ups: the CSV of the web report and the summary's cohort table have the same rows."""
        from pptx import Presentation
        from pypdf import PdfReader

        from outcomes.reporting.summary import monthly_summary_for
        from outcomes.reporting.summary_pdf import summary_pdf
        from outcomes.reporting.summary_pptx import summary_pptx

        for i in range(13):
            referral = submitted_referral(local_authority=hampshire, user=analyst)
            followup(local_authority=hampshire, home=home, referral=referral, stable=i > 2)
        for i in range(12):
            referral = submitted_referral(local_authority=hampshire, user=analyst)
            followup(local_authority=hampshire, cohort=FollowUp.Cohort.NOT_PLACED, referral=referral, custody=i < 2)
        response = client_for(analyst).get(reverse("outcome_reports:download", args=["csv"]))
        lines = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
        web = {row[0]: row[1:] for row in lines[: lines.index([])]}  # the counts table, before the rates
        summary = monthly_summary_for(year=2025, month=6)
        table = next(t for t in summary.tables if t.title == "Children and outcomes, placed and not placed")
        assert {row[0]: row[1:] for row in table.rows} == {label: web[label] for label, *_ in table.rows}
        assert web["Children"] == ["13", "12", "25"] and web["Stable at 3 months"] == ["10", "12", "20"]
        pdf = " ".join(" ".join(p.extract_text().split()) for p in PdfReader(io.BytesIO(summary_pdf(summary))).pages)
        assert "Stable at 3 months 10 12 20" in pdf
        deck = Presentation(io.BytesIO(summary_pptx(summary)))
        rows = [
            [cell.text for cell in row.cells]
            for slide in deck.slides
            for shape in slide.shapes
            if shape.has_table
            for row in shape.table.rows
        ]
        assert ["Stable at 3 months", "10", "12", "20"] in rows
