"""Demo data for outcomes (called last by seed_demo, idempotent): Hampshire follow-ups and synthetic national data.

Six fictional Hampshire children, with dates relative to today so the demo leaving-care worker
(leaving.care@hampshire.example) always has work: one 3-month checkpoint due, one overdue, a 6-month one due after
a recorded 3-month one, one coming up, one child still in Marydale Lodge (the demo manager's home) with the exit to
record, and one whose year of follow-up is complete. Circulation's placed and closed demo searches get their
follow-ups if circulation has not already started them. Then 2,000 synthetic follow-ups (seed 2026) feed the
reports, once.
"""

import datetime
from typing import Any

from django.db import transaction

from accounts.models import Organisation
from accounts.types import Actor
from circulation.models import Search
from demo.common import demo_user, referral_version, submitted_referral
from forms_engine.models import Referral
from outcomes.models import FollowUp
from outcomes.services import checkpoint_record, exit_record, followup_start_unplaced, secure_stay_start
from outcomes.synthetic import synthetic_outcomes_generate
from vocabulary.dates import add_months

LEAVING_CARE = "leaving.care@hampshire.example"
SOCIAL_WORKER = "social.worker@hampshire.example"
HOME_SLUG = "marydale-lodge"
SYNTHETIC_EXITS, SYNTHETIC_SEED = 2000, 2026
# (reference, first name, last name, sex, date of birth, story)
CHILDREN = (
    ("SW-DEMO-OC01", "Mia", "Examplecroft", "female", "2010-04-12", "due_3"),
    ("SW-DEMO-OC02", "Leo", "Testwood", "male", "2009-09-30", "overdue_3"),
    ("SW-DEMO-OC03", "Ava", "Placeholder", "female", "2010-01-31", "due_6"),
    ("SW-DEMO-OC04", "Noah", "Mockridge", "male", "2011-06-05", "upcoming"),
    ("SW-DEMO-OC05", "Isla", "Sampleton", "female", "2010-11-20", "in_secure"),
    ("SW-DEMO-OC06", "Finn", "Fabricated", "male", "2009-03-08", "complete"),
)
QUIET = {
    "contact_lost": "no",
    "missing_episodes": 0,
    "away_episodes": 0,
    "custody": "no",
    "returned_to_secure": "no",
    "dol_order": "no",
    "activity": "F2",
    "health_engagement": "engaged",
}


def _referral(reference: str, first: str, last: str, sex: str, born: str) -> Referral:
    """A submitted demo referral with the child's identity only (the story here is what happened afterwards)."""
    answers = {"child_first_name": first, "child_last_name": last, "child_sex": sex, "child_date_of_birth": born}
    hampshire = Organisation.objects.get(slug="hampshire")
    return submitted_referral(
        reference=reference, authority=hampshire, worker=demo_user(SOCIAL_WORKER), answers=answers
    )


def _placed_and_left(referral: Referral, user: Actor, *, exit_on: datetime.date) -> FollowUp:
    home = Organisation.objects.get(slug=HOME_SLUG)
    admitted = exit_on - datetime.timedelta(days=95)
    followup = secure_stay_start(referral=referral, home=home, admitted_on=admitted, user=user)
    exit_record(
        followup=followup,
        exit_date=exit_on,
        reason="planned_move",
        place_code="K2",
        placement_la="E10000014",
        registered=True,
        legal_status="C2",
        step_down_used=True,
        user=user,
    )
    followup.refresh_from_db()
    return followup


def _unplaced(referral: Referral, user: Actor, *, closed_on: datetime.date) -> FollowUp:
    return followup_start_unplaced(
        referral=referral, closed_on=closed_on, outcome="alternative", place_code="K2", user=user
    )


def _record(followup: FollowUp, months: int, user: Actor, episodes: list[dict[str, Any]], **answers: Any) -> None:
    checkpoint = followup.checkpoints.get(months=months)
    checkpoint_record(checkpoint=checkpoint, answers={**QUIET, **answers}, episodes=episodes, user=user)


def _story(story: str, referral: Referral, user: Actor, today: datetime.date) -> None:
    if story == "due_3":
        _placed_and_left(referral, user, exit_on=add_months(today, -3) - datetime.timedelta(days=10))
    elif story == "overdue_3":
        _unplaced(referral, user, closed_on=add_months(today, -3) - datetime.timedelta(days=40))
    elif story == "due_6":
        followup = _placed_and_left(referral, user, exit_on=add_months(today, -6) - datetime.timedelta(days=5))
        assert followup.start_date is not None
        move = {"start_date": followup.start_date + datetime.timedelta(days=50), "place_code": "U6", "rne": "P"}
        _record(followup, 3, user, [{**move, "reason_place_change": "CREQB"}], missing_episodes=2, accommodation="C")
    elif story == "upcoming":
        _placed_and_left(referral, user, exit_on=add_months(today, -2))
    elif story == "in_secure":
        home = Organisation.objects.get(slug=HOME_SLUG)
        admitted = today - datetime.timedelta(days=70)
        secure_stay_start(referral=referral, home=home, admitted_on=admitted, user=user)
    elif story == "complete":
        followup = _unplaced(referral, user, closed_on=add_months(today, -13))
        assert followup.start_date is not None
        legal = {"start_date": followup.start_date + datetime.timedelta(days=120), "place_code": "K2", "rne": "L"}
        _record(followup, 3, user, [], accommodation="C")
        _record(followup, 6, user, [legal], accommodation="C")
        _record(followup, 12, user, [], accommodation="D", activity="F5")


def _circulation_followups(user: Actor) -> None:
    """Follow-ups for circulation's placed and closed demo searches, if circulation has not started them."""
    for search in Search.objects.exclude(status=Search.Status.OPEN).select_related("referral", "placement"):
        if FollowUp.objects.filter(referral=search.referral).exists():
            continue
        if search.status == Search.Status.PLACED and hasattr(search, "placement"):
            placement = search.placement
            secure_stay_start(
                referral=search.referral, home=placement.home, admitted_on=placement.admitted_on, user=user
            )
        elif search.status == Search.Status.CLOSED and search.closed_at:
            closed_on = getattr(search, "closed_on", None) or search.closed_at.date()
            followup_start_unplaced(
                referral=search.referral,
                closed_on=closed_on,
                outcome=search.outcome,
                place_code=search.place_code,
                user=user,
            )


@transaction.atomic
def demo_outcomes_seed() -> int:
    """Create the demo follow-ups (and synthetic data, once); returns how many real follow-ups exist."""
    user = demo_user(LEAVING_CARE)
    ready = referral_version() is not None
    if user is None or not ready or not Organisation.objects.filter(slug=HOME_SLUG).exists():
        return FollowUp.objects.filter(is_synthetic=False).count()
    today = datetime.date.today()
    for reference, first, last, sex, born, story in CHILDREN:
        if not Referral.objects.filter(reference=reference).exists():
            _story(story, _referral(reference, first, last, sex, born), user, today)
    _circulation_followups(user)
    if not FollowUp.objects.filter(is_synthetic=True).exists():
        synthetic_outcomes_generate(exits=SYNTHETIC_EXITS, seed=SYNTHETIC_SEED)
    return FollowUp.objects.filter(is_synthetic=False).count()
