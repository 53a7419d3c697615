"""A command first trusts the copy its own process saved last; what another
process saved since must never be lost or judged wrongly because of it."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from functools import partial
from typing import Any

import pytest
from eventsourcing.persistence import RecordConflictError

from domain import commands as c
from domain.due import parse_due
from domain.errors import InvalidTransition
from domain.handlers import HANDLERS
from samverka.bootstrap import Container, bootstrap
from samverka.settings import Settings
from services.application import MAX_ATTEMPTS, CommandResult, TooMuchContention
from tests.integration.scenario import Plan, meta, seed_plan

Two = tuple[Container, Container, Plan]


@pytest.fixture
def two(settings: Settings) -> Iterator[tuple[Container, Container, Plan]]:
    """Two applications on one store, as two API processes."""
    a, b = bootstrap(settings), bootstrap(settings)
    try:
        plan = seed_plan(a.app)  # `a` saved these last: it trusts its copies of them
        yield a, b, plan
    finally:
        a.close()
        b.close()


def health_events(k: Container, initiative: object) -> list[str]:
    events = k.app.repository.event_store.get(initiative)  # type: ignore[arg-type]
    return [e.health for e in events if type(e).__name__ == "HealthReported"]  # type: ignore[attr-defined]


def test_a_change_on_a_stale_copy_is_made_again_on_the_stored_state(two: Two) -> None:
    a, b, plan = two
    b.app.execute(c.ChangeInitiativeStatus(initiative_id=plan.i272, status="paused"), meta())
    done = a.app.execute(c.ReportHealth(initiative_id=plan.i272, health="at-risk"), meta())
    stored = b.app.repository.get(plan.i272)
    assert done.version == stored.version
    assert stored.status == "paused" and stored.health == "at-risk"  # nothing lost


def test_an_error_on_a_stale_copy_is_checked_against_the_stored_state(two: Two) -> None:
    a, b, plan = two
    b.app.execute(
        c.AddMilestone(initiative_id=plan.i272, title="Kartläggning", due=parse_due("Oktober?")),
        meta(),
    )
    milestones = b.app.repository.get(plan.i272).milestones
    (milestone,) = [key for key, m in milestones.items() if m["title"] == "Kartläggning"]
    # a's copy has no such milestone; the store's has.
    a.app.execute(
        c.RescheduleMilestone(
            initiative_id=plan.i272, milestone_id=milestone, due=parse_due("2026-11-30")
        ),
        meta(),
    )
    stored = b.app.repository.get(plan.i272).milestones[milestone]
    assert stored["due"] == parse_due("2026-11-30")


def test_a_stale_copy_cannot_let_a_forbidden_change_through(two: Two) -> None:
    a, b, plan = two
    b.app.execute(c.ChangeInitiativeStatus(initiative_id=plan.i272, status="cancelled"), meta())
    with pytest.raises(InvalidTransition):
        a.app.execute(c.ChangeInitiativeStatus(initiative_id=plan.i272, status="completed"), meta())
    assert b.app.repository.get(plan.i272).status == "cancelled"


def test_no_change_on_a_stale_copy_is_not_taken_for_no_change(two: Two) -> None:
    a, b, plan = two
    tag = c.TagPerspectives(initiative_id=plan.i272, perspectives=["barnperspektivet"])
    a.app.execute(tag, meta())
    b.app.execute(
        c.TagPerspectives(initiative_id=plan.i272, perspectives=["tillganglighet"]), meta()
    )
    # On a's copy the tags are already these, so the command changes nothing
    # there; in the store they are not.
    a.app.execute(tag, meta())
    assert b.app.repository.get(plan.i272).perspectives == ["barnperspektivet"]


def test_if_match_is_checked_against_the_stored_version(two: Two) -> None:
    a, b, plan = two
    current = b.app.execute(
        c.ReportHealth(initiative_id=plan.i272, health="blocked"), meta()
    ).version
    done = a.app.execute(
        c.ReportHealth(initiative_id=plan.i272, health="at-risk", expected_version=current),
        meta(),
    )
    assert done.version == current + 1


def test_a_stale_copy_costs_no_attempt(two: Two, monkeypatch: pytest.MonkeyPatch) -> None:
    # Under contention every attempt counts: the run on a stale copy lost no
    # race with anyone, so a command allowed one attempt still gets it.
    monkeypatch.setattr("services.application.MAX_ATTEMPTS", 1)
    a, b, plan = two
    b.app.execute(c.ReportHealth(initiative_id=plan.i272, health="blocked"), meta())
    done = a.app.execute(c.ReportHealth(initiative_id=plan.i272, health="at-risk"), meta())
    assert health_events(b, plan.i272)[-2:] == ["blocked", "at-risk"]
    assert done.version == b.app.repository.get(plan.i272).version


def _counting_runs(
    monkeypatch: pytest.MonkeyPatch,
    command: type,
    after_first: Callable[[], object] | None = None,
) -> list[int]:
    """Counts the runs of `command`'s handler; `after_first` is done once the
    first run has judged it (before it is saved)."""
    runs: list[int] = []
    handler = HANDLERS[command]

    def counted(*args: Any) -> Any:
        runs.append(1)
        result = handler(*args)
        if after_first is not None and len(runs) == 1:
            after_first()
        return result

    monkeypatch.setitem(HANDLERS, command, counted)
    return runs


def _new_initiative(k: Container, plan: Plan, code: str, title: str = "Ny") -> CommandResult:
    """k creates an initiative in the plan's arena: the command only reads the arena."""
    return k.app.execute(c.CreateInitiative(arena_id=plan.arena, code=code, title=title), meta())


