"""The real facts are rebuilt on a schedule, never inside a report request: one rebuild at a time, all or nothing,
and the pages say how old the figures are."""

from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django_q.models import Schedule

from accounts.models import Role
from circulation.models import Search
from circulation.services import search_circulate
from oversight import services
from oversight.models import CapacityDay, FactsBuild, RequestFact, SearchFact
from oversight.services import facts_built, facts_rebuild
from oversight.tasks import rebuild_facts
from tests.circulation.conftest import (  # noqa: F401 - fixtures
    forms_seeded,
    hampshire,
    homes,
    referral,
    social_worker,
)
from tests.circulation.factories import beds_declared
from tests.factories import member, verified_login
from tests.threads import race


def _circulated(referral: Any, homes: dict) -> Search:  # noqa: F811
    (marydale, manager), (kyloe, _) = homes["marydale"], homes["kyloe"]
    beds_declared(marydale, manager, welfare=1)
    search_circulate(referral=referral, homes=[marydale, kyloe], user=member(Role.COORDINATOR))
    return Search.objects.get(referral=referral)


class TestReportPagesOnlyRead:
    def test_a_report_request_issues_no_rebuild(self, client: Any, referral: Any, homes: dict) -> None:  # noqa: F811
        """A real search and no build yet: the page writes nothing and says the figures were never built."""
        _circulated(referral, homes)
        verified_login(client, member(Role.COORDINATOR))
        for page in ("oversight:equity", "oversight:declines", "oversight:demand"):
            with CaptureQueriesContext(connection) as queries:
                response = client.get(reverse(page))
            assert response.status_code == 200
            assert "have not been built yet" in response.content.decode()
            writes = [q["sql"] for q in queries if "oversight_" in q["sql"] and not q["sql"].startswith("SELECT")]
            assert writes == [], page
        assert not SearchFact.objects.exists() and facts_built() is None

    def test_after_a_rebuild_the_page_shows_when_the_figures_are_from(
        self,
        client: Any,
        referral: Any,  # noqa: F811
        homes: dict,  # noqa: F811
    ) -> None:
        """Figures as of the last rebuild, in the page's time zone."""
        search = _circulated(referral, homes)
        assert rebuild_facts().startswith("1 searches")
        built = facts_built()
        assert built is not None and built.searches == 1 and SearchFact.objects.filter(search=search).exists()
        verified_login(client, member(Role.ANALYST))
        html = client.get(reverse("oversight:equity")).content.decode()
        assert "Figures as of" in html and "have not been built yet" not in html

    def test_synthetic_records_carry_no_build_time(self, client: Any, db: Any) -> None:
        """The synthetic data set is made by its command, not the schedule: nothing to say about its age."""
        verified_login(client, member(Role.ANALYST))
        html = client.get(reverse("oversight:equity"), {"records": "synthetic"}).content.decode()
        assert "figures-as-of" not in html


class TestTheRebuild:
    def test_the_schedule_exists_after_migrate(self, db: Any) -> None:
        """Every 5 minutes, repeating for ever (oversight migration 0006)."""
        schedule = Schedule.objects.get(func="oversight.tasks.rebuild_facts")
        assert (schedule.schedule_type, schedule.minutes, schedule.repeats) == (Schedule.MINUTES, 5, -1)

    def test_a_rebuild_that_fails_halfway_leaves_the_last_one_standing(
        self,
        referral: Any,  # noqa: F811
        homes: dict,  # noqa: F811
        monkeypatch: pytest.MonkeyPatch,
    ) -> None:
        """One transaction: the old rows and the marker's time stay when a rebuild fails after deleting them."""
        search = _circulated(referral, homes)
        facts_rebuild()
        before = facts_built()
        assert before is not None

        def broken(search: Search) -> SearchFact:
            raise RuntimeError("a record the rebuild cannot read")

        monkeypatch.setattr(services, "_search_fact", broken)
        with pytest.raises(RuntimeError):
            facts_rebuild()
        after = facts_built()
        assert after is not None and after.built_at == before.built_at
        assert SearchFact.objects.filter(search=search).count() == 1 and CapacityDay.objects.count() == 1
        assert RequestFact.objects.filter(search_fact__search=search).count() == 2


@pytest.mark.usefixtures("database_threads_can_share")
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
class TestConcurrentRebuilds:
    def test_two_rebuilds_at_once_leave_one_consistent_set_of_rows(
        self,
        referral: Any,  # noqa: F811
        homes: dict,  # noqa: F811
    ) -> None:
        """Both finish without an error (the second waits on the marker row, then rebuilds or finds the rows
        already as fresh as its own), and every real search, home asked and home-day is there exactly once."""
        search = _circulated(referral, homes)
        results = race(facts_rebuild, facts_rebuild, facts_rebuild)
        assert not [r for r in results if isinstance(r, Exception)], results
        assert [r["searches"] for r in results] == [1, 1, 1]
        assert SearchFact.objects.filter(is_synthetic=False).count() == 1
        assert RequestFact.objects.filter(search_fact__search=search).count() == 2
        assert CapacityDay.objects.filter(is_synthetic=False).count() == 1
        assert FactsBuild.objects.count() == 1
