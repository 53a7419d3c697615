"""Importing 100,000 indicator values, next to the library saving the same events.

- Samverka: `IndicatorImport.run` on a file in Kolada's layout (5 indicators
  × 290 municipalities × 23 years × 3 sexes = 100,050 rows): read and check
  every row, build the one `RecordIndicatorValues`, run it (the handler
  checks the role and every value again, 1,450 series aggregates record
  one `ValueRecorded` each) and save it all in one transaction with the
  hash chain.
- The library: eventsourcing's `Application.save` of plain aggregates with
  the same events (a series per indicator and area, one `ValueRecorded`
  per value, the same envelope), in a store of its own on the same backend:
  one save on SQLite; on PostgreSQL saves of about 10,000 events (one save
  of some 40,000 or more never returns in psycopg's pipeline mode, which is
  why Samverka's recorder inserts in statements of INSERT_CHUNK events).
- Then, for the record, projecting those events into the read tables.
Each side runs twice on a fresh store; the best of the two counts.
"""

from __future__ import annotations

import time
import uuid
from typing import Any

from eventsourcing.application import Application
from eventsourcing.domain import Aggregate, event

from adapters.persistence.chain import INSERT_CHUNK
from bench.backends import fresh_database, library_env
from bench.report import Line
from domain.indicators import commands as i
from domain.indicators.values import COUNTIES
from domain.meta import make_meta
from samverka.bootstrap import bootstrap
from samverka.settings import Settings
from services.commands import system

INDICATORS = 5
YEARS = range(2001, 2024)
SEXES = ("T", "K", "M")


def municipalities(count: int = 290) -> list[str]:
    """`count` municipality codes, spread over the counties."""
    codes = [f"{county}{n:02d}" for n in range(1, 40) for county in sorted(COUNTIES)]
    return codes[:count]


def kolada_file() -> tuple[bytes, int]:
    lines = ["kpi,municipality,period,gender,value"]
    for n in range(INDICATORS):
        for area in municipalities():
            for year in YEARS:
                for sex in SEXES:
                    value = (n * 7 + year * 3 + int(area)) % 1000 / 10
                    lines.append(f"B{n:05d},{area},{year},{sex},{value}")
    return ("\n".join(lines) + "\n").encode(), len(lines) - 1


class Series(Aggregate):
    """The reference's aggregate: a series' shape without Samverka's rules."""

    @event("Started")
    def __init__(self, indicator_id: uuid.UUID, area: str, meta: dict[str, Any]) -> None:
        self.values: dict[str, str] = {}

    @event("ValueRecorded")
    def record(self, period: int, gender: str, age: str, value: str, meta: dict[str, Any]) -> None:
        self.values[f"{period}:{gender}:{age}"] = value


def library_save(url: str, backend: str) -> float:
    """Seconds to make and save the same events with the stock library."""
    app = Application(env=library_env(url))
    meta = dict(make_meta(actor="system", channel="cli"))
    try:
        started = time.perf_counter()
        series = []
        for n in range(INDICATORS):
            indicator = uuid.uuid4()
            for area in municipalities():
                one = Series(indicator_id=indicator, area=area, meta=dict(meta))
                for year in YEARS:
                    for sex in SEXES:
                        value = (n * 7 + year * 3 + int(area)) % 1000 / 10
                        one.record(
                            period=year, gender=sex, age="", value=str(value), meta=dict(meta)
                        )
                series.append(one)
        per_save = len(series) if backend == "sqlite" else INSERT_CHUNK // (len(YEARS) * 3 + 1)
        for start in range(0, len(series), per_save):
            app.save(*series[start : start + per_save])
        return time.perf_counter() - started
    finally:
        app.close()


def samverka_import(url: str, data: bytes) -> tuple[float, float, int]:
    """Seconds to import the file, seconds to project it, events projected."""
    k = bootstrap(Settings(database_url=url))
    try:
        for n in range(INDICATORS):
            k.commands.run(
                i.DefineIndicator(
                    code=f"B{n:05d}", name=f"Bänkmått {n}", source="bench", unit="st"
                ),
                system(),
            )
        k.projector.catch_up()
        before = k.views.head()
        started = time.perf_counter()
        done = k.indicator_import.run(data, "kolada.csv", system(), wait=False)
        imported = time.perf_counter() - started
        started = time.perf_counter()
        k.projector.catch_up()
        projected = time.perf_counter() - started
        assert done.position is not None
        return imported, projected, done.position - before
    finally:
        k.close()


def bench_indicator_import(backend: str) -> list[Line]:
    data, rows = kolada_file()
    best_ours = best_ref = best_projection = float("inf")
    events = 0
    for _ in range(2):
        with fresh_database(backend) as url:
            best_ref = min(best_ref, library_save(url, backend))
        with fresh_database(backend) as url:
            ours, projected, events = samverka_import(url, data)
            best_ours, best_projection = min(best_ours, ours), min(best_projection, projected)
    return [
        Line(
            f"import {rows:,} indicator values from a Kolada CSV ({backend})",
            rows / best_ours,
            rows / best_ref,
            "values/s",
            "library Application.save of the same events",
            target=0.5,
            note=f"{events:,} events in one save; {len(data) / 1e6:.1f} MB file",
        ),
        Line(
            f"project those {events:,} events ({backend})",
            events / best_projection,
            None,
            "events/s",
        ),
    ]
