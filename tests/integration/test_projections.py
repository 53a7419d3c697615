"""Projections on SQLite and PostgreSQL: exactly once, rebuildable, time travel."""

from __future__ import annotations

import threading
import time
from datetime import date, datetime
from typing import Any

import pytest
from sqlalchemy import func, inspect, select

from domain import commands as c
from domain.due import parse_due
from projections import tables as t
from projections.export import (
    plan_document,
    replay_in_memory,
    snapshot_from_db,
    snapshot_from_memory,
)
from projections.framework import Ctx, Projection
from projections.handlers import PROJECTION
from projections.rebuild import rebuild
from projections.runner import Projector, read_position
from projections.store import RowStore
from samverka.bootstrap import Container
from tests.integration.scenario import meta, more_history, seed_plan


def live_document(k: Container) -> dict[str, Any]:
    with k.engines.read.connect() as conn:
        doc = plan_document(snapshot_from_db(conn), position=0, as_of=None)
    return doc


def memory_document(k: Container, as_of: datetime | None = None) -> dict[str, Any]:
    store, _ = replay_in_memory(k.app, as_of=as_of)
    return plan_document(snapshot_from_memory(store), position=0, as_of=None)


def audit_positions(k: Container) -> list[int]:
    with k.engines.read.connect() as conn:
        return [
            r[0]
            for r in conn.execute(
                select(t.audit_trail.c.position).order_by(t.audit_trail.c.position)
            )
        ]


def countable_positions(k: Container) -> list[int]:
    """Positions of every event the audit trail must show (not receipts or claims)."""
    ignored = {"CommandReceipt", "CodeClaim"}
    return [
        n.id
        for n in k.app.recorder.select_notifications(start=1, limit=1_000_000)
        if n.topic.split(":")[-1].split(".")[0] not in ignored
    ]


def test_read_model_follows_the_log_and_rebuild_gives_the_same_state(container: Container) -> None:
    plan = seed_plan(container.app)
    more_history(container.app, plan)
    container.projector.catch_up()
    live = live_document(container)
    initiative = next(i for a in live["arenas"] for i in a["initiatives"] if i["code"] == "2.7.2")
    assert initiative["health"] == "at-risk"
    assert initiative["milestones"][0]["due_date"] == "2020-10-31"
    assert live == memory_document(container)
    assert audit_positions(container) == countable_positions(container)

    rebuilt = rebuild(container.app, container.engines, batch_size=3)
    assert rebuilt == container.app.recorder.max_notification_id()
    assert live_document(container) == live
    assert audit_positions(container) == countable_positions(container)


def test_an_initiatives_links_participants_and_milestones_come_and_go(
    container: Container,
) -> None:
    app, plan = container.app, seed_plan(container.app)
    ini = plan.i274
    app.execute(c.AddLink(initiative_id=ini, title="Umo", url="https://umo.se"), meta())
    app.execute(
        c.AddParticipant(initiative_id=ini, person_id=plan.anna, role="participant"), meta()
    )
    app.execute(
        c.AddMilestone(initiative_id=ini, title="Pilot", due=parse_due("2026-05-01")), meta()
    )
    initiative = app.repository.get(ini)
    link_id, milestone_id = next(iter(initiative.links)), next(iter(initiative.milestones))

    def parts() -> dict[str, list[dict[str, Any]]]:
        container.projector.catch_up()
        tables = (t.initiative_links, t.initiative_participants, t.milestones)
        with container.engines.read.connect() as conn:
            version = conn.execute(
                select(t.initiatives.c.version).where(t.initiatives.c.id == str(ini))
            ).scalar()
            assert version == app.repository.get(ini).version
            return {
                table.name: [
                    dict(r)
                    for r in conn.execute(
                        select(table).where(table.c.initiative_id == str(ini))
                    ).mappings()
                ]
                for table in tables
            }

    added = parts()
    assert [r["url"] for r in added["initiative_links"]] == ["https://umo.se"]
    assert [r["person_id"] for r in added["initiative_participants"]] == [str(plan.anna)]
    assert [r["title"] for r in added["milestones"]] == ["Pilot"]
    app.execute(c.RemoveLink(initiative_id=ini, link_id=link_id), meta())
    app.execute(c.RemoveParticipant(initiative_id=ini, person_id=plan.anna), meta())
    done = date(2026, 5, 2)
    app.execute(
        c.CompleteMilestone(initiative_id=ini, milestone_id=milestone_id, completed_on=done),
        meta(),
    )
    changed = parts()
    assert changed["initiative_links"] == changed["initiative_participants"] == []
    assert [r["completed_on"] for r in changed["milestones"]] == ["2026-05-02"]
    app.execute(c.RemoveMilestone(initiative_id=ini, milestone_id=milestone_id), meta())
    assert parts()["milestones"] == []


