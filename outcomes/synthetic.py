"""Reproducible national-scale synthetic follow-ups (no names, no referrals), bulk-created in batches.

Distributions follow CASCADE's findings (about 60% placed, ages 10-17 mostly 14-16, about half female; unplaced
children twice as likely to enter custody) and DfE's placement stability figures (about 11% of looked-after
children have 3+ placements a year; higher here). Every row is marked is_synthetic and has no referral, so it can
never be mistaken for, or shown as, a real child; child-level pages never list synthetic rows.
"""

import datetime
import random
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction

from accounts.models import Organisation
from vocabulary.dates import add_months

from .dates import CHECKPOINT_MONTHS, checkpoint_state_on
from .models import Checkpoint, Exit, FollowUp, OutcomeQuestionSet, PlacementEpisode
from .services.facts import indicator_facts_forget, indicator_facts_refresh
from .services.questions import question_set_live

AGES = {10: 2, 11: 3, 12: 6, 13: 12, 14: 20, 15: 25, 16: 22, 17: 10}
EXIT_PLACES = {"K2": 45, "U6": 14, "K3": 6, "H5": 4, "P1": 8, "R5": 5, "Z1": 4, "S1": 3, "R2": 3, "K1": 3, "P2": 5}
UNPLACED_PLACES = {"K2": 48, "R5": 9, "U6": 9, "H5": 8, "Z1": 12, "R2": 5, "P1": 5, "K3": 4}
CLOSURE_OUTCOMES = {"alternative": 80, "withdrawn": 9, "order_lapsed": 6, "ceased": 5}
EXIT_REASONS = {"planned_move": 45, "order_ended": 25, "criteria_not_met": 15, "transfer": 3, "custody": 5, "other": 7}
LEGAL_STATUS = {"C2": 58, "C1": 16, "V2": 16, "J1": 6, "E1": 2, "L2": 2}
MOVE_RNE = {"P": 72, "T": 9, "B": 10, "U": 5, "S": 4}
MOVE_PLACES = {"K2": 40, "U6": 18, "U4": 4, "K3": 8, "H5": 5, "P1": 8, "P2": 4, "R2": 4, "R5": 5, "K1": 2, "Z1": 2}
REASONS = {
    "CARPL": 30,
    "CREQB": 22,
    "CHILD": 12,
    "LAREQ": 10,
    "ALLEG": 4,
    "STAND": 4,
    "CLOSE": 6,
    "CUSTOD": 6,
    "OTHER": 6,
}
ACTIV = {"F2": 38, "P2": 12, "F5": 8, "F4": 4, "G5": 26, "G4": 6, "G6": 2, "0": 4}
ACCOM = {"C": 35, "D": 20, "B": 15, "E": 8, "U": 6, "V": 4, "X": 4, "S": 3, "R": 3, "Y": 2}
HEALTH = {"engaged": 45, "partly": 30, "not_engaged": 18, "not_known": 7}
CONTACT_LOST = {"cannot_trace": 40, "refused": 35, "moved_away": 15, "no_longer_supported": 5, "other": 5}


def _pick(rng: random.Random, weights: dict[Any, int]) -> Any:
    return rng.choices(list(weights), weights=list(weights.values()))[0]


@dataclass
class _Batch:
    followups: list[FollowUp] = field(default_factory=list)
    plans: list[dict[str, Any]] = field(default_factory=list)


@dataclass(frozen=True)
class _World:
    rng: random.Random
    las: list[Organisation]
    homes: list[Organisation]
    until: datetime.date
    question_set: OutcomeQuestionSet
    episodes_per_child: float | None


def _organisations() -> tuple[list[Organisation], list[Organisation]]:
    """Active local authorities and homes, in a fixed order; a few inactive synthetic ones if there are none."""
    kinds = Organisation.Kind
    las = list(Organisation.objects.filter(kind=kinds.LOCAL_AUTHORITY, is_active=True).order_by("slug"))
    homes = list(Organisation.objects.filter(kind=kinds.SECURE_HOME, is_active=True).order_by("slug"))
    for kind, found, label in ((kinds.LOCAL_AUTHORITY, las, "authority"), (kinds.SECURE_HOME, homes, "home")):
        for n in range(1, 6 if not found else 1):
            org, _ = Organisation.objects.get_or_create(
                slug=f"synthetic-{label}-{n}",
                defaults={"name": f"Synthetic {label} {n}", "kind": kind, "is_active": False, "region": "Synthetic"},
            )
            found.append(org)
    return las, homes


