"""Property: for any sequence of commands, rebuilding from events gives the live state."""

from __future__ import annotations

import tempfile
from datetime import date, timedelta
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from domain import commands as c
from domain.due import parse_due
from domain.errors import DomainError
from domain.values import Health, Perspective, Role, Status
from projections.export import (
    plan_document,
    replay_in_memory,
    snapshot_from_db,
    snapshot_from_memory,
)
from projections.rebuild import rebuild
from samverka.bootstrap import bootstrap
from samverka.settings import Settings
from tests.integration.scenario import meta

NAMES = ["Anna Jonsson", "Bengt Stavenow", "Karin Althen", "Åsa Sandler", "Nicolas Fälth"]
op = st.one_of(
    st.tuples(st.just("person"), st.sampled_from(NAMES)),
    st.tuples(st.just("arena"), st.sampled_from(["2.7", "2.6", "SK", "dalarna"])),
    st.tuples(st.just("member"), st.integers(0, 9), st.integers(0, 9), st.sampled_from(list(Role))),
    st.tuples(st.just("remove_member"), st.integers(0, 9), st.integers(0, 9)),
    st.tuples(st.just("initiative"), st.integers(0, 9), st.sampled_from(["1", "2", "3", "4"])),
    st.tuples(st.just("status"), st.integers(0, 19), st.sampled_from(list(Status))),
    st.tuples(st.just("health"), st.integers(0, 19), st.sampled_from(list(Health))),
    st.tuples(
        st.just("perspectives"),
        st.integers(0, 19),
        st.lists(st.sampled_from(list(Perspective)), max_size=3),
    ),
    st.tuples(
        st.just("milestone"),
        st.integers(0, 19),
        st.sampled_from(["Oktober?", "Vår 2021?", "2021-03-01", "Efter mötet"]),
    ),
    st.tuples(st.just("complete"), st.integers(0, 19), st.integers(0, 5)),
    st.tuples(st.just("participant"), st.integers(0, 19), st.integers(0, 9)),
    st.tuples(st.just("decision"), st.integers(0, 9), st.booleans()),
    st.tuples(st.just("revoke"), st.integers(0, 9)),
    st.tuples(st.just("revise"), st.integers(0, 19), st.text(min_size=1, max_size=30)),
    st.tuples(
        st.just("catch_up"),
    ),
)


def _pick(items: list[Any], index: int) -> Any:
    return items[index % len(items)] if items else None


def run_ops(k: Any, ops: list[tuple[Any, ...]]) -> None:
    app = k.app
    persons: list[Any] = []
    arenas: list[Any] = []
    initiatives: list[Any] = []
    milestones: dict[Any, list[str]] = {}
    decisions: list[Any] = []
    for n, (kind, *args) in enumerate(ops):
        command: c.Command | None = None
        if kind == "person":
            command = c.RegisterPerson(name=args[0], organisation="Region")
        elif kind == "arena":
            command = c.CreateArena(code=args[0], name=f"Arena {args[0]}")
        elif kind in ("member", "remove_member") and arenas and persons:
            arena, person = _pick(arenas, args[0]), _pick(persons, args[1])
            command = (
                c.AddMember(arena_id=arena, person_id=person, role=args[2].value)
                if kind == "member"
                else c.RemoveMember(arena_id=arena, person_id=person)
            )
        elif kind == "initiative" and arenas:
            command = c.CreateInitiative(
                arena_id=_pick(arenas, args[0]), code=f"x.{args[1]}", title=f"Initiativ {args[1]}"
            )
        elif kind == "status" and initiatives:
            command = c.ChangeInitiativeStatus(
                initiative_id=_pick(initiatives, args[0]), status=args[1].value
            )
        elif kind == "health" and initiatives:
            command = c.ReportHealth(
                initiative_id=_pick(initiatives, args[0]), health=args[1].value
            )
        elif kind == "perspectives" and initiatives:
            command = c.TagPerspectives(
                initiative_id=_pick(initiatives, args[0]), perspectives=[p.value for p in args[1]]
            )
        elif kind == "milestone" and initiatives:
            command = c.AddMilestone(
                initiative_id=_pick(initiatives, args[0]),
                title=f"M{n}",
                due=parse_due(args[1], default_year=2020),
            )
        elif kind == "complete" and initiatives:
            initiative = _pick(initiatives, args[0])
            ms = list(app.repository.get(initiative).milestones)
            if ms:
                command = c.CompleteMilestone(
                    initiative_id=initiative,
                    milestone_id=_pick(ms, args[1]),
                    completed_on=date(2021, 1, 1),
                )
        elif kind == "participant" and initiatives and persons:
            command = c.AddParticipant(
                initiative_id=_pick(initiatives, args[0]), person_id=_pick(persons, args[1])
            )
        elif kind == "decision":
            supersede = _pick(decisions, args[0]) if args[1] else None
            command = c.RecordDecision(
                text=f"Beslut {n}",
                decision_date=date(2020, 12, 18) + timedelta(days=n),
                decided_by_body="Länschefsnätverket",
                supersedes=supersede,
                initiative_ids=[_pick(initiatives, args[0])] if initiatives else [],
            )
        elif kind == "revoke" and decisions:
            command = c.RevokeDecision(
                decision_id=_pick(decisions, args[0]),
                reason="Inaktuellt",
                revoked_on=date(2030, 1, 1),
            )
        elif kind == "revise" and initiatives:
            command = c.ReviseInitiative(
                initiative_id=_pick(initiatives, args[0]), changes={"goal": args[1]}
            )
        elif kind == "catch_up":
            k.projector.catch_up()
        if command is None:
            continue
        try:
            result = app.execute(command, meta())
        except DomainError:
            continue
        bucket = {
            "person": persons,
            "arena": arenas,
            "initiative": initiatives,
            "decision": decisions,
        }.get(kind)
        if bucket is not None and result.aggregate_id not in bucket:
            bucket.append(result.aggregate_id)
        milestones.setdefault(result.aggregate_id, [])


def documents(k: Any) -> tuple[dict[str, Any], dict[str, Any]]:
    with k.engines.read.connect() as conn:
        live = plan_document(snapshot_from_db(conn), position=0, as_of=None)
    store, _ = replay_in_memory(k.app)
    return live, plan_document(snapshot_from_memory(store), position=0, as_of=None)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(ops=st.lists(op, min_size=1, max_size=60))
def test_rebuild_from_events_equals_live_state(ops: list[tuple[Any, ...]]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        k = bootstrap(Settings(database_url=f"sqlite:///{folder}/p.db"))
        k.projector.batch_size = 7  # many batch boundaries inside one example
        try:
            run_ops(k, ops)
            k.projector.catch_up()
            live, memory = documents(k)
            assert live == memory
            rebuild(k.app, k.engines, batch_size=5)
            rebuilt, _ = documents(k)
            assert rebuilt == live
        finally:
            k.close()
