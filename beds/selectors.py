"""Reads for bed declarations: today's beds per home, homes matching a child, monthly figures, history."""

import calendar
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.db.models import Count, OuterRef, QuerySet, Subquery, Sum
from django.db.models.functions import Coalesce, Least
from django.utils import timezone

from accounts.models import Organisation

from .models import BedDeclaration


@dataclass(frozen=True)
class HomeBeds:
    """One home's beds on one day: its latest declaration of that day, or None when it has not declared."""

    home: Organisation
    declaration: BedDeclaration | None

    @property
    def declared(self) -> bool:
        return self.declaration is not None

    @property
    def available_welfare(self) -> int:
        return self.declaration.available_welfare if self.declaration else 0

    @property
    def available_justice(self) -> int:
        return self.declaration.available_justice if self.declaration else 0

    @property
    def staffed_capacity(self) -> int:
        return self.declaration.staffed_capacity if self.declaration else 0

    @property
    def bookable(self) -> int:
        return self.declaration.bookable if self.declaration else 0


def secure_homes() -> QuerySet[Organisation]:
    """Active secure children's homes, by name, with their profile."""
    return (
        Organisation.objects.filter(kind=Organisation.Kind.SECURE_HOME, is_active=True)
        .select_related("home_profile")
        .order_by("name")
    )


def latest_declarations(*, on: date) -> QuerySet[BedDeclaration]:
    """The latest declaration of each home on that day (one row per declaring home)."""
    newest = (
        BedDeclaration.objects.filter(home=OuterRef("home"), date=on).order_by("-declared_at", "-pk").values("pk")[:1]
    )
    return BedDeclaration.objects.filter(date=on, pk=Subquery(newest)).select_related("home", "declared_by")


def beds_on(*, on: date | None = None) -> list[HomeBeds]:
    """One row per active secure home with its latest declaration that day, or None ("not declared")."""
    on = on or timezone.localdate()
    by_home = {d.home_id: d for d in latest_declarations(on=on)}
    return [HomeBeds(home=home, declaration=by_home.get(home.pk)) for home in secure_homes()]


@dataclass(frozen=True)
class NetworkBeds:
    """The network's beds on one day, added up in the database."""

    homes: int
    declared: int
    available_welfare: int
    bookable: int

    @property
    def not_declared(self) -> int:
        return self.homes - self.declared


def network_beds_on(*, on: date | None = None) -> NetworkBeds:
    """Active homes, how many declared that day, and their free welfare and bookable beds (two aggregate queries)."""
    declarations = latest_declarations(on=on or timezone.localdate()).filter(home__in=secure_homes())
    totals = declarations.aggregate(
        declaring=Count("pk"),
        free=Coalesce(Sum("available_welfare"), 0),
        staffed_free=Coalesce(Sum(Least("available_welfare", "staffed_capacity")), 0),
    )
    return NetworkBeds(
        homes=secure_homes().count(),
        declared=totals["declaring"],
        available_welfare=totals["free"],
        bookable=totals["staffed_free"],
    )


def homes_matching(*, sex: str | None, age: int | None, on: date | None = None) -> QuerySet[Organisation]:
    """Homes whose declaration that day has a bookable welfare bed and accepts that sex and age."""
    declarations = latest_declarations(on=on or timezone.localdate()).filter(
        available_welfare__gt=0, staffed_capacity__gt=0, home__is_active=True
    )
    if sex in (BedDeclaration.Sexes.FEMALE, BedDeclaration.Sexes.MALE):
        declarations = declarations.filter(sexes__in=[BedDeclaration.Sexes.ANY, sex])
    if age is not None:
        declarations = declarations.filter(min_age__lte=age, max_age__gte=age)
    return secure_homes().filter(pk__in=declarations.values("home_id"))


def last_declaration(*, home: Organisation) -> BedDeclaration | None:
    """The home's most recent declaration on any day, to pre-fill the next one."""
    return BedDeclaration.objects.filter(home=home).order_by("-date", "-declared_at", "-pk").first()


def home_history(*, home: Organisation, days: int = 30, today: date | None = None) -> QuerySet[BedDeclaration]:
    """Every declaration the home made in the last `days` days, newest first (re-declarations included)."""
    today = today or timezone.localdate()
    since = today - timedelta(days=days - 1)
    return (
        BedDeclaration.objects.filter(home=home, date__gte=since, date__lte=today)
        .select_related("declared_by")
        .order_by("-date", "-declared_at", "-pk")
    )


def latest_between(*, first: date, last: date) -> QuerySet[BedDeclaration]:
    """The latest declaration of each home on each day in the range (one row per home-day declared)."""
    newest = (
        BedDeclaration.objects.filter(home=OuterRef("home"), date=OuterRef("date"))
        .order_by("-declared_at", "-pk")
        .values("pk")[:1]
    )
    return BedDeclaration.objects.filter(date__range=(first, last), pk=Subquery(newest))


def network_daily(
    *, days: int = 30, today: date | None = None, home: Organisation | None = None
) -> list[dict[str, Any]]:
    """Per day, oldest first: homes declared, nominal welfare and justice beds, staffed capacity, bookable beds."""
    today = today or timezone.localdate()
    start = today - timedelta(days=days - 1)
    latest = latest_between(first=start, last=today).filter(home__in=secure_homes())
    if home is not None:
        latest = latest.filter(home=home)
    per_day: dict[date, list[BedDeclaration]] = {}
    for declaration in latest:
        per_day.setdefault(declaration.date, []).append(declaration)
    rows = []
    for offset in range(days):
        day = start + timedelta(days=offset)
        declared = per_day.get(day, [])
        rows.append(
            {
                "date": day,
                "homes_declared": len(declared),
                "available_welfare": sum(d.available_welfare for d in declared),
                "available_justice": sum(d.available_justice for d in declared),
                "staffed_capacity": sum(d.staffed_capacity for d in declared),
                "bookable": sum(d.bookable for d in declared),
            }
        )
    return rows


def _mean(values: list[int]) -> float | None:
    return round(sum(values) / len(values), 2) if values else None


def bed_figures_for_month(*, year: int, month: int) -> dict[str, Any]:
    """The month's beds: share of home-days so far declared; network totals per declared day, averaged; per home."""
    days = calendar.monthrange(year, month)[1]
    first, last = date(year, month, 1), date(year, month, days)
    homes = list(secure_homes())
    latest = list(latest_between(first=first, last=last).filter(home__in=homes))
    by_home = []
    for home in homes:
        own = [d for d in latest if d.home_id == home.pk]
        by_home.append(
            {
                "home": home.name,
                "days_declared": len(own),
                "mean_available_welfare": _mean([d.available_welfare for d in own]),
                "mean_staffed_capacity": _mean([d.staffed_capacity for d in own]),
            }
        )
    elapsed = max(0, min(days, (timezone.localdate() - first).days + 1))
    home_days = len(homes) * elapsed
    per_day: dict[date, list[BedDeclaration]] = {}
    for declaration in latest:
        per_day.setdefault(declaration.date, []).append(declaration)
    totals = list(per_day.values())
    return {
        "days": days,
        "days_elapsed": elapsed,
        "declaration_rate": round(len(latest) / home_days, 4) if home_days else 0.0,
        "mean_available_welfare": _mean([sum(d.available_welfare for d in day) for day in totals]),
        "mean_staffed_capacity": _mean([sum(d.staffed_capacity for d in day) for day in totals]),
        "mean_bookable": _mean([sum(d.bookable for d in day) for day in totals]),
        "by_home": by_home,
    }