def _followup(world: _World) -> tuple[FollowUp, dict[str, Any]]:
    rng = world.rng
    placed = rng.random() < 0.6
    start = world.until - datetime.timedelta(days=rng.randrange(0, 3 * 365))
    followup = FollowUp(
        local_authority=rng.choice(world.las),
        home=rng.choice(world.homes) if placed else None,
        cohort=FollowUp.Cohort.PLACED if placed else FollowUp.Cohort.NOT_PLACED,
        state=FollowUp.State.FOLLOWING,
        start_date=start,
        admitted_on=start - datetime.timedelta(days=int(rng.lognormvariate(4.4, 0.6))) if placed else None,
        closure_outcome="" if placed else _pick(rng, CLOSURE_OUTCOMES),
        start_place_code=_pick(rng, EXIT_PLACES if placed else UNPLACED_PLACES),
        child_sex="female" if rng.random() < 0.5 else "male",
        age_at_start=_pick(rng, AGES),
        is_synthetic=True,
    )
    risk = 1.0 if placed else 1.6  # CASCADE: the refused group fared worse
    return followup, {"risk": risk, "placed": placed}


def _exit(world: _World, followup: FollowUp) -> Exit:
    rng = world.rng
    assert followup.start_date is not None
    return Exit(
        followup=followup,
        exit_date=followup.start_date,
        reason=_pick(rng, EXIT_REASONS),
        place_code=followup.start_place_code,
        placement_la=rng.choice(world.las).ons_code or "E10000014",
        registered=followup.start_place_code not in ("Z1", "H5") or rng.random() < 0.3,
        legal_status=_pick(rng, LEGAL_STATUS),
        step_down_used=rng.random() < 0.2,
    )


def _answers(world: _World, risk: float, age: int) -> dict[str, Any]:
    rng = world.rng
    if rng.random() < 0.07 * risk:
        return {"contact_lost": "yes", "contact_lost_reason": _pick(rng, CONTACT_LOST)}
    answers: dict[str, Any] = {
        "contact_lost": "no",
        "missing_episodes": min(int(rng.expovariate(0.9 / risk)), 60),
        "away_episodes": min(int(rng.expovariate(1.2 / risk)), 60),
        "custody": "yes" if rng.random() < 0.05 * risk else "no",
        "returned_to_secure": "yes" if rng.random() < 0.04 else "no",
        "dol_order": "yes" if rng.random() < 0.025 * risk else "no",
        "activity": _pick(rng, ACTIV),
        "health_engagement": _pick(rng, HEALTH),
    }
    if age >= 16:
        answers["accommodation"] = _pick(rng, ACCOM)
    return answers


