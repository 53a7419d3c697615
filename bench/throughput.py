"""Command throughput through the HTTP API vs the library's own save rate.

Both sides do the same work with 8 concurrent writers on the same backend:
create an initiative, then change it four times. Samverka runs as the real
service (`samverka serve --workers 4`: four API processes, the projector and
the scheduler in the supervising one) and is driven over HTTP; the reference
is eventsourcing's Application.save() of an equivalent aggregate.
"""

from __future__ import annotations

import json
import os
import socket
import sys
import threading
import time
import uuid
from pathlib import Path
from typing import Any

from eventsourcing.application import Application
from eventsourcing.domain import Aggregate, event

from bench.backends import fresh_database, library_env
from bench.report import Line
from bench.service import running_service
from domain import commands as c
from domain.meta import make_meta
from samverka.bootstrap import bootstrap
from samverka.settings import Settings
from tests.e2e.server import issue_token

CLIENTS = 8
# API worker processes: on the 2-core VM four keep both cores busy while some
# wait for the database (BENCH_WORKERS overrides it).
WORKERS = 4
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


def run_threads(threads: list[threading.Thread], stop: threading.Event, seconds: float) -> None:
    """Starts the threads, lets them work for `seconds`, then stops and joins them."""
    for t in threads:
        t.start()
    time.sleep(seconds)
    stop.set()
    for t in threads:
        t.join()


def _run_for(seconds: float, work: Any) -> float:
    """Runs `work(stop)` in CLIENTS threads; returns operations per second."""
    stop = threading.Event()
    counts = [0] * CLIENTS

    def loop(i: int) -> None:
        counts[i] = work(stop)

    threads = [threading.Thread(target=loop, args=(i,)) for i in range(CLIENTS)]
    started = time.perf_counter()
    run_threads(threads, stop, seconds)
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
    arena = k.app.execute(c.CreateArena(code="B", name="Bench"), system).aggregate_id
    # A member token, whose person moderates the arena the load writes to.
    _, token = issue_token(k, "Bench moderator", days=1, arena=(arena, "moderator"))
    k.projector.catch_up()
    k.close()
    return token, str(arena)


class _Connection:
    """One keep-alive HTTP/1.1 connection that writes prebuilt requests and reads
    only the status line, Content-Length and body: the load generator shares the
    VM's cores with the service, so it should cost as little CPU as it can."""

    def __init__(self, port: int, token: str) -> None:
        self.sock = socket.create_connection(("127.0.0.1", port), timeout=30)
        self.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self.head = (
            "Host: 127.0.0.1\r\n"
            f"Authorization: Bearer {token}\r\n"
            "Content-Type: application/json\r\n"
            "Prefer: return=minimal\r\n"
        ).encode()
        self.buffer = b""

    def post(self, path: str, body: bytes) -> bytes:
        self.sock.sendall(
            b"POST %s HTTP/1.1\r\n%sContent-Length: %d\r\n\r\n%s"
            % (path.encode(), self.head, len(body), body)
        )
        while (end := self.buffer.find(b"\r\n\r\n")) < 0:
            self._read()
        head, self.buffer = self.buffer[:end], self.buffer[end + 4 :]
        status = int(head[9:12])
        length = int(head.lower().split(b"content-length:", 1)[1].split(b"\r\n", 1)[0])
        while len(self.buffer) < length:
            self._read()
        data, self.buffer = self.buffer[:length], self.buffer[length:]
        if status not in (200, 201):
            raise RuntimeError(f"{status} {data[:200]!r}")
        return data

    def _read(self) -> None:
        chunk = self.sock.recv(65536)
        if not chunk:
            raise RuntimeError("the service closed the connection")
        self.buffer += chunk

    def close(self) -> None:
        self.sock.close()


