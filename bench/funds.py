"""The fund report over a 100,000-entry ledger, and `audit verify` over a million events.

- report: a year's återrapportering from the live tables, next to the raw
  library reading and decoding the same events (select_notifications + its
  stock JSON mapper); and as known at a moment halfway through the log, next
  to the live report, checked against the same report from a replay of the
  log up to the moment.
- verify: recomputing the hash chain, next to SHA-256 alone over the same bytes
  (the physical limit) and to reading the same rows without hashing.
"""

from __future__ import annotations

import hashlib
import os
import random
import time
import uuid
from datetime import date, timedelta

from eventsourcing.persistence import StoredEvent

from bench.backends import fresh_database
from bench.replay import raw_read_rate
from bench.report import Line
from domain.funds.grant import Grant
from domain.funds.values import principal
from domain.meta import make_meta
from projections.funds.report import ReportQuery
from projections.rebuild import rebuild
from samverka.bootstrap import bootstrap
from samverka.settings import Settings
from services.integrity import GENESIS, chain_link, iter_events, verify

AREAS = ["samsjuklighet", "brukarmedverkan", "suicidprevention", "ungdomsmottagningar"]
KOMMUNER = [
    "Avesta",
    "Borlänge",
    "Falun",
    "Gagnef",
    "Hedemora",
    "Leksand",
    "Ludvika",
    "Malung-Sälen",
    "Mora",
    "Orsa",
    "Rättvik",
    "Smedjebyn",
    "Säter",
    "Vansbro",
    "Älvdalen",
]


def write_ledger(app: object, entries: int, seed: int = 11) -> int:
    """About `entries` ledger entries on grants for 2021 and 2022."""
    rng = random.Random(seed)
    meta = make_meta(actor="bench", channel="cli")
    agreement = uuid.uuid4()
    grants = []
    for name in ["Region Dalarna", *[f"{k} kommun" for k in KOMMUNER]]:
        kind = "region" if name.startswith("Region") else "kommun"
        for area in AREAS:
            for year in (2021, 2022):
                grants.append(
                    Grant(
                        agreement_id=agreement,
                        principal=principal(name, kind),
                        area=area,
                        year=year,
                        amount=10**11,
                        decided_on=date(year, 1, 15),
                        meta=meta,
                    )
                )
    written = 0
    while written < entries:
        batch = rng.sample(grants, 40)
        for grant in batch:
            day = date(grant.year, 1, 1) + timedelta(days=rng.randrange(360))
            n = f"{written}"
            open_bookings = [
                b for b, v in grant.bookings.items() if v["amount"] - v["spent"] > 10**6
            ]
            roll = rng.random()
            if roll < 0.15 or not open_bookings:
                grant.book(
                    f"b{n}",
                    50_000_000,
                    day,
                    initiative_id=None,
                    activity=f"Insats {n}",
                    note=None,
                    meta=meta,
                )
            elif roll < 0.85:
                grant.spend(
                    f"s{n}",
                    rng.choice(open_bookings),
                    rng.randrange(1, 10**6),
                    day,
                    voucher=f"VER-{n}",
                    description="Faktura",
                    allow_extending_booking=False,
                    meta=meta,
                )
            elif roll < 0.95:
                grant.requisition(
                    f"r{n}", rng.randrange(1, 10**6), day, f"Rekvisition {n}", meta=meta
                )
            else:
                spent = [
                    k
                    for k, e in grant.entries.items()
                    if e["kind"] == "expenditure" and e["reversed_by"] is None
                ]
                if spent:
                    grant.reverse(f"x{n}", rng.choice(spent), day, "Rättelse", meta=meta)
                else:
                    grant.repay(f"p{n}", 1, day, None, meta=meta)
            written += 1
        app.save(*batch)  # type: ignore[attr-defined]
    return written


