"""The write path on SQLite and PostgreSQL: idempotency, conflicts, retries."""

from __future__ import annotations

import threading
from typing import Any

import pytest

from domain import commands as c
from domain.errors import Duplicate, IdempotencyKeyReused, NotFound, StaleVersion
from samverka.bootstrap import Container
from tests.integration.scenario import meta, seed_plan


def count_events(k: Container) -> int:
    return int(k.app.recorder.max_notification_id() or 0)


def test_same_source_id_twice_records_once_and_returns_first_result(container: Container) -> None:
    app = container.app
    first = app.execute(
        c.RegisterPerson(name="Karin Althen", organisation="Region Jönköping"),
        meta(source_id="slack:Ev01"),
    )
    before = count_events(container)
    second = app.execute(
        c.RegisterPerson(name="Karin Althen", organisation="Region Jönköping"),
        meta(source_id="slack:Ev01"),
    )
    assert count_events(container) == before
    assert second.aggregate_id == first.aggregate_id
    assert second.version == first.version
    assert second.replayed and not first.replayed


def test_reused_source_id_for_another_command_is_refused(container: Container) -> None:
    app = container.app
    app.execute(c.RegisterPerson(name="Karin Althen"), meta(source_id="k1"))
    with pytest.raises(IdempotencyKeyReused):
        app.execute(c.RegisterPerson(name="Someone Else"), meta(source_id="k1"))


def test_concurrent_duplicates_of_one_source_id_record_once(container: Container) -> None:
    plan = seed_plan(container.app)
    before = count_events(container)
    results = []

    def send() -> None:
        command = c.ReportHealth(initiative_id=plan.i272, health="blocked", comment="Ingen lokal")
        results.append(container.app.execute(command, meta(source_id="slack:Ev-double-click")))

    threads = [threading.Thread(target=send) for _ in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert count_events(container) == before + 2  # the health event and its receipt
    assert len({r.version for r in results}) == 1


def test_stale_edit_is_rejected_with_the_current_version(container: Container) -> None:
    plan = seed_plan(container.app)
    app = container.app
    v = app.execute(
        c.ReportHealth(initiative_id=plan.i272, health="on-track", expected_version=3), meta()
    ).version
    assert v == 4
    with pytest.raises(StaleVersion) as err:
        app.execute(
            c.ReportHealth(initiative_id=plan.i272, health="blocked", expected_version=3), meta()
        )
    assert err.value.current == 4


def test_commuting_commands_are_retried_not_lost(container: Container) -> None:
    plan = seed_plan(container.app)
    errors: list[Exception] = []

    def report(n: int) -> None:
        try:
            container.app.execute(
                c.ReportHealth(initiative_id=plan.i274, health="on-track", comment=f"rapport {n}"),
                meta(),
            )
        except Exception as error:  # pragma: no cover - reported below
            errors.append(error)

    threads = [threading.Thread(target=report, args=(n,)) for n in range(10)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    initiative = container.app.repository.get(plan.i274)
    assert initiative.version == 1 + 10


def test_unique_arena_code_and_initiative_code(container: Container) -> None:
    plan = seed_plan(container.app)
    with pytest.raises(Duplicate):
        container.app.execute(c.CreateArena(code="2.7", name="Again"), meta())
    with pytest.raises(Duplicate):
        container.app.execute(
            c.CreateInitiative(arena_id=plan.arena, code="2.7.2", title="Again"), meta()
        )


def test_commands_on_missing_aggregates_say_what_is_missing(container: Container) -> None:
    plan = seed_plan(container.app)
    with pytest.raises(NotFound) as err:
        container.app.execute(
            c.AddMember(arena_id=plan.arena, person_id=plan.i272, role="participant"), meta()
        )
    assert err.value.field == "person_id"


def test_superseding_records_both_sides_in_one_transaction(container: Container) -> None:
    from datetime import date

    app = container.app

    def decide(text: str, on: date, body: str, supersedes: Any = None) -> Any:
        command = c.RecordDecision(
            text=text, decision_date=on, decided_by_body=body, supersedes=supersedes
        )
        return app.execute(command, meta())

    first = decide("Möten varannan vecka", date(2020, 10, 1), "Delarena 2.7")
    second = decide("Möten var tredje vecka", date(2020, 12, 1), "Delarena 2.7", first.aggregate_id)
    old = app.repository.get(first.aggregate_id)
    assert old.state == "superseded" and old.superseded_by == second.aggregate_id
    with pytest.raises(Exception, match="superseded"):
        decide("x", date(2021, 1, 1), "y", first.aggregate_id)
