"""Replay: rebuild every projection vs the library reading and decoding the same events."""

from __future__ import annotations

import time

from eventsourcing.persistence import DatetimeAsISO, DecimalAsStr, JSONTranscoder, Mapper, UUIDAsHex

from adapters.persistence.mapper import DateAsISO
from bench.backends import fresh_database
from bench.report import Line
from bench.workload import write_history
from projections.rebuild import rebuild
from samverka.bootstrap import bootstrap
from samverka.settings import Settings


def library_mapper() -> Mapper:  # type: ignore[type-arg]
    """The library's stock JSON mapper with the transcodings our events use."""
    transcoder = JSONTranscoder()
    for transcoding in (UUIDAsHex(), DecimalAsStr(), DatetimeAsISO(), DateAsISO()):
        transcoder.register(transcoding)
    return Mapper(transcoder=transcoder)


def raw_read_rate(app: object, batch: int = 5000) -> tuple[float, int]:
    recorder = app.recorder  # type: ignore[attr-defined]
    mapper = library_mapper()
    started = time.perf_counter()
    position = count = 0
    while notifications := recorder.select_notifications(
        start=position, limit=batch, inclusive_of_start=False
    ):
        for notification in notifications:
            mapper.to_domain_event(notification)
        position = notifications[-1].id
        count += len(notifications)
    return count / (time.perf_counter() - started), count


def bench_replay(backend: str, events: int, rounds: int = 2) -> list[Line]:
    with fresh_database(backend) as url:
        k = bootstrap(Settings(database_url=url))
        try:
            written = write_history(k.app, events)
            best_raw = best_ours = 0.0
            for _ in range(rounds):  # alternate, best of each, same run
                raw, _count = raw_read_rate(k.app)
                started = time.perf_counter()
                applied = rebuild(k.app, k.engines)
                ours = applied / (time.perf_counter() - started)
                best_raw, best_ours = max(best_raw, raw), max(best_ours, ours)
        finally:
            k.close()
    return [
        Line(
            name=f"replay {written:,} events into all projections ({backend})",
            ours=best_ours,
            reference=best_raw,
            unit="events/s",
            reference_name="library select_notifications + stock mapper decode",
            target=0.5,
        )
    ]