def bench_fund_report(backend: str, entries: int = 100_000) -> list[Line]:
    with fresh_database(backend) as url:
        k = bootstrap(Settings(database_url=url))
        try:
            written = write_ledger(k.app, entries)
            rebuild(k.app, k.engines)
            total = k.app.recorder.max_notification_id()
            (middle,) = k.app.recorder.select_notifications(start=total // 2, limit=1)
            moment = k.app.mapper.to_domain_event(middle).timestamp
            best_live = best_asof = best_raw = float("inf")
            for _ in range(2):
                rate, count = raw_read_rate(k.app)
                best_raw = min(best_raw, count / rate)
                started = time.perf_counter()
                live = k.reports.compute(ReportQuery(2021))
                best_live = min(best_live, time.perf_counter() - started)
                started = time.perf_counter()
                then = k.reports.compute(ReportQuery(2021), as_of=moment)
                best_asof = min(best_asof, time.perf_counter() - started)
            # The same report from the whole log replayed up to the moment.
            started = time.perf_counter()
            replayed = k.reports.replayed(ReportQuery(2021), as_of=moment)
            replay_s = time.perf_counter() - started
            assert then == replayed and live["lines"] and then["lines"] != live["lines"]
        finally:
            k.close()
    reference = "library reads + decodes the same events"
    return [
        Line(
            f"fund report 2021 from the live tables, ledger of {written:,} entries ({backend})",
            best_live,
            best_raw,
            "s",
            reference,
            lower_is_better=True,
            note=f"{len(live['lines']):,} lines in the year, {total:,} events",
        ),
        Line(
            f"fund report 2021 as known at a moment halfway, ledger of {written:,} entries "
            f"({backend})",
            best_asof,
            best_live,
            "s",
            "the live report, same run",
            target=2.0,
            lower_is_better=True,
            note=f"{len(then['lines']):,} lines then; the same report by replaying the log "
            f"up to the moment: {replay_s:.2f} s",
        ),
    ]


def write_events(app: object, events: int, batch: int = 5000) -> int:
    """Stored events of a realistic size straight through the chained recorder."""
    recorder = app.recorder  # type: ignore[attr-defined]
    topic = "domain.initiative:Initiative.HealthReported"
    body = (
        b'{"timestamp":{"_type_":"datetime_iso","_data_":"2026-01-01T12:00:00+00:00"},'
        b'"originator_topic":"domain.initiative:Initiative","health":"at-risk","comment":"%s",'
        b'"meta":{"actor":"6f1e0c2a-5b7d-4c1e-9a57-2d0c8b7e5a11","channel":"slack","source_id":null,'
        b'"correlation_id":"%s","business_date":null}}'
    )
    written = 0
    while written < events:
        n = min(batch, events - written)
        stored = [
            StoredEvent(
                uuid.uuid4(),
                1,
                topic,
                body % (os.urandom(24).hex().encode(), uuid.uuid4().hex.encode()),
            )
            for _ in range(n)
        ]
        recorder.insert_events(stored)
        written += n
    return written


def bench_verify(backend: str, events: int = 1_000_000) -> list[Line]:
    with fresh_database(backend) as url:
        k = bootstrap(Settings(database_url=url))
        try:
            write_events(k.app, events)
            started = time.perf_counter()
            rows = list(iter_events(k.app.recorder))
            read_s = time.perf_counter() - started
            started = time.perf_counter()
            prev = GENESIS
            for position, originator, version, topic, state in rows:
                prev = chain_link(prev, position, originator, version, topic, state)
            chain_s = time.perf_counter() - started
            payload = [
                b"".join((bytes(32), bytes(20), o, t.encode(), s)) for _p, o, _v, t, s in rows
            ]
            started = time.perf_counter()
            for data in payload:
                hashlib.sha256(data).digest()
            sha_s = time.perf_counter() - started
            volume = sum(map(len, payload))
            del rows, payload
            started = time.perf_counter()
            verdict = verify(k.app.recorder)
            verify_s = time.perf_counter() - started
            assert verdict.ok and verdict.events == events
        finally:
            k.close()
    return [
        Line(
            f"audit verify over {events:,} events ({backend})",
            events / verify_s,
            events / sha_s,
            "events/s",
            f"sha256 alone over the same {volume / 2**20:,.0f} MiB",
            lower_is_better=False,
            note=f"read alone {events / read_s:,.0f}/s; links alone {events / chain_s:,.0f}/s; "
            f"{verify_s:.1f} s in all",
        ),
        Line(
            f"audit verify vs reading the same rows ({backend})",
            events / verify_s,
            events / read_s,
            "events/s",
            "select without hashing",
        ),
    ]