def _revise_arena(k: Container, plan: Plan) -> None:
    """k saves a change to the plan's arena."""
    k.app.execute(c.ReviseArena(arena_id=plan.arena, name="Digitalt liv"), meta())


def test_a_current_copy_only_read_is_not_judged_again(
    two: Two, monkeypatch: pytest.MonkeyPatch
) -> None:
    a, _b, plan = two
    runs = _counting_runs(monkeypatch, c.CreateInitiative)
    # a saved the arena last; the command only reads it, and it is current.
    _new_initiative(a, plan, "2.7.9")
    assert len(runs) == 1


def test_a_stale_copy_only_read_is_judged_again_on_the_stored_state(
    two: Two, monkeypatch: pytest.MonkeyPatch
) -> None:
    a, b, plan = two
    _revise_arena(b, plan)
    runs = _counting_runs(monkeypatch, c.CreateInitiative)
    done = _new_initiative(a, plan, "2.7.9")
    assert len(runs) == 2
    assert b.app.repository.get(done.aggregate_id).arena_id == plan.arena


def test_a_copy_read_from_the_store_is_kept_and_checked(
    two: Two, monkeypatch: pytest.MonkeyPatch
) -> None:
    # b did not save the arena: its first command reads it from the store
    # and keeps that copy. The next is judged on the copy, which is current;
    # once a has changed the arena, b's copy is stale and the command is
    # judged again on the stored state.
    a, b, plan = two
    _new_initiative(b, plan, "2.7.7", "Ett")
    runs = _counting_runs(monkeypatch, c.CreateInitiative)
    _new_initiative(b, plan, "2.7.8", "Två")
    assert len(runs) == 1
    _revise_arena(a, plan)
    done = _new_initiative(b, plan, "2.7.9", "Tre")
    assert len(runs) == 3
    assert a.app.repository.get(done.aggregate_id).version == done.version


def test_a_copy_only_read_overtaken_before_the_save_is_judged_again(
    two: Two, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Another process changes the arena after the command was judged on a's
    # copy and before a saves: the save's check (in its own transaction on
    # SQLite) sees it, and the command is judged again on the stored state.
    a, b, plan = two
    runs = _counting_runs(monkeypatch, c.CreateInitiative, partial(_revise_arena, b, plan))
    done = _new_initiative(a, plan, "2.7.9")
    assert len(runs) == 2
    assert b.app.repository.get(done.aggregate_id).version == done.version


def _losing_saves(monkeypatch: pytest.MonkeyPatch, k: Container, losses: int) -> list[int]:
    """Makes k's next `losses` saves lose a race (as another writer saving the
    same aggregate first would); returns the list the attempts are counted in."""
    attempts: list[int] = []
    save = k.app.save

    def racing(*aggregates: Any, **kwargs: Any) -> Any:
        attempts.append(1)
        if len(attempts) <= losses:
            raise RecordConflictError("another writer saved first")
        return save(*aggregates, **kwargs)

    monkeypatch.setattr(k.app, "save", racing)
    return attempts


def test_a_lost_race_is_run_again_after_a_growing_wait(
    two: Two, monkeypatch: pytest.MonkeyPatch
) -> None:
    a, b, plan = two
    waits: list[float] = []
    monkeypatch.setattr(a.app, "_sleep", waits.append)
    attempts = _losing_saves(monkeypatch, a, losses=3)
    done = a.app.execute(c.ReportHealth(initiative_id=plan.i272, health="at-risk"), meta())
    assert len(attempts) == 4
    assert health_events(b, plan.i272)[-1] == "at-risk"
    assert done.version == b.app.repository.get(plan.i272).version
    # The save from a's own copy lost first: run again at once on the stored
    # state, it cost no attempt. Then two attempts lost, each followed by a
    # jittered wait of up to 5 ms, then up to 10 ms.
    assert len(waits) == 2
    assert all(0 <= wait <= limit for wait, limit in zip(waits, [0.005, 0.01], strict=True))


def test_a_command_that_keeps_losing_races_gives_up(
    two: Two, monkeypatch: pytest.MonkeyPatch
) -> None:
    a, b, plan = two
    before = health_events(b, plan.i272)
    waits: list[float] = []
    monkeypatch.setattr(a.app, "_sleep", waits.append)
    attempts = _losing_saves(monkeypatch, a, losses=MAX_ATTEMPTS + 1)
    with pytest.raises(TooMuchContention):
        a.app.execute(c.ReportHealth(initiative_id=plan.i272, health="at-risk"), meta())
    assert len(attempts) == MAX_ATTEMPTS + 1  # the run on a's own copy costs no attempt
    assert len(waits) == MAX_ATTEMPTS - 1
    assert health_events(b, plan.i272) == before
