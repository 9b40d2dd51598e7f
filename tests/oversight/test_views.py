"""The oversight pages: who may see them, bad input, the unit-only table, charts holding the table's figures, and the
real facts rebuilt from circulation's records."""

import datetime
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.models import AuditEvent, Role
from circulation.models import HomeRequest, Search
from circulation.services import search_circulate
from circulation.services.decisions import request_decline
from outcomes.disclosure import count
from oversight import wiring
from oversight.access import REGIONAL_COMMISSIONER
from oversight.linked import EQUITY_WITH_TOTALS, equity_linked
from oversight.models import DeclineFact, RequestFact, SearchFact
from oversight.selectors import equity_rows
from oversight.services import facts_rebuild
from oversight.synthetic import synthetic_searches_generate
from oversight.tables import equity_report
from tests.circulation.conftest import (  # noqa: F401 - fixtures
    forms_seeded,
    hampshire,
    homes,
    leeds,
    officer,
    referral,
    social_worker,
)
from tests.circulation.factories import beds_declared
from tests.factories import member, verified_login

PAGES = ("oversight:index", "oversight:equity", "oversight:declines", "oversight:demand")
SYNTHETIC = {"records": "synthetic"}


@pytest.fixture
def national(db: Any) -> None:
    from tests.factories import OrganisationFactory, SecureHomeFactory

    for n, region in enumerate(("South East", "South East", "London", "North West")):
        OrganisationFactory(name=f"Authority {n}", slug=f"authority-{n}", region=region)
    for n in range(6):
        SecureHomeFactory(name=f"Home {n}", slug=f"home-{n}")
    synthetic_searches_generate(searches=300, seed=5)


def signed_in(client: Any, role: str) -> Any:
    user = member(role)
    verified_login(client, user)
    return client


@pytest.mark.parametrize("page", PAGES)
def test_the_unit_and_analysts_see_every_page(client: Any, national: None, page: str) -> None:
    for role in (Role.COORDINATOR, Role.ANALYST):
        response = signed_in(client, role).get(reverse(page), SYNTHETIC)
        assert response.status_code == 200, (role, page)


@pytest.mark.parametrize("role", [Role.SOCIAL_WORKER, Role.HOME_MANAGER, Role.LEAVING_CARE_WORKER])
def test_anyone_else_gets_an_audited_404(client: Any, db: Any, role: str) -> None:
    response = signed_in(client, role).get(reverse("oversight:equity"))
    assert response.status_code == 404
    assert AuditEvent.objects.filter(outcome=AuditEvent.Outcome.DENIED, action="oversight:equity").exists()


