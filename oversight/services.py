"""Rebuild the real facts from circulation's searches, the referrals' answers and the homes' bed declarations.

Synthetic facts are never touched here (oversight/synthetic.py owns them). The rebuild is one transaction: delete
the real rows, insert them again, so a failure halfway leaves the last build standing. It runs every 5 minutes on a
schedule (oversight migration 0006, `oversight.tasks.rebuild_facts`), by hand with `python manage.py
rebuild_oversight_facts`, and before a quarter is published; report pages only read. Two at once queue on the one
`FactsBuild` row (SELECT ... FOR UPDATE); the one that waited skips its rebuild when the other began after it was
asked, since those rows are already as fresh as its own would be.
"""

import datetime
from collections import defaultdict
from collections.abc import Sequence

from django.db import transaction
from django.db.models import Prefetch
from django.utils import timezone

from accounts.models import Organisation
from beds.models import BedDeclaration
from circulation.models import HomeRequest, Search
from forms_engine.services.amendments import effective_answers

from .models import (
    CapacityDay,
    CareCooperative,
    CareCooperativeMember,
    DeclineFact,
    FactsBuild,
    RequestFact,
    SearchFact,
)
from .profile import profile_from_answers, profile_of

MARKER = 1  # the primary key of the one FactsBuild row
DECISIONS = {
    HomeRequest.Status.AWAITING: RequestFact.Decision.OPEN,
    HomeRequest.Status.INFO_REQUESTED: RequestFact.Decision.OPEN,
    HomeRequest.Status.ACCEPTED: RequestFact.Decision.OFFERED,
    HomeRequest.Status.DECLINED: RequestFact.Decision.DECLINED,
    HomeRequest.Status.RECALLED: RequestFact.Decision.RECALLED,
    HomeRequest.Status.PLACED: RequestFact.Decision.PLACED,
}
Morning = dict[tuple[int, datetime.date], list[tuple[datetime.datetime, int]]]


def _day(moment: datetime.datetime | None) -> datetime.date | None:
    return timezone.localdate(moment) if moment else None


def _capacity() -> tuple[list[CapacityDay], Morning]:
    """Each home-day's latest declaration, and every declaration of the day in order (for "that morning")."""
    by_day: Morning = defaultdict(list)
    latest: dict[tuple[int, datetime.date], BedDeclaration] = {}
    for declaration in BedDeclaration.objects.order_by("home_id", "date", "declared_at", "pk"):
        key = (declaration.home_id, declaration.date)
        by_day[key].append((declaration.declared_at, declaration.bookable))
        latest[key] = declaration
    rows = [
        CapacityDay(
            home_id=d.home_id, date=d.date, approved=d.approved_places, available_welfare=d.available_welfare,
            available_justice=d.available_justice, staffed=d.staffed_capacity, bookable=d.bookable,
            occupied=max(0, d.approved_places - d.available_welfare - d.available_justice),
        )
        for d in latest.values()
    ]  # fmt: skip
    return rows, by_day


def bed_declared_before(morning: Morning, home_id: int, moment: datetime.datetime) -> bool | None:
    """Whether the home's latest declaration of that day made before `moment` had a staffed welfare bed (None: no
    declaration yet that day)."""
    made = [bookable for at, bookable in morning.get((home_id, timezone.localdate(moment)), []) if at <= moment]
    return made[-1] > 0 if made else None


def _days_since(opened: datetime.date, moment: datetime.datetime | None) -> int | None:
    return max(0, (timezone.localdate(moment) - opened).days) if moment else None


def _search_fact(search: Search) -> SearchFact:
    opened = timezone.localdate(search.opened_at)
    placed = search.status == Search.Status.PLACED
    ended = _day(search.placed_at) if placed else (search.closed_on or _day(search.closed_at))
    requests = list(search.requests.all())
    fact = SearchFact(
        search=search, local_authority=search.referral.local_authority, region=search.referral.local_authority.region,
        opened_on=opened, ended_on=ended, placed=placed, homes_asked=len(requests),
        rounds=len({r.circulated_at.replace(second=0, microsecond=0) for r in requests}),
        days_to_first_offer=_days_since(opened, search.first_offer_at),
        days_to_placement=_days_since(opened, search.placed_at) if placed else None,
        # The answers as corrected (rectification), the amendments prefetched by facts_rebuild.
        **profile_from_answers(effective_answers(search.referral, list(search.referral.amendments.all())), opened),
    )  # fmt: skip
    return fact


