"""One aggregate as it was, from its own events (projections.timetravel):
the rows at each version are those a full replay of the log gives up to
that event, whether the walk starts from nothing or from a checkpoint; a
moment picks the last event at or before it; nothing else of the log is
read. SQLite and PostgreSQL."""

from __future__ import annotations

from uuid import UUID

from domain import commands as c
from domain.meta import make_meta
from projections.export import replay_in_memory
from projections.timetravel import Rewind
from samverka.bootstrap import Container

SYSTEM = make_meta(actor="system", channel="cli")
PLAN_PARTS = ("initiatives", "milestones", "initiative_participants", "initiative_links")


def _world(k: Container) -> UUID:
    arena = k.app.execute(c.CreateArena(code="9.1", name="Prov", kind="delarena"), SYSTEM)
    created = c.CreateInitiative(arena_id=arena.aggregate_id, code="9.1.1", title="Prov")
    initiative = k.app.execute(created, SYSTEM).aggregate_id
    for n in range(23):
        if n % 3 == 0:
            k.app.execute(c.ReviseInitiative(initiative_id=initiative,
                                             changes={"goal": f"Mål {n}"}), SYSTEM)  # fmt: skip
        else:
            health = "at-risk" if n % 2 else "on-track"
            report = c.ReportHealth(initiative_id=initiative, health=health, comment=f"v{n}")
            k.app.execute(report, SYSTEM)
    return initiative


def _own(rows: dict[str, dict[object, dict[str, object]]], key: str) -> dict[str, object]:
    """The initiative's own rows (as a replay of everything has others' too)."""
    return {
        name: sorted(
            (
                r
                for r in rows.get(name, {}).values()
                if key in (r.get("id"), r.get("initiative_id"))
            ),
            key=repr,
        )
        for name in PLAN_PARTS
    }


def test_each_version_as_a_replay_of_the_log_gives_it(container: Container) -> None:
    k = container
    initiative = _world(k)
    key = str(initiative)
    stored = k.app.recorder.select_events(initiative)
    warm = Rewind(k.app, every=5)
    for version in range(1, len(stored) + 1):
        event = k.app.mapper.to_domain_event(stored[version - 1])
        everything, _ = replay_in_memory(k.app, as_of=event.timestamp)
        expected = _own(everything.tables, key)
        cold = Rewind(k.app, every=10**9).state(initiative, version=version)
        assert cold is not None and _own(cold.rows.tables, key) == expected
        by_time = warm.state(initiative, at=event.timestamp)
        assert by_time is not None and by_time.version == version
        assert _own(by_time.rows.tables, key) == expected, f"version {version}"
    # The walk left a checkpoint every five versions, and a second look
    # starts from the last one at or before the moment.
    again = warm.state(initiative, version=len(stored))
    assert again is not None and again.version == len(stored)
    assert "audit_trail" not in again.rows.tables, "only the state handlers ran"
    assert "health_reports" not in again.rows.tables


def test_before_it_existed_there_is_nothing(container: Container) -> None:
    k = container
    initiative = _world(k)
    first = k.app.mapper.to_domain_event(k.app.recorder.select_events(initiative, limit=1)[0])
    earlier = first.timestamp.replace(year=first.timestamp.year - 1)
    assert Rewind(k.app).state(initiative, at=earlier) is None
    assert Rewind(k.app).state(UUID(int=7), at=first.timestamp) is None