def test_a_view_is_audited(client: Any, national: None) -> None:
    signed_in(client, Role.ANALYST).get(reverse("oversight:equity"), {**SYNTHETIC, "dimension": "risk"})
    assert AuditEvent.objects.filter(action="oversight.equity", object_id="risk", outcome="allowed").exists()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"start": "2026-13"}, "Enter the first month as year and month, like 2026-03"),
        ({"start": "2026-03", "end": "2025-03"}, "The last month must be the same as or after the first month"),
        ({"end": "2099-01"}, "The last month cannot be in the future"),
        ({"dimension": "name"}, "Select a valid choice"),
    ],
)
def test_bad_filters_are_a_400_naming_the_field(client: Any, db: Any, data: dict, message: str) -> None:
    response = signed_in(client, Role.ANALYST).get(reverse("oversight:equity"), data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert "govuk-error-summary" in response.content.decode()


def test_the_declared_bed_table_is_for_the_unit_only(client: Any, national: None) -> None:
    heading = "when a staffed welfare bed was declared"
    unit = signed_in(client, Role.COORDINATOR).get(reverse("oversight:declines"), SYNTHETIC)
    assert heading in unit.content.decode() and unit.context["declared"]
    analyst = signed_in(client, Role.ANALYST).get(reverse("oversight:declines"), SYNTHETIC)
    assert heading not in analyst.content.decode() and "declared" not in analyst.context


def test_the_charts_hold_the_tables_figures(client: Any, national: None) -> None:
    page = signed_in(client, Role.ANALYST)
    equity = page.get(reverse("oversight:equity"), {**SYNTHETIC, "dimension": "age_band"})
    chart, measures = equity.context["chart"], equity.context["report"].measures
    table = [(m["group"], str(m["share_placed"])) for m in measures]
    assert [(row.label, str(row.shown)) for row in chart.rows] == table
    html = equity.content.decode()
    for m in measures:
        assert f"{m['group']}: {m['share_placed']}" in html  # the chart's description, and the same in the table
    demand = page.get(reverse("oversight:demand"), SYNTHETIC)
    bars = demand.context["capacity_chart"].bars
    approved = [b.value for b in bars if b.label.startswith("Approved places")]
    assert approved == [row["approved"] for row in demand.context["capacity"]]
    waiting = [b.value for b in demand.context["waiting_chart"].bars]
    assert waiting == [row["mean"].value or 0 for row in demand.context["waiting"]]


def test_analysts_never_see_a_count_from_one_to_five(client: Any, national: None) -> None:
    by_authority = {**SYNTHETIC, "dimension": "local_authority"}
    response = signed_in(client, Role.ANALYST).get(reverse("oversight:equity"), by_authority)
    for row in response.context["counts"]["rows"]:
        assert not any(cell in {"1", "2", "3", "4", "5"} for cell in row["cells"]), row


def test_real_facts_are_rebuilt_from_the_searches_and_the_days_declarations(
    client: Any,
    referral: Any,  # noqa: F811 - circulation's fixtures
    homes: dict,  # noqa: F811
    db: Any,
) -> None:
    coordinator = member(Role.COORDINATOR)
    (marydale, marydale_manager), (kyloe, kyloe_manager) = homes["marydale"], homes["kyloe"]
    beds_declared(marydale, marydale_manager, welfare=1)  # a staffed welfare bed this morning
    search_circulate(referral=referral, homes=[marydale, kyloe], user=coordinator)
    search = Search.objects.get(referral=referral)
    for home, manager in ((marydale, marydale_manager), (kyloe, kyloe_manager)):
        request_decline(
            home_request=HomeRequest.objects.get(search=search, home=home), reasons=["no_vacancy"], user=manager
        )
    verified_login(client, coordinator)
    today = f"{timezone.localdate():%Y-%m}"
    facts_rebuild()  # the schedule's job: the page only reads
    response = client.get(reverse("oversight:declines"), {"start": today, "end": today})
    assert response.status_code == 200
    fact = SearchFact.objects.get(search=search)
    assert (fact.is_synthetic, fact.homes_asked, fact.rounds, fact.placed, fact.sex) == (False, 2, 1, False, "female")
    assert fact.age_band and fact.local_authority == referral.local_authority
    assert RequestFact.objects.filter(search_fact=fact, decision="declined").count() == 2
    declared = dict(DeclineFact.objects.filter(search_fact=fact).values_list("home__slug", "bed_declared"))
    profiles = set(DeclineFact.objects.filter(search_fact=fact).values_list("sex", "age_band"))
    assert profiles == {(fact.sex, fact.age_band)}
    assert declared == {"marydale-lodge": True, "kyloe-house": None}
    rows = {row["group"]: row for row in response.context["declared"]}
    assert rows["Marydale Lodge"]["declared"] == 1 and rows["Kyloe House"]["undeclared"] == 1


def commissioner(client: Any, region: str, kind: str = "local_authority") -> Any:
    from accounts.models import Organisation
    from tests.factories import MembershipFactory, OrganisationFactory

    organisation = OrganisationFactory(name=f"Lead authority {region}", slug=f"lead-{region or 'none'}", region=region)
    if kind != "local_authority":
        organisation.kind = Organisation.Kind.SECURE_HOME
        organisation.save()
    user = MembershipFactory(role=REGIONAL_COMMISSIONER, organisation=organisation).user
    verified_login(client, user)
    return user


def test_a_regional_commissioner_sees_only_their_regions_figures(client: Any, national: None) -> None:
    commissioner(client, "South East")
    response = client.get(reverse("oversight:equity"), {**SYNTHETIC, "dimension": "region", "region": "London"})
    assert response.status_code == 200
    assert response.context["reader"].region == "South East"
    assert "region" not in response.context["form"].fields
    assert response.context["report"].counts.row_labels == ("South East",)  # London asked for, not given
    scope = response.context["form"].scope(region="South East")
    assert response.context["report"] == equity_linked(scope, EQUITY_WITH_TOTALS)["region"]
    unlinked = equity_report(equity_rows(scope, "region"), "region", parents=[equity_rows(scope.national(), "region")])
    assert response.context["report"].counts.row_labels == unlinked.counts.row_labels
    declines = client.get(reverse("oversight:declines"), SYNTHETIC)
    assert declines.status_code == 200 and "declared" not in declines.context
    demand = client.get(reverse("oversight:demand"), SYNTHETIC)
    south_east = SearchFact.objects.filter(is_synthetic=True, region="South East", ended_on__isnull=False)
    shown = {row["group"]: row["searches"] for row in demand.context["waited"]}
    ended = south_east.filter(ended_on__gte=scope.first, ended_on__lte=scope.last)
    assert str(shown["Placed"]) == str(count(ended.filter(placed=True).count()))


@pytest.mark.parametrize(("region", "kind"), [("", "local_authority"), ("South East", "secure_home")])
def test_a_commissioner_without_a_region_gets_an_audited_404(client: Any, db: Any, region: str, kind: str) -> None:
    user = commissioner(client, region, kind)
    assert client.get(reverse("oversight:equity")).status_code == 404
    assert AuditEvent.objects.filter(actor=user, outcome=AuditEvent.Outcome.DENIED).exists()


def test_the_regional_card_links_to_the_reports(db: Any) -> None:
    from accounts.models import Membership

    membership = Membership.objects.get(user=commissioner(Client(), "London"))
    titles = [card.title for card in wiring.regional_cards(membership)]
    assert titles == ["Secure welfare placements in London"]


def _numbers(published: Any) -> dict[tuple[str, int], int]:
    """Every shown count by (row, column), the Total column included (the Total row is rounded, so left out)."""
    found = {}
    for i, label in enumerate(published.row_labels):
        line = [*published.cells[i], *(published.row_totals[i : i + 1] if published.row_totals else [])]
        for j, shown in enumerate(line):
            if shown.is_number:
                found[(label, j)] = shown.value
    return found


@pytest.mark.parametrize("dimension", ["age_band", "sex", "risk", "legal_route"])
def test_england_minus_a_region_never_reveals_a_small_count(client: Any, national: None, dimension: str) -> None:
    """The same table for England (an analyst's) and for the South East (its commissioner's): no cell shown in both
    differs by 1 to 5, so subtracting one from the other cannot reveal the rest of the country's small groups."""
    query = {**SYNTHETIC, "dimension": dimension}
    england = signed_in(client, Role.ANALYST).get(reverse("oversight:equity"), query).context["report"].counts
    commissioner(client, "South East")
    region = client.get(reverse("oversight:equity"), query).context["report"].counts
    national_cells, regional_cells = _numbers(england), _numbers(region)
    differences = [national_cells[key] - value for key, value in regional_cells.items() if key in national_cells]
    assert differences and not [d for d in differences if 1 <= d <= 5]


def test_without_the_check_against_england_a_difference_would_show(national: None) -> None:
    """The check above can fail: the South East's tables without England as parent do give small differences."""
    from oversight.selectors import Scope

    scope = Scope(synthetic=True, first=datetime.date(2025, 1, 1), last=datetime.date.today(), region="South East")
    found = 0
    for dimension in ("age_band", "sex", "risk", "legal_route", "staffing_intensity"):
        national_cells = _numbers(equity_report(equity_rows(scope.national(), dimension), dimension).counts)
        regional_cells = _numbers(equity_report(equity_rows(scope, dimension), dimension).counts)
        found += sum(1 <= national_cells.get(key, 99) - value <= 5 for key, value in regional_cells.items())
    assert found


def test_a_short_period_shows_children_waiting_each_day(client: Any, national: None) -> None:
    """This month, each day up to today (no one is counted as waiting on a day still to come)."""
    today = timezone.localdate()
    this_month = f"{today:%Y-%m}"
    response = signed_in(client, Role.COORDINATOR).get(
        reverse("oversight:demand"), {**SYNTHETIC, "start": this_month, "end": this_month}
    )
    waiting = response.context["waiting"]
    assert response.context["by_day"] and len(waiting) == today.day
    assert [b.value for b in response.context["waiting_chart"].bars] == [row["mean"].value for row in waiting]
    assert "by day" in response.content.decode()


@pytest.mark.parametrize(
    ("start", "end"),
    [("2025-01", "2025-04"), ("2025-02", "2025-04"), ("2025-01", "2025-06"), (None, None)],
)
def test_outside_the_unit_the_period_is_one_ended_quarter(
    client: Any, national: None, start: str | None, end: str | None
) -> None:
    """Overlapping periods could be subtracted: an analyst gets one ended quarter or a 400 naming the field; the
    unit may choose any months."""
    period = {"start": start, "end": end} if start else {}
    analyst = signed_in(client, Role.ANALYST).get(reverse("oversight:equity"), {**SYNTHETIC, **period})
    if start is None:  # the default: the last ended quarter
        assert analyst.status_code == 200
        first, last = analyst.context["form"].cleaned_data["start"], analyst.context["form"].cleaned_data["end"]
        assert first.month in (1, 4, 7, 10) and (last - first).days < 92 and last < timezone.localdate()
        return
    assert analyst.status_code == 400
    assert "Choose one quarter that has ended" in analyst.content.decode()
    unit = signed_in(client, Role.COORDINATOR).get(reverse("oversight:equity"), {**SYNTHETIC, **period})
    assert unit.status_code == 200