def _facts_replace() -> dict[str, int]:
    """Every real search's facts and every home-day's beds, from the records, replacing the real rows (called with
    the marker row locked)."""
    SearchFact.objects.filter(is_synthetic=False).delete()  # requests and reasons go with them
    CapacityDay.objects.filter(is_synthetic=False).delete()
    days, morning = _capacity()
    CapacityDay.objects.bulk_create(days, batch_size=2000)
    searches = Search.objects.select_related("referral__local_authority").prefetch_related(
        Prefetch("requests", queryset=HomeRequest.objects.order_by("circulated_at", "pk")), "referral__amendments"
    )
    facts, requests, declines = [], [], []
    for search in searches.iterator(chunk_size=500):
        fact = _search_fact(search)
        facts.append(fact)
        rounds = sorted({r.circulated_at.replace(second=0, microsecond=0) for r in search.requests.all()})
        for home_request in search.requests.all():
            request = RequestFact(
                search_fact=fact, home_id=home_request.home_id,
                round=rounds.index(home_request.circulated_at.replace(second=0, microsecond=0)) + 1,
                circulated_on=timezone.localdate(home_request.circulated_at), decided_on=_day(home_request.decided_at),
                decision=DECISIONS[HomeRequest.Status(home_request.status)],
            )  # fmt: skip
            requests.append(request)
            if home_request.status != HomeRequest.Status.DECLINED or home_request.decided_at is None:
                continue
            declared = bed_declared_before(morning, home_request.home_id, home_request.decided_at)
            for reason in home_request.decline_reasons or ["other"]:
                declines.append(
                    DeclineFact(
                        request=request, search_fact=fact, home_id=home_request.home_id,
                        declined_on=timezone.localdate(home_request.decided_at), reason=reason,
                        bed_declared=declared if reason in ("no_vacancy", "staffing") else None,
                        **profile_of(fact),
                    )
                )  # fmt: skip
    SearchFact.objects.bulk_create(facts, batch_size=2000)
    RequestFact.objects.bulk_create(requests, batch_size=2000)
    DeclineFact.objects.bulk_create(declines, batch_size=2000)
    return {"searches": len(facts), "requests": len(requests), "declines": len(declines), "days": len(days)}


@transaction.atomic
def facts_rebuild() -> dict[str, int]:
    """Rebuild the real facts in one transaction, one rebuild at a time; the counts of rows now standing."""
    asked = timezone.now()
    FactsBuild.objects.get_or_create(pk=MARKER)
    marker = FactsBuild.objects.select_for_update().get(pk=MARKER)
    if marker.started_at is not None and marker.started_at >= asked:  # another began after we were asked
        return facts_counts(marker)
    marker.started_at = timezone.now()
    totals = _facts_replace()
    for key, value in totals.items():
        setattr(marker, key, value)
    marker.built_at = timezone.now()
    marker.save()
    return totals


def facts_counts(marker: FactsBuild) -> dict[str, int]:
    return {key: getattr(marker, key) for key in ("searches", "requests", "declines", "days")}


def facts_built() -> FactsBuild | None:
    """The last committed rebuild (None: the real facts were never built)."""
    return FactsBuild.objects.filter(pk=MARKER, built_at__isnull=False).first()


@transaction.atomic
def care_cooperative_set(
    *,
    name: str,
    lead_authority: Organisation,
    members: Sequence[Organisation],
    cooperative: CareCooperative | None = None,
) -> CareCooperative:
    """Create or update a care co-operative (this one, renamed to `name`, or the one of that name) with its lead and
    member authorities (the lead among them); an authority joining leaves any co-operative it was in, since each
    belongs to one."""
    cooperative = cooperative or CareCooperative.objects.filter(name=name).first() or CareCooperative(name=name)
    cooperative.name = name
    cooperative.lead_authority = lead_authority
    cooperative.full_clean()
    cooperative.save()
    authorities = {la.pk: la for la in (lead_authority, *members)}
    cooperative.members.exclude(local_authority_id__in=authorities).delete()
    for la in authorities.values():
        member = CareCooperativeMember.objects.filter(local_authority=la).first()
        member = member or CareCooperativeMember(local_authority=la)
        member.cooperative = cooperative
        member.full_clean()
        member.save()
    return cooperative
