"""The legal-route rules: s119 only for Welsh authorities, s25 only for English ones, s25(1A) in England, DoL."""

import datetime

from forms_engine.rules import ERROR, WARNING, referral_rule_results

TODAY = datetime.date(2026, 12, 1)
ENGLAND, WALES = "E08000035", "W06000015"


def _found(**answers: str) -> set[tuple[str, str]]:
    return {(r.key, r.severity) for r in referral_rule_results(answers, today=TODAY)}


class TestLegalRoute:
    def test_s119_is_an_error_for_an_english_authority(self) -> None:
        assert ("legal_route", ERROR) in _found(legal_route="s119_wales", referring_local_authority=ENGLAND)
        assert _found(legal_route="s119_wales", referring_local_authority=WALES) == set()

    def test_s25_is_an_error_for_a_welsh_authority(self) -> None:
        assert ("legal_route", ERROR) in _found(legal_route="s25_secure_accommodation", referring_local_authority=WALES)
        assert _found(legal_route="s25_secure_accommodation", referring_local_authority=ENGLAND) == set()

    def test_s25_1a_warns_a_welsh_authority_it_covers_england_only(self) -> None:
        route = "s25_1a_relevant_accommodation"
        assert _found(legal_route=route, referring_local_authority=WALES) == {("legal_route", WARNING)}
        assert _found(legal_route=route, referring_local_authority=ENGLAND) == set()

    def test_a_dol_route_needs_an_order_sought_or_in_place(self) -> None:
        route = "dol_inherent_jurisdiction"
        assert ("dol_order", ERROR) in _found(legal_route=route, dol_order="none", referring_local_authority=ENGLAND)
        assert _found(legal_route=route, dol_order="application_made", referring_local_authority=ENGLAND) == set()
        assert ("dol_order_end_date", ERROR) in _found(legal_route=route, dol_order="order_made")
        ended = _found(legal_route=route, dol_order="order_made", dol_order_end_date="2026-11-30")
        assert ended == {("dol_order_end_date", WARNING)}

    def test_v4_and_v5_jurisdiction_answers_keep_working(self) -> None:
        """The same rule on v4/v5's 'which law' question; 'either' names no single route."""
        assert ("jurisdiction", ERROR) in _found(jurisdiction="wales_s119", referring_local_authority=ENGLAND)
        assert _found(jurisdiction="either", referring_local_authority=ENGLAND) == set()
        assert _found(jurisdiction="england_s25", referring_local_authority=ENGLAND) == set()
