"""Legal cross-field rules."""

import datetime

from forms_engine.rules import ERROR, WARNING, referral_flags, referral_rule_results
from vocabulary.dates import add_months, age_on

TODAY = datetime.date(2026, 11, 22)


def _born_years_ago(years: int) -> str:
    return TODAY.replace(year=TODAY.year - years).isoformat()


def _findings(**answers: str) -> set[tuple[str, str]]:
    return {(r.key, r.severity) for r in referral_rule_results(answers, today=TODAY)}


class TestAge:
    """Age is computed from the date of birth."""

    def test_age_changes_on_the_birthday_not_before(self) -> None:
        """The day before a 13th birthday the child is 12."""
        dob = datetime.date(2013, 11, 23)
        assert age_on(dob, TODAY) == 12
        assert age_on(dob, datetime.date(2026, 11, 23)) == 13

    def test_adding_months_clamps_to_the_month_end(self) -> None:
        """31 August plus 6 months is the last day of February."""
        assert add_months(datetime.date(2026, 8, 31), 6) == datetime.date(2027, 2, 28)


class TestUnder13:
    """Secretary of State approval (reg 4, SI 1991/1505)."""

    def test_under_13_without_approval_reference_is_an_error(self) -> None:
        """The reference is required."""
        assert ("secretary_of_state_approval_reference", ERROR) in _findings(child_date_of_birth=_born_years_ago(12))

    def test_under_13_with_reference_passes(self) -> None:
        """A recorded reference satisfies the rule."""
        findings = _findings(child_date_of_birth=_born_years_ago(12), secretary_of_state_approval_reference="SOS/1")
        assert findings == set()

    def test_13_and_over_needs_no_reference(self) -> None:
        """The rule applies only under 13."""
        assert _findings(child_date_of_birth=_born_years_ago(13)) == set()


class TestSection20:
    """Looked-after status under section 20."""

    def test_under_16_without_parental_consent_is_an_error(self) -> None:
        """Consent of a parent with PR is required."""
        assert ("parental_consent_s20", ERROR) in _findings(legal_status="V2", child_date_of_birth=_born_years_ago(15))

    def test_under_16_with_consent_passes(self) -> None:
        """Recorded consent satisfies the rule."""
        assert (
            _findings(legal_status="V2", child_date_of_birth=_born_years_ago(15), parental_consent_s20="yes") == set()
        )

    def test_16_or_17_under_section_20_warns_about_an_interim_care_order(self) -> None:
        """An ICO should be sought first."""
        assert _findings(legal_status="V2", child_date_of_birth=_born_years_ago(16)) == {("legal_status", WARNING)}

    def test_other_legal_statuses_are_not_affected(self) -> None:
        """A care order needs no parental consent."""
        assert _findings(legal_status="C2", child_date_of_birth=_born_years_ago(14)) == set()


class TestOrderDates:
    """Order dates are consistent with the law's maximum periods."""

    def test_made_order_needs_both_dates(self) -> None:
        """An interim or full order has a start and an end."""
        assert _findings(order_status="full_order") == {("order_start_date", ERROR), ("order_end_date", ERROR)}

    def test_72_hour_placement_may_leave_dates_empty(self) -> None:
        """No court order yet in an emergency."""
        assert _findings(order_status="full_order", placement_72_hour="yes") == set()

    def test_end_before_start_is_an_error(self) -> None:
        """Dates in the wrong order."""
        findings = _findings(order_start_date="2026-05-01", order_end_date="2026-04-01")
        assert findings == {("order_end_date", ERROR)}

    def test_first_order_longer_than_3_months_warns(self) -> None:
        """First orders run up to 3 months."""
        findings = _findings(order_is_first="yes", order_start_date="2026-01-10", order_end_date="2026-04-11")
        assert findings == {("order_end_date", WARNING)}

    def test_later_order_up_to_6_months_passes_but_longer_warns(self) -> None:
        """Subsequent orders run up to 6 months."""
        assert _findings(order_is_first="no", order_start_date="2026-01-10", order_end_date="2026-07-10") == set()
        assert _findings(order_is_first="no", order_start_date="2026-01-10", order_end_date="2026-07-11") == {
            ("order_end_date", WARNING)
        }


class TestFlags:
    """Special processes flagged to the coordination unit."""

    def test_72_hour_and_under_13_are_flagged(self) -> None:
        """Both flags appear together when both apply."""
        flags = referral_flags({"placement_72_hour": "yes", "child_date_of_birth": _born_years_ago(11)}, today=TODAY)
        assert flags == ["Emergency 72-hour placement", "Child under 13"]
