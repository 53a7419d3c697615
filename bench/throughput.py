"""Command throughput through the HTTP API vs the library's own save rate.

Both sides do the same work with 8 concurrent writers on the same backend:
create an initiative, then change it four times. Samverka runs as the real
service (`samverka serve`, a separate process) and is driven over HTTP; the
reference is eventsourcing's Application.save() of an equivalent aggregate.
"""

from __future__ import annotations

import http.client
import json
import os
import threading
import time
import uuid
from typing import Any

from eventsourcing.application import Application
from eventsourcing.domain import Aggregate, event

from bench.backends import fresh_database, library_env
from bench.report import Line
from bench.service import running_service
from domain import commands as c
from domain.access import ApiRole, hash_token, new_token
from domain.meta import make_meta
from samverka.bootstrap import bootstrap
from samverka.settings import Settings

CLIENTS = 8
HEALTH = ["on-track", "at-risk", "blocked", "on-track"]


class Thing(Aggregate):
    """The reference's aggregate: an initiative's shape without Samverka's rules."""

    @event("Created")
    def __init__(self, code: str, title: str, meta: dict[str, Any]) -> None:
        self.code = code
        self.health = ""

    @event("HealthReported")
    def report(self, health: str, comment: str, meta: dict[str, Any]) -> None:
        self.health = health


def _run_for(seconds: float, work: Any) -> float:
    """Runs `work(stop)` in CLIENTS threads; returns operations per second."""
    stop = threading.Event()
    counts = [0] * CLIENTS

    def loop(i: int) -> None:
        counts[i] = work(stop)

    threads = [threading.Thread(target=loop, args=(i,)) for i in range(CLIENTS)]
    started = time.perf_counter()
    for t in threads:
        t.start()
    time.sleep(seconds)
    stop.set()
    for t in threads:
        t.join()
    return sum(counts) / (time.perf_counter() - started)


def library_save_rate(database_url: str, seconds: float) -> float:
    app = Application(env=library_env(database_url))
    meta = make_meta(actor="system", channel="api")

    def work(stop: threading.Event) -> int:
        done = 0
        while not stop.is_set():
            thing = Thing(code=uuid.uuid4().hex[:8], title="Initiativ", meta=dict(meta))
            app.save(thing)
            done += 1
            for health in HEALTH:
                thing.report(health=health, comment="Läget", meta=dict(meta))
                app.save(thing)
                done += 1
        return done

    try:
        return _run_for(seconds, work)
    finally:
        app.close()


def _prepare(database_url: str) -> tuple[str, str]:
    k = bootstrap(Settings(database_url=database_url))
    system = make_meta(actor="system", channel="cli")
    person = k.app.execute(c.RegisterPerson(name="Bench moderator"), system).aggregate_id
    token = new_token()
    k.app.execute(
        c.IssueToken(person_id=person, role=ApiRole.MODERATOR, token_hash=hash_token(token)), system
    )
    arena = k.app.execute(c.CreateArena(code="B", name="Bench"), system).aggregate_id
    k.projector.catch_up()
    k.close()
    return token, str(arena)


def _client_process(
    port: int, token: str, arena: str, threads: int, seconds: float, out: Any
) -> None:
    """One load-generating process: `threads` keep-alive connections (stdlib
    http.client, which costs far less CPU per request than httpx)."""
    stop = threading.Event()
    counts = [0] * threads
    errors: list[str] = []
    headers = {
        "Authorization": f"Bearer {token}",
        "Content-Type": "application/json",
        "Prefer": "return=minimal",
    }

    def post(conn: http.client.HTTPConnection, path: str, body: dict[str, Any]) -> dict[str, Any]:
        conn.request("POST", path, body=json.dumps(body), headers=headers)
        response = conn.getresponse()
        data = response.read()
        if response.status not in (200, 201):
            raise RuntimeError(f"{response.status} {data[:200]!r}")
        return json.loads(data)  # type: ignore[no-any-return]

    def loop(i: int) -> None:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        try:
            while not stop.is_set():
                created = post(
                    conn,
                    "/api/v1/initiatives",
                    {"arena_id": arena, "code": uuid.uuid4().hex[:12], "title": "Initiativ"},
                )
                counts[i] += 1
                for health in HEALTH:
                    post(
                        conn,
                        f"/api/v1/initiatives/{created['id']}/health",
                        {"health": health, "comment": "Läget"},
                    )
                    counts[i] += 1
        except Exception as error:
            errors.append(str(error))

    workers = [threading.Thread(target=loop, args=(i,)) for i in range(threads)]
    started = time.perf_counter()
    for t in workers:
        t.start()
    time.sleep(seconds)
    stop.set()
    for t in workers:
        t.join()
    out.put((sum(counts) / (time.perf_counter() - started), errors))


def http_command_rate(database_url: str, seconds: float) -> float:
    import multiprocessing

    token, arena = _prepare(database_url)
    workers = int(os.environ.get("BENCH_WORKERS", "1"))
    with running_service(database_url, workers=workers) as service:
        port = service.port
        context = multiprocessing.get_context("spawn")
        results = context.Queue()
        clients = [
            context.Process(
                target=_client_process, args=(port, token, arena, CLIENTS // 2, seconds, results)
            )
            for _ in range(2)
        ]
        for p in clients:
            p.start()
        rates = [results.get(timeout=seconds + 60) for _ in clients]
        for p in clients:
            p.join()
        errors = [e for _, errs in rates for e in errs]
        if errors:
            raise RuntimeError(f"client errors: {errors[:3]}")
        return sum(rate for rate, _ in rates)


def bench_throughput(backend: str, seconds: float = 10.0) -> list[Line]:
    with fresh_database(backend) as url:
        ours = http_command_rate(url, seconds)
    with fresh_database(backend) as url:
        reference = library_save_rate(url, seconds)
    return [
        Line(
            name=f"HTTP commands, {CLIENTS} clients, create+update initiatives ({backend})",
            ours=ours,
            reference=reference,
            unit="commands/s",
            reference_name=f"library Application.save, {CLIENTS} threads",
            target=0.4,
        )
    ]
