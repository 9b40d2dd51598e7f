"""Demo data for liberty safeguards (called by seed_demo after circulation, idempotent): orders on the demo children.

- SW-DEMO-OPEN (Hampshire, unplaced): an interim secure accommodation order ending in 12 days with no plan or
  hearing (on the coordinator's "Orders ending" page), started 25 days ago, so its first review is due.
- SW-DEMO-CLSD (Leeds, alternative accommodation): a DoL order in an unregistered setting begun 10 days ago; its
  notice to Ofsted was due 3 days ago and is overdue; it ends in 20 days, also with no plan.
- SW-DEMO-PLCD (Leeds, placed at Adel Beck): a full secure accommodation order, reviewed once, with an exit plan
  (step-down to a registered children's home in Leeds, K2); Adel Beck sees it, and its exit record starts from it.
- SW-DEMO-OPEN and SW-DEMO-CLSD have no exit plan: the coordinator's "no destination" list shows both.
- SW-DEMO-NEWS (Hampshire): a placement without an order of 20 hours last week, on the 72-hour counter.
"""

from datetime import datetime, time, timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone

from demo.common import demo_user
from forms_engine.models import Referral
from liberty.models import LibertyOrder
from liberty.services import exit_plan_record, order_record, review_record

WORKERS = {"hampshire": "social.worker@hampshire.example", "leeds": "social.worker@leeds.example"}
Kind, Setting = LibertyOrder.Kind, LibertyOrder.Setting


def _at(days_ago: int, hour: int = 9) -> datetime:
    return timezone.make_aware(datetime.combine(timezone.localdate() - timedelta(days=days_ago), time(hour)))


def _order(reference: str, worker: str, *, days_ago: int, lasts: int | None, **data: Any) -> LibertyOrder | None:
    referral = Referral.objects.filter(reference=reference).first()
    user = demo_user(WORKERS[worker])
    if referral is None or user is None or referral.liberty_orders.exists():
        return None
    ends = timezone.localdate() + timedelta(days=lasts) if lasts is not None else None
    ended_at = data.pop("ended_at", None)
    data = {"court": "", "setting_nation": LibertyOrder.Nation.ENGLAND, "expires_on": ends, **data}
    return order_record(referral=referral, data=data, starts_at=_at(days_ago), ended_at=ended_at, user=user)


@transaction.atomic
def demo_liberty_seed() -> int:
    """Record the demo orders once; returns how many were recorded this time."""
    made = [
        _order(
            "SW-DEMO-OPEN",
            "hampshire",
            days_ago=25,
            lasts=12,
            kind=Kind.SECURE_INTERIM,
            court="Family Court at Winchester",
            setting=Setting.SECURE_HOME,
            conditions="Interim order for 37 days while a secure bed is found.",
        ),
        _order(
            "SW-DEMO-CLSD",
            "leeds",
            days_ago=10,
            lasts=20,
            kind=Kind.DOL_INHERENT,
            court="High Court, Family Division (National DoL List)",
            setting=Setting.UNREGISTERED,
            conditions="Locked doors and 2:1 staffing; no restraint except to prevent immediate harm.",
        ),
        _order(
            "SW-DEMO-PLCD",
            "leeds",
            days_ago=40,
            lasts=50,
            kind=Kind.SECURE_FULL,
            court="Family Court at Leeds",
            setting=Setting.SECURE_HOME,
            exit_plan="Step-down to a registered children's home near Leeds; renewal hearing not planned.",
        ),
        _order(
            "SW-DEMO-NEWS",
            "hampshire",
            days_ago=7,
            lasts=None,
            kind=Kind.NO_ORDER,
            setting=Setting.SECURE_HOME,
            ended_at=_at(7, 9) + timedelta(hours=20),
        ),
    ]
    placed = made[2]
    if placed is not None:
        review_record(
            order=placed,
            data={
                "held_on": timezone.localdate() - timedelta(days=15),
                "criteria_met": True,
                "still_necessary": True,
                "other_accommodation": False,
                "notes": "Reviewed with the child, their advocate and the IRO.",
            },
            user=placed.created_by,
        )
        assert placed.expires_on is not None
        exit_plan_record(
            order=placed,
            data={
                "place_code": "K2",
                "placement_la": "E08000035",
                "registered": True,
                "step_down": True,
                "moves_on": placed.expires_on,
                "support": "Two visits to the new home before the move; the key worker goes with the child.",
            },
            user=placed.created_by,
        )
    return sum(1 for order in made if order is not None)
