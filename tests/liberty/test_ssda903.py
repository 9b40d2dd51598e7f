"""The SSDA903 2026-27 DoLO table: each validation rule on hand-built failing and passing tables, and the download."""

from datetime import date, timedelta
from typing import Any

from django.urls import reverse
from django.utils import timezone

from forms_engine.models import Referral
from liberty import ssda903
from liberty.models import LibertyOrder
from liberty.ssda903 import ChildFacts, DoloRow, validate

from .conftest import client_for, moment, record

BORN = ChildFacts(born=date(2012, 5, 14))


def rules_failed(rows: list[DoloRow], facts: ChildFacts = BORN) -> list[str]:
    return [f.rule for f in validate(rows, {"C1": facts})]


class TestValidation:
    def test_a_clean_table_passes(self) -> None:
        """Two orders one after the other, both after birth, inside the year: no failure."""
        rows = [DoloRow("C1", "01/04/2026", "30/06/2026"), DoloRow("C1", "01/07/2026", "")]
        assert rules_failed(rows) == []

    def test_700_dates_must_be_valid(self) -> None:
        assert rules_failed([DoloRow("C1", "31/02/2026")]) == ["700"]
        assert rules_failed([DoloRow("C1", "01/04/2026", "2026-06-30")]) == ["700"]

    def test_702_the_end_is_not_before_the_start(self) -> None:
        assert rules_failed([DoloRow("C1", "01/05/2026", "30/04/2026")]) == ["702"]
        assert rules_failed([DoloRow("C1", "01/05/2026", "01/05/2026")]) == []

    def test_703_no_start_after_the_collection_year(self) -> None:
        assert rules_failed([DoloRow("C1", "01/04/2027")]) == ["703"]
        assert rules_failed([DoloRow("C1", "31/03/2027")]) == []

    def test_708_no_start_before_birth(self) -> None:
        assert rules_failed([DoloRow("C1", "13/05/2012", "01/01/2013")]) == ["708"]

    def test_705_no_order_starts_while_an_earlier_one_is_open(self) -> None:
        """An open earlier order, or one ending on or after the later start, fails on the later row."""
        assert rules_failed([DoloRow("C1", "01/04/2026"), DoloRow("C1", "01/06/2026")]) == ["705"]
        overlapping = [DoloRow("C1", "01/04/2026", "01/06/2026"), DoloRow("C1", "01/06/2026", "")]
        failures = validate(overlapping, {"C1": BORN})
        assert [(f.rule, f.row) for f in failures] == [("705", 2)]
        assert "while an earlier order" in failures[0].message

    def test_705_looks_at_each_child_alone(self) -> None:
        rows = [DoloRow("C1", "01/04/2026"), DoloRow("C2", "01/06/2026")]
        assert validate(rows, {"C1": BORN, "C2": BORN}) == []

    def test_707_a_child_who_has_left_care_has_no_open_order(self) -> None:
        left = ChildFacts(born=BORN.born, left_care=date(2026, 9, 1))
        assert rules_failed([DoloRow("C1", "01/04/2026")], left) == ["707"]
        assert rules_failed([DoloRow("C1", "01/04/2026", "31/08/2026")], left) == []

    def test_710_no_order_overlaps_a_secure_childrens_home_placement(self) -> None:
        secure = ChildFacts(born=BORN.born, secure_home=((date(2026, 6, 1), date(2026, 8, 31)),))
        assert rules_failed([DoloRow("C1", "01/04/2026", "01/06/2026")], secure) == ["710"]
        assert rules_failed([DoloRow("C1", "01/04/2026", "31/05/2026")], secure) == []
        assert rules_failed([DoloRow("C1", "01/09/2026")], secure) == []


class TestTheAuthoritysTable:
    def test_the_table_holds_the_authoritys_dol_orders_in_the_year_only(
        self, time_machine: Any, referral: Referral, social_worker: Any
    ) -> None:
        """A secure accommodation order is not a DoLO; an order ended before April 2026 is outside the year."""
        time_machine.move_to(moment(date(2026, 10, 1), 9), tick=False)
        record(referral, social_worker, starts_at=moment(date(2026, 5, 1)), expires_on=date(2026, 12, 1))
        record(
            referral,
            social_worker,
            kind=LibertyOrder.Kind.SECURE_FULL,
            starts_at=moment(date(2026, 1, 1)),
            expires_on=date(2026, 3, 31),
            setting=LibertyOrder.Setting.SECURE_HOME,
        )
        rows, failures = ssda903.table_for(orders=LibertyOrder.objects.all())
        assert rows == [DoloRow(referral.reference, "01/05/2026", "")]
        assert failures == []
        csv = ssda903.csv_text(rows)
        assert csv == f"CHILD,DOLO_START,DOLO_END\r\n{referral.reference},01/05/2026,\r\n"

    def test_the_download_is_held_back_while_a_rule_fails(self, referral: Referral, social_worker: Any) -> None:
        """A DoL order authorising a secure children's home fails rule 710; the page explains, no CSV."""
        record(
            referral,
            social_worker,
            setting=LibertyOrder.Setting.SECURE_HOME,
            expires_on=timezone.localdate() + timedelta(days=30),
        )
        client = client_for(social_worker)
        page = client.get(reverse("liberty:ssda903")).content.decode()
        assert "rule 710" in page and "Download the table" not in page
        assert client.get(reverse("liberty:ssda903-download")).status_code == 302

    def test_a_passing_table_downloads_as_csv(self, referral: Referral, social_worker: Any) -> None:
        record(referral, social_worker)
        response = client_for(social_worker).get(reverse("liberty:ssda903-download"))
        assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
        assert response.content.decode().startswith("CHILD,DOLO_START,DOLO_END\r\n")