def _client_process(
    port: int, token: str, arena: str, threads: int, seconds: float, out: Any, go: Any
) -> None:
    """One load-generating process with `threads` keep-alive connections,
    loading once `go` (a barrier) lets every party through: its imports are
    done, and so are the service's."""
    stop = threading.Event()
    counts = [0] * threads
    errors: list[str] = []
    updates = [json.dumps({"health": health, "comment": "Läget"}).encode() for health in HEALTH]

    def loop(i: int) -> None:
        conn = _Connection(port, token)
        try:
            while not stop.is_set():
                body = {"arena_id": arena, "code": uuid.uuid4().hex[:12], "title": "Initiativ"}
                created = json.loads(conn.post("/api/v1/initiatives", json.dumps(body).encode()))
                counts[i] += 1
                path = f"/api/v1/initiatives/{created['id']}/health"
                for update in updates:
                    conn.post(path, update)
                    counts[i] += 1
        except Exception as error:
            errors.append(str(error))
        finally:
            conn.close()

    workers = [threading.Thread(target=loop, args=(i,)) for i in range(threads)]
    go.wait()
    started, cpu = time.perf_counter(), time.process_time()
    run_threads(workers, stop, seconds)
    elapsed = time.perf_counter() - started
    out.put((sum(counts) / elapsed, errors, (time.process_time() - cpu) / elapsed))


def _cpu_ticks(root: int) -> tuple[int, int]:
    """The processes under `root` (itself excluded) and the CPU ticks that it
    and they have used, from /proc."""
    children: dict[int, list[int]] = {}
    ticks: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            stat = Path(f"/proc/{entry}/stat").read_text()
        except OSError:
            continue
        fields = stat[stat.rfind(")") + 2 :].split()
        children.setdefault(int(fields[1]), []).append(int(entry))
        ticks[int(entry)] = int(fields[11]) + int(fields[12])
    found, todo, total = 0, [root], 0
    while todo:
        pid = todo.pop()
        total += ticks.get(pid, 0)
        for child in children.get(pid, []):
            found += 1
            todo.append(child)
    return found, total


def _settled(pid: int, workers: int, within: float = 180.0) -> None:
    """Waits until every API worker has started: `/readyz` answers once the
    first does, while the others may still be importing (2-3 s of CPU each on
    this VM, RESULTS.md 2026-12-05), which is no part of a command's cost and
    the library's reference does not pay either. Settled: all the workers
    there and the whole tree under a tenth of a core for a second."""
    deadline = time.monotonic() + within
    hz = os.sysconf("SC_CLK_TCK")
    _, before = _cpu_ticks(pid)
    while time.monotonic() < deadline:
        time.sleep(1.0)
        found, after = _cpu_ticks(pid)
        if found >= workers and after - before < hz / 10:
            return
        before = after
    raise RuntimeError("samverka serve did not settle")


def http_command_rate(database_url: str, seconds: float, workers: int) -> float:
    import multiprocessing

    token, arena = _prepare(database_url)
    with running_service(database_url, workers=workers) as service:
        port = service.port
        context = multiprocessing.get_context("spawn")
        results = context.Queue()
        go = context.Barrier(3)
        clients = [
            context.Process(
                target=_client_process,
                args=(port, token, arena, CLIENTS // 2, seconds, results, go),
            )
            for _ in range(2)
        ]
        for p in clients:
            p.start()
        if sys.platform == "linux":
            _settled(service.process.pid, workers)
        go.wait(timeout=120)
        rates = [results.get(timeout=seconds + 60) for _ in clients]
        for p in clients:
            p.join()
        errors = [e for _, errs, _ in rates for e in errs]
        if errors:
            raise RuntimeError(f"client errors: {errors[:3]}")
        return sum(rate for rate, _, _ in rates)


def bench_throughput(backend: str, seconds: float = 10.0) -> list[Line]:
    workers = int(os.environ.get("BENCH_WORKERS", str(WORKERS)))
    with fresh_database(backend) as url:
        ours = http_command_rate(url, seconds, workers)
    with fresh_database(backend) as url:
        reference = library_save_rate(url, seconds)
    return [
        Line(
            name=f"HTTP commands, {CLIENTS} clients, create+update initiatives ({backend})",
            note=f"serve --workers {workers}",
            ours=ours,
            reference=reference,
            unit="commands/s",
            reference_name=f"library Application.save, {CLIENTS} threads",
            target=0.4,
        )
    ]
