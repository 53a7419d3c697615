"""Projection lag: from a command's commit to its rows being visible, at a fixed rate."""

from __future__ import annotations

import bisect
import statistics
import threading
import time

from bench.backends import fresh_database
from bench.report import Line
from domain import commands as c
from domain.meta import make_meta
from samverka.bootstrap import bootstrap
from samverka.settings import Settings

TARGET_P99_MS = 250.0


def bench_lag(backend: str, rate: float = 100.0, seconds: float = 15.0) -> list[Line]:
    with fresh_database(backend) as url:
        k = bootstrap(Settings(database_url=url))
        system = make_meta(actor="system", channel="api")
        arena = k.app.execute(c.CreateArena(code="L", name="Lag"), system).aggregate_id
        initiative = k.app.execute(
            c.CreateInitiative(arena_id=arena, code="L.1", title="Lag"), system
        ).aggregate_id
        visible: list[tuple[int, float]] = []
        lock = threading.Lock()

        def seen(position: int) -> None:
            with lock:
                visible.append((position, time.perf_counter()))

        k.projector.on_advance(seen)
        k.projector.start()
        committed: list[tuple[int, float]] = []
        interval = 1.0 / rate
        started = time.perf_counter()
        try:
            for n in range(int(rate * seconds)):
                # Keep the rate steady even when a command takes longer.
                time.sleep(max(0.0, started + n * interval - time.perf_counter()))
                result = k.app.execute(
                    c.ReportHealth(initiative_id=initiative, health="on-track", comment=f"#{n}"),
                    make_meta(actor="system", channel="api"),
                )
                assert result.position is not None
                committed.append((result.position, time.perf_counter()))
            k.projector.wait_for(committed[-1][0], timeout=10)
        finally:
            k.projector.stop()
            k.close()
    visible.sort()
    positions = [p for p, _ in visible]
    lags = []
    for position, at in committed:
        index = bisect.bisect_left(positions, position)
        lags.append((visible[index][1] - at) * 1000)
    lags.sort()
    p50 = statistics.median(lags)
    p99 = lags[int(len(lags) * 0.99) - 1]
    return [
        Line(
            name=f"projection lag {label} at {rate:.0f} commands/s ({backend})",
            ours=value,
            reference=TARGET_P99_MS,
            unit="ms",
            reference_name="target p99",
            target=target,
            lower_is_better=True,
        )
        # The median is shown beside the p99 the target is about.
        for label, value, target in (("p50", p50, None), ("p99", p99, 1.0))
    ]