class Boom(Exception):
    pass


def exploding_projection(after: int) -> Projection:
    """The real projection, but the process 'crashes' at event `after`."""
    proxy = Projection()
    original_apply = PROJECTION.apply

    def apply(event: Any, position: int, rows: RowStore) -> None:
        if position == after:
            raise Boom(position)
        original_apply(event, position, rows)

    proxy.apply = apply  # type: ignore[method-assign]
    return proxy


@pytest.mark.parametrize("crash_at", [3, 7, 12])
def test_projector_crash_mid_batch_resumes_without_duplicates_or_gaps(
    container: Container, crash_at: int
) -> None:
    plan = seed_plan(container.app)
    more_history(container.app, plan)
    k = container
    crashing = Projector(
        k.app,
        read_engine=k.engines.read,
        write_engine=k.engines.write,
        projection=exploding_projection(crash_at),
        batch_size=4,
    )
    with pytest.raises(Boom):
        crashing.catch_up()
    committed = read_position(k.engines.read)
    assert committed < crash_at  # the batch with the crash was not half-written
    assert all(p <= committed for p in audit_positions(k))

    resumed = Projector(
        k.app, read_engine=k.engines.read, write_engine=k.engines.write, batch_size=4
    )
    resumed.catch_up()
    assert audit_positions(k) == countable_positions(k)
    assert live_document(k) == memory_document(k)


def test_two_projectors_on_one_database_write_each_row_once(container: Container) -> None:
    plan = seed_plan(container.app)
    k = container
    projectors = [
        Projector(k.app, read_engine=k.engines.read, write_engine=k.engines.write, batch_size=2)
        for _ in range(2)
    ]
    stop = threading.Event()

    def writer() -> None:
        n = 0
        while not stop.is_set() and n < 40:
            k.app.execute(
                c.ReportHealth(initiative_id=plan.i272, health="on-track", comment=f"#{n}"), meta()
            )
            n += 1

    def follow(p: Projector) -> None:
        while not stop.is_set():
            p.catch_up()

    threads = [threading.Thread(target=writer)] + [
        threading.Thread(target=follow, args=(p,)) for p in projectors
    ]
    for th in threads:
        th.start()
    threads[0].join()
    stop.set()
    for th in threads[1:]:
        th.join()
    for p in projectors:
        p.catch_up()
    assert audit_positions(k) == countable_positions(k)
    with k.engines.read.connect() as conn:
        reports = conn.execute(select(func.count()).select_from(t.health_reports)).scalar()
    assert reports == 40
    assert live_document(k) == memory_document(k)


def test_state_as_of_three_moments(container: Container) -> None:
    app = container.app
    plan = seed_plan(app)
    # "As of" is a recording time, and the event store stamps events with the
    # machine's clock: these moments are read from it too (no date matters).
    moment_1 = datetime.now().astimezone()
    time.sleep(0.01)
    app.execute(
        c.ChangeInitiativeStatus(initiative_id=plan.i274, status="active"),
        meta(actor=str(plan.anna)),
    )
    moment_2 = datetime.now().astimezone()
    time.sleep(0.01)
    app.execute(
        c.ChangeInitiativeStatus(initiative_id=plan.i274, status="paused", reason="Sommaruppehåll"),
        meta(),
    )
    app.execute(
        c.AddMember(
            arena_id=plan.arena,
            person_id=app.execute(c.RegisterPerson(name="Nicolas Fälth"), meta()).aggregate_id,
        ),
        meta(),
    )
    moment_3 = datetime.now().astimezone()
    time.sleep(0.01)
    app.execute(c.ChangeInitiativeStatus(initiative_id=plan.i274, status="cancelled"), meta())

    def status_274(doc: dict[str, Any]) -> str:
        return next(
            i["status"] for a in doc["arenas"] for i in a["initiatives"] if i["code"] == "2.7.4"
        )

    def members(doc: dict[str, Any]) -> int:
        return len(doc["arenas"][0]["members"])

    assert (
        status_274(memory_document(container, moment_1)),
        members(memory_document(container, moment_1)),
    ) == ("proposed", 2)
    assert status_274(memory_document(container, moment_2)) == "active"
    doc_3 = memory_document(container, moment_3)
    assert (status_274(doc_3), members(doc_3), len(doc_3["persons"])) == ("paused", 3, 3)
    container.projector.catch_up()
    assert status_274(live_document(container)) == "cancelled"
    assert memory_document(container, datetime.now().astimezone()) == live_document(container)


