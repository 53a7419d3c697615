"""PostgreSQL: the projector's subscription pulls once per burst, at once at a trickle."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from uuid import UUID

import pytest
from eventsourcing.persistence import Notification

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


def test_at_a_trickle_each_event_is_pulled_without_waiting(pg: Container, watched: Watched) -> None:
    saved: list[float] = []

    def trickle() -> None:
        for _ in range(3):
            time.sleep(1.5)  # longer than the linger: nothing to gather
            pg.app.execute(
                c.ReportHealth(initiative_id=watched.initiative, health="at-risk"), meta()
            )
            saved.append(time.monotonic())

    writer = threading.Thread(target=trickle)
    with subscribe(pg.app.recorder, watched.start, linger=1.0) as subscription:
        writer.start()
        got = _receive(subscription, 3)
    writer.join()
    assert watched.pulls == [1, 1, 1]
    # Had it waited out the linger, each would arrive a second after its save.
    assert all(at - s < 0.5 for (_, at), s in zip(got, saved, strict=True)), (got, saved)