def _checkpoints(world: _World, followup: FollowUp, plan: dict[str, Any]) -> list[Checkpoint]:
    from .answers import answer_columns

    assert followup.start_date is not None and followup.age_at_start is not None
    checkpoints = []
    for months in CHECKPOINT_MONTHS:
        due_on = add_months(followup.start_date, months)
        checkpoint = Checkpoint(followup=followup, months=months, due_on=due_on)
        state = checkpoint_state_on(due_on, world.until)
        if state != "upcoming" and world.rng.random() < 0.88:
            answers = _answers(world, plan["risk"], followup.age_at_start + months // 12)
            for name, value in answer_columns(answers).items():
                setattr(checkpoint, name, value)
            if checkpoint.custody:
                checkpoint.custody_on = due_on - datetime.timedelta(days=world.rng.randrange(1, 80))
            checkpoint.answers, checkpoint.question_set = answers, world.question_set
            checkpoint.completed_at = datetime.datetime.combine(due_on, datetime.time(12), tzinfo=datetime.UTC)
            state = Checkpoint.State.COMPLETED
        checkpoint.state = state
        checkpoints.append(checkpoint)
    return checkpoints


def _episode_count(world: _World, risk: float) -> int:
    rng = world.rng
    if world.episodes_per_child is not None:
        return min(int(rng.expovariate(1 / world.episodes_per_child)), 60)
    moves = min(int(rng.expovariate(1 / (0.9 * risk))), 12)
    extras = (rng.random() < 0.3) + (rng.random() < 0.2)  # a legal-status change, a temporary move
    return moves + extras


def _episodes(world: _World, followup: FollowUp, plan: dict[str, Any], known_until: datetime.date) -> Iterator[Any]:
    rng = world.rng
    assert followup.start_date is not None
    for _ in range(_episode_count(world, plan["risk"])):
        start = followup.start_date + datetime.timedelta(days=rng.randrange(1, 366))
        if start > known_until:
            continue
        kind = rng.random()
        if kind < 0.12:
            yield PlacementEpisode(followup=followup, start_date=start, place_code="K2", rne="L")
        elif kind < 0.2:
            place = rng.choice(("T1", "T2", "T4"))
            yield PlacementEpisode(
                followup=followup, start_date=start, place_code=place, rne="P", reason_place_change=""
            )
        else:
            yield PlacementEpisode(
                followup=followup,
                start_date=start,
                place_code=_pick(rng, MOVE_PLACES),
                rne=_pick(rng, MOVE_RNE),
                reason_place_change=_pick(rng, REASONS),
            )


def _write(world: _World, batch: _Batch, batch_size: int) -> dict[str, int]:
    FollowUp.objects.bulk_create(batch.followups, batch_size=batch_size)
    exits: list[Exit] = []
    checkpoints: list[Checkpoint] = []
    episodes: list[PlacementEpisode] = []
    for followup, plan in zip(batch.followups, batch.plans, strict=True):
        if plan["placed"]:
            exits.append(_exit(world, followup))
        rows = _checkpoints(world, followup, plan)
        checkpoints.extend(rows)
        recorded = [c.due_on for c in rows if c.state == Checkpoint.State.COMPLETED]
        if recorded:
            episodes.extend(_episodes(world, followup, plan, max(recorded)))
    Exit.objects.bulk_create(exits, batch_size=batch_size)
    Checkpoint.objects.bulk_create(checkpoints, batch_size=batch_size)
    PlacementEpisode.objects.bulk_create(episodes, batch_size=batch_size)
    return {"followups": len(batch.followups), "exits": len(exits), "episodes": len(episodes)}


def synthetic_outcomes_clear() -> int:
    """Delete every synthetic follow-up with its exit, checkpoints, episodes and facts; returns how many follow-ups."""
    synthetic = {"followup__is_synthetic": True}
    indicator_facts_forget(followups=FollowUp.objects.filter(is_synthetic=True))
    PlacementEpisode.objects.filter(**synthetic)._raw_delete(PlacementEpisode.objects.db)
    Checkpoint.objects.filter(**synthetic)._raw_delete(Checkpoint.objects.db)
    Exit.objects.filter(**synthetic)._raw_delete(Exit.objects.db)
    return FollowUp.objects.filter(is_synthetic=True)._raw_delete(FollowUp.objects.db)


@transaction.atomic
def synthetic_outcomes_generate(
    *,
    exits: int,
    seed: int,
    until: datetime.date | None = None,
    episodes_per_child: float | None = None,
    batch_size: int = 5000,
) -> dict[str, int]:
    """Replace the synthetic follow-ups with `exits` new ones drawn from `seed` (and their indicator facts)."""
    synthetic_outcomes_clear()
    las, homes = _organisations()
    world = _World(
        random.Random(seed), las, homes, until or datetime.date.today(), question_set_live(), episodes_per_child
    )
    totals = {"followups": 0, "exits": 0, "episodes": 0}
    batch = _Batch()
    for n in range(exits):
        followup, plan = _followup(world)
        batch.followups.append(followup)
        batch.plans.append(plan)
        if len(batch.followups) == batch_size or n == exits - 1:
            for key, value in _write(world, batch, batch_size).items():
                totals[key] += value
            batch = _Batch()
    indicator_facts_refresh(followups=FollowUp.objects.filter(is_synthetic=True))
    return totals
