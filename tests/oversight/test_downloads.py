"""CSV downloads of the signed-in report pages: the HTML tables' own figures, the same access rules, audited."""

import csv
import io
from html.parser import HTMLParser
from typing import Any

import pytest
from django.urls import reverse

from accounts.models import AuditEvent, Role

from .test_views import SYNTHETIC, commissioner, national, signed_in  # noqa: F401 - fixture

PAGES = {
    "equity": [{"dimension": d} for d in ("age_band", "risk", "local_authority", "region")],
    "declines": [{"by": b} for b in ("home", "sex", "risk")],
    "demand": [{}, {"start": "2026-11", "end": "2026-11"}],
}


class _Tables(HTMLParser):
    """Each <table>'s caption and its body rows' cell texts."""

    def __init__(self) -> None:
        super().__init__()
        self.tables: dict[str, list[list[str]]] = {}
        self._caption: str | None = None
        self._in: str = ""
        self._row: list[str] | None = None
        self._text = ""

    def handle_starttag(self, tag: str, attrs: Any) -> None:
        if tag in ("caption", "th", "td"):
            self._in, self._text = tag, ""
        elif tag == "tbody":
            self.tables[self._caption or ""] = []
        elif tag == "tr":
            self._row = []

    def handle_endtag(self, tag: str) -> None:
        if tag == "caption":
            self._caption, self._in = self._text.strip(), ""
        elif tag in ("th", "td") and self._row is not None:
            self._row.append(" ".join(self._text.split()))
            self._in = ""
        elif tag == "tr" and self._row is not None and self._caption in self.tables:
            self.tables[self._caption].append(self._row)
            self._row = None

    def handle_data(self, data: str) -> None:
        if self._in:
            self._text += data


def html_tables(html: str) -> dict[str, list[list[str]]]:
    parser = _Tables()
    parser.feed(html)
    return parser.tables


def csv_tables(content: bytes) -> dict[str, list[list[str]]]:
    """Title -> data rows (the header row left out), from the download's blocks."""
    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
    tables, i = {}, 1
    while i < len(rows) and rows[i] == [] and rows[i + 1] != ["Notes"]:
        title, block, i = rows[i + 1][0], [], i + 3
        while rows[i]:
            block.append(rows[i])
            i += 1
        tables[title] = block
    return tables


def _download(client: Any, report: str, query: dict) -> Any:
    return client.get(reverse("oversight:download", kwargs={"report": report}), query)


class TestTheDownloadHoldsThePagesFigures:
    @pytest.mark.parametrize("role", [Role.COORDINATOR, Role.ANALYST])
    def test_every_tables_cells_are_the_htmls(self, client: Any, national: None, role: str) -> None:  # noqa: F811
        """Each report, several breakdowns: every table of the CSV is the HTML table of the same title, cell for
        cell, and every HTML table is in the CSV."""
        signed_in(client, role)
        for report, queries in PAGES.items():
            for extra in queries:
                query = {**SYNTHETIC, **extra} if role == Role.COORDINATOR or "start" not in extra else SYNTHETIC
                page = client.get(reverse(f"oversight:{report}"), query)
                assert page.status_code == 200
                shown = html_tables(page.content.decode())
                download = _download(client, report, query)
                assert download.status_code == 200 and download["Content-Type"].startswith("text/csv")
                assert csv_tables(download.content) == shown, (report, extra)
                assert shown, (report, extra)

    def test_one_table_by_its_key_and_the_link_beside_it(self, client: Any, national: None) -> None:  # noqa: F811
        signed_in(client, Role.ANALYST)
        page = client.get(reverse("oversight:equity"), {**SYNTHETIC, "dimension": "sex"}).content.decode()
        assert "table=counts" in page and "table=measures" in page and "Download this table (CSV)" in page
        counts = _download(client, "equity", {**SYNTHETIC, "dimension": "sex", "table": "counts"})
        assert list(csv_tables(counts.content)) == ["Searches by sex"]
        assert _download(client, "equity", {**SYNTHETIC, "table": "names"}).status_code == 404

    def test_analysts_csv_never_shows_a_count_from_one_to_five(
        self,
        client: Any,
        national: None,  # noqa: F811
    ) -> None:
        """Where the page hides a small count the CSV has c too: no 1 to 5 in any count column."""
        signed_in(client, Role.ANALYST)
        hidden = 0
        for by in ("local_authority", "age_band", "risk"):
            content = _download(client, "equity", {**SYNTHETIC, "dimension": by, "table": "counts"}).content
            for rows in csv_tables(content).values():
                cells = [cell for row in rows for cell in row[1:]]
                assert not {"1", "2", "3", "4", "5"} & set(cells), by
                hidden += cells.count("c")
        assert hidden  # the synthetic set has small groups, so the check above is not empty


class TestTheSameAccessAsThePage:
    def test_a_download_is_audited(self, client: Any, national: None) -> None:  # noqa: F811
        signed_in(client, Role.ANALYST)
        _download(client, "declines", {**SYNTHETIC, "by": "sex", "table": "reasons"})
        assert AuditEvent.objects.filter(action="oversight.download", object_id="declines:sex:reasons").exists()

    @pytest.mark.parametrize("role", [Role.SOCIAL_WORKER, Role.HOME_MANAGER])
    def test_anyone_else_gets_an_audited_404(self, client: Any, db: Any, role: str) -> None:
        signed_in(client, role)
        assert _download(client, "equity", SYNTHETIC).status_code == 404
        assert AuditEvent.objects.filter(outcome=AuditEvent.Outcome.DENIED, action="oversight:download").exists()

    def test_analysts_get_one_ended_quarter_and_the_unit_only_table_stays_the_units(
        self,
        client: Any,
        national: None,  # noqa: F811
    ) -> None:
        signed_in(client, Role.ANALYST)
        refused = _download(client, "equity", {**SYNTHETIC, "start": "2025-01", "end": "2025-04"})
        assert refused.status_code == 400 and "Choose one quarter that has ended" in refused.content.decode()
        assert _download(client, "declines", {**SYNTHETIC, "table": "declared"}).status_code == 404

    def test_a_regional_commissioner_downloads_only_their_region(
        self,
        client: Any,
        national: None,  # noqa: F811
    ) -> None:
        commissioner(client, "South East")
        query = {**SYNTHETIC, "dimension": "region", "region": "London", "table": "counts"}
        rows = csv_tables(_download(client, "equity", query).content)["Searches by region"]
        assert [row[0] for row in rows] == ["South East", "Total"]


class TestTheSuppressionLog:
    def test_the_page_lists_what_was_hidden_from_the_shared_partial(
        self,
        client: Any,
        national: None,  # noqa: F811
    ) -> None:
        """ui/_suppression_log.html, shared with the outcome reports: each hidden cell of the page's tables, with the
        public reason only for an analyst."""
        signed_in(client, Role.ANALYST)
        response = client.get(reverse("oversight:equity"), {**SYNTHETIC, "dimension": "local_authority"})
        html = response.content.decode()
        assert "ui/_suppression_log.html" in [t.name for t in response.templates]
        log = response.context["counts"]["log"]
        assert log and "What was suppressed or rounded" in html
        assert f"{response.context['counts']['title']}: {log[0].row}, {log[0].column}" in html
        assert "primary:" not in html
