"""A plausible event history, written fast (many events per save).

The mix follows how the plan is used: people, arenas and initiatives first,
then mostly health reports and status changes, with milestones, revisions,
participants and decisions in between.
"""

from __future__ import annotations

import random
import uuid
from datetime import date, timedelta
from typing import Any

from domain.arena import Arena
from domain.base import SamverkaAggregate
from domain.claims import CodeClaim
from domain.commands import CreateArena, CreateInitiative, RecordDecision, RegisterPerson
from domain.decision import Decision, decided_by
from domain.due import parse_due
from domain.initiative import Initiative
from domain.meta import make_meta
from domain.person import Person
from services.application import Samverka

ORGS = ["Region Skåne", "RISE", "SKR", "Region Jönköping", "Eskilstuna kommun", "Region Dalarna"]
# An initiative has at most this many milestones (the domain refuses more).
MAX_MILESTONES = 100
DUES = ["Oktober?", "Vår 2021?", "2021-03-31", "Hösten 2021", "2022"]


def _meta(actor: str, n: int) -> Any:
    return make_meta(
        actor=actor,
        channel=random.choice(["api", "slack", "email", "cli"]),
        source_id=None,
        correlation_id=f"bench-{n}",
    )


def write_history(
    app: Samverka,
    events: int,
    *,
    seed: int = 7,
    save_every: int = 200,
    arena_count: int | None = None,
) -> int:
    """Writes about `events` events; returns how many were written. Ten
    initiatives per arena; `arena_count` defaults to one per 4,000 events."""
    rng = random.Random(seed)
    random.seed(seed)
    pending: dict[uuid.UUID, SamverkaAggregate] = {}
    written = 0

    def flush() -> None:
        nonlocal written
        if pending:
            written += len(app.save(*pending.values()))
            pending.clear()

    def keep(*aggregates: SamverkaAggregate) -> None:
        for aggregate in aggregates:
            pending[aggregate.id] = aggregate
        if len(pending) >= save_every:
            flush()

    persons = [
        Person.register(
            RegisterPerson(
                name=f"Person {i}", email=f"p{i}@example.se", organisation=rng.choice(ORGS)
            ),
            meta=_meta("system", i),
        )
        for i in range(max(10, events // 400))
    ]
    keep(*persons)
    flush()
    ids = [str(p.id) for p in persons]
    arenas: list[Arena] = []
    initiatives: list[Initiative] = []
    decisions: list[Decision] = []
    for a in range(arena_count or max(2, events // 4000)):
        arena = Arena.create(
            CreateArena(code=f"{a}.{a % 7}", name=f"Delarena {a}", description=""),
            meta=_meta("system", a),
        )
        keep(arena, CodeClaim.for_arena(arena.code, arena.id, _meta("system", a)))
        for person in rng.sample(persons, k=min(8, len(persons))):
            arena.add_member(
                person.id,
                rng.choice(["participant", "participant", "moderator", "secretary"]),
                meta=_meta("system", a),
            )
        arenas.append(arena)
        for i in range(10):
            initiative = Initiative.create(
                CreateInitiative(
                    arena_id=arena.id,
                    code=f"{arena.code}.{i}",
                    title=f"Initiativ {i} i {arena.code}",
                    background="Bakgrund " * 10,
                    goal="Målbild " * 8,
                    objectives=["Delmål 1", "Delmål 2"],
                    perspectives=["jamlikhet"],
                    status="active",
                ),
                meta=_meta("system", i),
            )
            keep(
                CodeClaim.for_initiative(
                    arena.id, initiative.code, initiative.id, _meta("system", i)
                )
            )
            for person in rng.sample(persons, k=min(3, len(persons))):
                initiative.add_participant(person.id, "participant", meta=_meta("system", i))
            initiatives.append(initiative)
            keep(arena, initiative)
    flush()
    n = 0
    while written < events:
        n += 1
        initiative = rng.choice(initiatives)
        actor = rng.choice(ids)
        roll = rng.random()
        if roll < 0.55:
            initiative.report_health(
                rng.choice(["on-track", "at-risk", "blocked"]),
                comment=f"Läget vecka {n % 52}",
                meta=_meta(actor, n),
            )
        elif roll < 0.65:
            initiative.revise(changes={"goal": f"Reviderad målbild {n}"}, meta=_meta(actor, n))
        elif roll < 0.75 and len(initiative.milestones) < MAX_MILESTONES:
            initiative.add_milestone(
                uuid.uuid4().hex[:12],
                f"Milstolpe {n}",
                parse_due(rng.choice(DUES), default_year=2021),
                meta=_meta(actor, n),
            )
        elif roll < 0.80:
            open_ones = [m for m, v in initiative.milestones.items() if v["completed_on"] is None]
            if open_ones:
                initiative.complete_milestone(
                    open_ones[0], date(2021, 1, 1) + timedelta(days=n % 300), meta=_meta(actor, n)
                )
        elif roll < 0.85:
            target = "paused" if initiative.status == "active" else "active"
            initiative.change_status(target, reason="Planering", meta=_meta(actor, n))
        elif roll < 0.90:
            initiative.add_participant(rng.choice(persons).id, "participant", meta=_meta(actor, n))
        else:
            decision = Decision.record(
                RecordDecision(
                    text=f"Beslut {n}: fortsätt arbetet",
                    rationale="Enligt förslag",
                    decided_by_body="Styrgruppen",
                    decision_date=date(2021, 1, 1) + timedelta(days=n % 700),
                    arena_id=initiative.arena_id,
                    initiative_ids=[initiative.id],
                ),
                by=decided_by(body="Styrgruppen", meeting_id=None, meeting_title=None),
                meta=_meta(actor, n),
            )
            decisions.append(decision)
            keep(decision)
        keep(initiative)
    flush()
    return written
