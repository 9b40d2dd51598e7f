"""Demo data for beds (called by seed_demo, idempotent): 30 days of plausible declarations by the seeded homes."""

import random
from datetime import date, datetime, time, timedelta

from django.utils import timezone

from accounts.models import Organisation
from beds.models import BedDeclaration

DAYS = 30
UNDECLARED_TODAY = ("clayfields-house", "kyloe-house")
READY_TODAY = "marydale-lodge"  # the demo manager's home: one bookable welfare bed so circulation can reach it
SHORT_STAFFED_TODAY = "barton-moss"  # two welfare beds free but no staff to admit: nominal is not bookable
NOTES = (
    "One bedroom out of use for repairs.",
    "A welfare bed is expected to be free from Thursday.",
    "Two staff on leave; agency cover booked.",
    "Can admit at short notice before 16:00.",
)


def _declaration(home: Organisation, day: date) -> dict[str, object]:
    """The figures a home plausibly declares on a day: welfare beds scarce, staffing sometimes short."""
    rng = random.Random(f"{home.slug}:{day.isoformat()}")
    profile = home.home_profile
    welfare = rng.choices([0, 1, 2, 3], weights=[50, 30, 15, 5])[0] if profile.takes_welfare else 0
    justice = rng.choices([0, 1, 2, 3], weights=[40, 30, 20, 10])[0] if profile.takes_justice else 0
    free = min(welfare + justice, profile.approved_places)
    welfare, justice = min(welfare, free), free - min(welfare, free)
    short_staffed = rng.random() < 0.3
    staffed = max(free - rng.randint(1, 2), 0) if short_staffed else free
    notes = rng.choice(NOTES) if rng.random() < 0.1 else ""
    if day == timezone.localdate() and home.slug == READY_TODAY:
        welfare, justice, staffed = 1, 0, 1
    if day == timezone.localdate() and home.slug == SHORT_STAFFED_TODAY:
        welfare, justice, staffed, notes = 2, 0, 0, "Three staff off sick: cannot admit today."
    declared_at = timezone.make_aware(datetime.combine(day, time(8, 30)) + timedelta(minutes=rng.randint(0, 120)))
    return {
        "approved_places": profile.approved_places,
        "available_welfare": welfare,
        "available_justice": justice,
        "staffed_capacity": staffed,
        "max_staffing_ratio": rng.choices(list(BedDeclaration.StaffingRatio), weights=[70, 25, 5])[0],
        "sexes": rng.choices(list(BedDeclaration.Sexes), weights=[80, 12, 8])[0],
        "min_age": rng.choice([10, 10, 12]),
        "max_age": 17,
        "notes": notes,
        "declared_at": min(declared_at, timezone.now()),
        "skip": rng.random() < 0.05,
    }


def demo_beds_seed() -> int:
    """Create the missing demo declarations (key: home and date, no declarer); returns how many exist.

    Existing rows are left alone, so a bed another seed took on placement (bed_take) stays taken on a second run.
    """
    today = timezone.localdate()
    homes = Organisation.objects.filter(kind=Organisation.Kind.SECURE_HOME, home_profile__isnull=False)
    for home in homes.select_related("home_profile"):
        for offset in range(DAYS):
            day = today - timedelta(days=offset)
            figures = _declaration(home, day)
            skip = figures.pop("skip") and day != today
            if skip or (day == today and home.slug in UNDECLARED_TODAY):
                BedDeclaration.objects.filter(home=home, date=day, declared_by=None).delete()
                continue
            if not BedDeclaration.objects.filter(home=home, date=day, declared_by=None).exists():
                declaration = BedDeclaration(home=home, date=day, declared_by=None, **figures)
                declaration.full_clean()
                declaration.save()
    return BedDeclaration.objects.filter(declared_by=None).count()
