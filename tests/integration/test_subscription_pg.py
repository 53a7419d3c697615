"""PostgreSQL: the projector's subscription pulls once per burst, at once at a trickle."""

from __future__ import annotations

import threading
import time
import types
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from uuid import UUID

import pytest
from eventsourcing.persistence import Notification

import projections.subscription
from domain import commands as c
from projections.subscription import LingeringSubscription, subscribe
from samverka.bootstrap import Container, bootstrap
from samverka.settings import Settings
from tests.integration.scenario import meta

pytestmark = pytest.mark.postgres


@pytest.fixture
def pg(pg_schema_url: str) -> Iterator[Container]:
    k = bootstrap(Settings(database_url=pg_schema_url))
    try:
        yield k
    finally:
        k.close()


def _initiative(k: Container) -> UUID:
    arena = k.app.execute(c.CreateArena(code="2.7", name="Hälsofrämjande digitalt liv"), meta())
    return k.app.execute(
        c.CreateInitiative(arena_id=arena.aggregate_id, code="2.7.4", title="Digitala lösningar"),
        meta(),
    ).aggregate_id


@dataclass
class Watched:
    initiative: UUID
    start: int | None
    pulls: list[int]  # how many notifications each select returned


@pytest.fixture
def watched(pg: Container, monkeypatch: pytest.MonkeyPatch) -> Watched:
    """An initiative to report on, the log's end, and the selects counted from here."""
    initiative = _initiative(pg)
    return Watched(initiative, pg.app.recorder.max_notification_id(), _count_pulls(pg, monkeypatch))


def _count_pulls(k: Container, monkeypatch: pytest.MonkeyPatch) -> list[int]:
    pulls: list[int] = []
    select = k.app.recorder.select_notifications

    def counted(*args: object, **kwargs: object) -> list[Notification]:
        found = select(*args, **kwargs)  # type: ignore[arg-type]
        if found:
            pulls.append(len(found))
        return list(found)

    monkeypatch.setattr(k.app.recorder, "select_notifications", counted)
    return pulls


def _receive(subscription: Iterable[Notification], count: int) -> list[tuple[int, float]]:
    got: list[tuple[int, float]] = []
    for notification in subscription:
        got.append((notification.id, time.monotonic()))
        if len(got) == count:
            break
    return got


def test_a_burst_of_commands_is_pulled_in_a_few_selects_in_order(
    pg: Container, watched: Watched
) -> None:
    initiative = watched.initiative
    with subscribe(pg.app.recorder, watched.start, linger=0.2) as subscription:
        assert isinstance(subscription, LingeringSubscription)
        healths = ["on-track", "at-risk", "blocked"] * 10
        first = pg.app.execute(c.ReportHealth(initiative_id=initiative, health="on-track"), meta())
        time.sleep(0.1)  # the first is pulled alone; the burst comes while it is fresh
        for health in healths:
            pg.app.execute(c.ReportHealth(initiative_id=initiative, health=health), meta())
        got = _receive(subscription, 31)
    ids = [n for n, _ in got]
    assert ids == list(range(first.position or 0, (first.position or 0) + 31))
    # The library's own subscription, which selects once per NOTIFY it has
    # not yet answered, made 12 selects of this burst.
    assert sum(watched.pulls) == 31
    assert len(watched.pulls) <= 6, watched.pulls


def test_at_a_trickle_each_event_is_pulled_without_waiting(
    pg: Container, watched: Watched, monkeypatch: pytest.MonkeyPatch
) -> None:
    # What happens is written down in order instead of timed: between an
    # event's save and its arrival the subscription must not linger, since
    # its last pull ended longer than the linger ago.
    seen: list[str] = []

    def linger(seconds: float) -> None:
        seen.append("linger")
        time.sleep(seconds)

    clock = types.SimpleNamespace(monotonic=time.monotonic, sleep=linger)
    monkeypatch.setattr(projections.subscription, "time", clock)
    arrived = threading.Semaphore(0)

    def trickle() -> None:
        for _ in range(3):
            time.sleep(0.6)  # longer than the linger since the last pull
            seen.append("save")
            pg.app.execute(
                c.ReportHealth(initiative_id=watched.initiative, health="at-risk"), meta()
            )
            if not arrived.acquire(timeout=60):
                return

    writer = threading.Thread(target=trickle, daemon=True)
    got: list[int] = []
    with subscribe(pg.app.recorder, watched.start, linger=0.2) as subscription:
        writer.start()
        for notification in subscription:
            got.append(notification.id)
            seen.append("arrive")
            arrived.release()
            if len(got) == 3:
                break
    writer.join()
    in_order = "".join(step[0] for step in seen)  # s(ave), l(inger), a(rrive)
    assert in_order.count("sa") == 3, seen
    assert watched.pulls == [1, 1, 1]
    assert got == sorted(got)