def test_read_your_writes_with_the_background_projector(container: Container) -> None:
    container.projector.start()
    try:
        result = container.app.execute(
            c.RegisterPerson(name="Åsa Sandler", organisation="Umo.se/ Youmo.se"), meta()
        )
        # A bound on liveness, not a timing: it waits no longer than the event
        # takes, and a loaded CI host's PostgreSQL once took more than 5 s.
        assert container.projector.wait_for(result.position, timeout=30)
        with container.engines.read.connect() as conn:
            name = conn.execute(
                select(t.persons.c.name).where(t.persons.c.id == str(result.aggregate_id))
            ).scalar()
        assert name == "Åsa Sandler"
    finally:
        container.projector.stop()


def test_unknown_events_are_only_audited(container: Container) -> None:
    seen: list[int] = []
    projection = Projection()

    @projection.on_every_event
    def count(e: Any, ctx: Ctx, rows: RowStore) -> None:
        seen.append(ctx.position)

    container.app.execute(c.RegisterPerson(name="Emma Dahlson"), meta())
    p = Projector(
        container.app,
        read_engine=container.engines.read,
        write_engine=container.engines.write,
        projection=projection,
        name="counter",
    )
    from projections.runner import ensure_tracking_row

    ensure_tracking_row(container.engines.write, "counter")
    p.catch_up()
    assert seen == [1]


@pytest.mark.parametrize("mode", ["inline", "fork", "fresh"])
def test_rebuild_modes_and_a_tiny_row_cache_give_the_live_state(
    container: Container, mode: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    plan = seed_plan(container.app)
    more_history(container.app, plan)
    for n in range(30):
        container.app.execute(
            c.ReportHealth(initiative_id=plan.i274, health="on-track", comment=f"#{n}"), meta()
        )
    container.projector.catch_up()
    live = live_document(container)
    names = folded_names(container)
    # A cache of a few rows forces trims: rows must then be read back from the database.
    monkeypatch.setenv("SAMVERKA_ROW_CACHE_LIMIT", "3")
    monkeypatch.setattr("projections.store.CACHE_LIMIT", 3)
    if mode != "inline":  # a worker process, forked or a fresh interpreter
        monkeypatch.setattr("projections.rebuild_worker.start_method", lambda: mode)
    worker = "inline" if mode == "inline" else "process"
    applied = rebuild(container.app, container.engines, batch_size=4, worker=worker)
    assert applied == container.app.recorder.max_notification_id()
    assert live_document(container) == live
    assert folded_names(container) == names and names
    assert audit_positions(container) == countable_positions(container)
    # Some indexes are made with the tables, the rest at the end: all are there.
    declared = {i.name for tb in t.metadata.tables.values() for i in tb.indexes}
    assert declared <= index_names(container)


def folded_names(k: Container) -> list[tuple[str, str]]:
    """What a name search compares (not in the plan document: derived)."""
    folded = t.folded_names.c
    with k.engines.read.connect() as conn:
        found = conn.execute(select(folded.person_id, folded.folded).order_by(folded.person_id))
        return [(str(key), str(name)) for key, name in found]


def index_names(k: Container) -> set[str | None]:
    with k.engines.read.connect() as conn:
        found = inspect(conn)
        return {i["name"] for name in t.metadata.tables for i in found.get_indexes(name)}
