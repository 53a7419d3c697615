"""What the chat doors' benches share (bench/slack.py, bench/teams.py):
people sending requests to a door back to back while a round of messages
goes out, timed as HTTP round trips, the percentiles of those times, and
the lines both benches print of them and of the round's delivery.

Each person's first request is not counted: it warms the server (imports on
first use, the first token, the first connection), a cost paid once per
process that would otherwise land in the p99 of whichever side of the
comparison happened to be cold.
"""

from __future__ import annotations

import statistics
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx

from bench.report import Line
from domain import commands as c
from domain.handlers.checkins import status_questions
from domain.meetings import commands as m
from domain.meta import make_meta
from samverka.bootstrap import Container
from scheduler.config import SchedulerConfig
from scheduler.dispatch import Dispatcher
from scheduler.jobs import JobRunner
from tests.e2e.server import serve

# Sends user `n`'s request number `i` with the client; returns the response.
Send = Callable[[httpx.Client, int, int], httpx.Response]
TYPING = 0.5  # seconds between one person's requests: a person, not a loop
# The fakes' limit on what a round sends (Slack's chat.postMessage, the
# Connector's proactive posts): a burst, then a steady rate.
BURST, PER_SECOND = 50, 50.0
ACCEPTED = (200, 202)


def drive(
    base: str, users: int, send: Send, until: Callable[[], bool], min_seconds: float
) -> list[float]:
    """`users` threads call `send` back to back until `until()` holds and
    `min_seconds` have passed; returns the latencies (ms) after warming up."""
    latencies: list[float] = []
    lock = threading.Lock()
    warm = threading.Barrier(users)
    started: list[float] = []

    def user(n: int) -> None:
        with httpx.Client(base_url=base, timeout=60) as client:
            first = send(client, n, 0)
            assert first.status_code in ACCEPTED, first.text
            if warm.wait() == 0:
                started.append(time.monotonic())
            warm.wait()
            i = 0
            while not until() or time.monotonic() - started[0] < min_seconds:
                i += 1
                began = time.perf_counter()
                response = send(client, n, i)
                took = (time.perf_counter() - began) * 1000
                assert response.status_code in ACCEPTED, response.text
                with lock:
                    latencies.append(took)
                time.sleep(TYPING)

    threads = [threading.Thread(target=user, args=(n,)) for n in range(users)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return latencies


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def seed_round(k: Container, people: list[Any], users: int, cards: int) -> str:
    """The first `users` people in an initiative, and a check-in round
    opened to the first `cards`; returns the round's id."""
    app = k.app
    system = make_meta(actor="system", channel="cli")
    arena = app.execute(c.CreateArena(code="9.9", name="Bänk"), system).aggregate_id
    i = app.execute(
        c.CreateInitiative(arena_id=arena, code="9.9.1", title="Bänk", status="active"), system
    ).aggregate_id
    for person in people[:users]:
        app.execute(c.AddParticipant(initiative_id=i, person_id=person), system)
    now = k.clock.now()
    opened = m.OpenCheckInRound(
        title="Läget",
        audience_kind="persons",
        person_ids=people[:cards],
        questions=status_questions(),
        opens_at=now - timedelta(minutes=1),
        due_at=now + timedelta(days=2),
    )
    return str(app.execute(opened, system).aggregate_id)


def round_under_load(
    k: Container,
    round_id: str,
    limit: Callable[[int, float], None],
    load: Callable[[str, Callable[[], bool]], list[float]],
) -> tuple[list[float], float]:
    """Queues the round's notices, turns the fake's rate limit on
    (`limit(burst, per_second)`), then sends them with the dispatcher while
    `load(base, sent)` drives the door, served under uvicorn, until they are
    sent; returns the load's latencies and the seconds the sending took."""
    k.projector.catch_up()
    cfg = SchedulerConfig()
    JobRunner(k.app, k.engines, k.projector, k.clock.now, cfg).run(f"round:{round_id}:notice")
    limit(BURST, PER_SECOND)
    done = threading.Event()
    took: list[float] = []

    def send() -> None:
        began = time.perf_counter()
        assert k.notifier is not None
        Dispatcher(k.app, k.engines, k.projector, k.notifier, k.clock.now, cfg).run_once()
        took.append(time.perf_counter() - began)
        done.set()

    with serve(k) as base:
        sender = threading.Thread(target=send)
        sender.start()
        ours = load(base, done.is_set)
        sender.join()
    return ours, took[0]


@dataclass(frozen=True)
class Door:
    """How a door's lines name what they measure."""

    handling: str  # what a request's round trip is: "slack ack"
    message: str  # what the round sends: "DM"
    requests: str  # what the users send: "commands"
    bare: str  # the bare reference's name
    least: str  # the least delivery time's name


def round_lines(
    door: Door,
    backend: str,
    ours: list[float],
    reference: list[float],
    took: float,
    *,
    sent: int,
    arrived: int,
    throttled: int,
) -> list[Line]:
    """The door's p50 and p99 during the round (`ours`) next to the bare
    reference's, and the seconds the round's `sent` messages took next to
    the least the fakes' limit allows (`arrived` of them did, after
    `throttled` 429s)."""
    assert arrived >= sent, f"only {arrived} {door.message}s arrived"
    minimum = max(0.0, (sent - BURST) / PER_SECOND)
    stamp = datetime.now(UTC).strftime("%H:%M")
    note = f"{len(ours)} {door.requests} during the round"
    during = f"20 users during a 1,000-{door.message} round ({backend})"
    figures: dict[str, Callable[[list[float]], float]] = {
        "p50": statistics.median,
        "p99": lambda values: pct(values, 0.99),
    }
    limit = f"{BURST} burst + {PER_SECOND:.0f}/s limit"
    return [
        *(
            Line(
                f"{door.handling} {label}, {during}",
                figure(ours),
                figure(reference),
                "ms",
                door.bare,
                lower_is_better=True,
                note=note,
            )
            for label, figure in figures.items()
        ),
        Line(
            f"deliver 1,000 check-in {door.message}s, {limit} ({backend})",
            took,
            minimum,
            "s",
            door.least,
            lower_is_better=True,
            note=f"{throttled} × 429 waited out; {stamp}",
        ),
    ]
