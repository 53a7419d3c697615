"""Timing requests to a running service next to a reference's, in the same
run (bench/web.py, bench/trail.py, bench/timetravel.py).

Our requests and the reference's are asked in turn, one at a time, so both
see the same machine; the p95 of the round trips on loopback is the server's
time plus a small constant both sides share. On a host shared with other
work the round trip moves with the load, so a line can also give the
server's own CPU time per request (the process's user + system time from
/proc), which the load moves much less.
"""

from __future__ import annotations

import os
import statistics
import time
from dataclasses import dataclass
from pathlib import Path

import httpx

from bench.report import Line

# A client and the paths that, asked in turn, make one round.
Asked = tuple[httpx.Client, list[str]]
BLOCK = 10  # rounds of one side before the other's, for the CPU time


def p95_ms(samples: list[float]) -> float:
    return statistics.quantiles(samples, n=20)[18] * 1000


def timed(client: httpx.Client, paths: list[str]) -> float:
    """Seconds for asking each path in turn, as a reader of the page would."""
    took = 0.0
    for path in paths:
        start = time.perf_counter()
        answer = client.get(path)
        took += time.perf_counter() - start
        if answer.status_code != 200:
            raise RuntimeError(f"{path}: {answer.status_code}")
    return took


def _cpu_seconds(pid: int) -> float:
    """User + system CPU time of the process so far (Linux /proc)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def cpu_ms(pid: int, ours: Asked, theirs: Asked, rounds: int) -> tuple[float, float]:
    """The server's CPU milliseconds per round of asking each path in turn,
    for our requests and for the reference's, in alternating blocks (so a
    change in the host's load falls on both)."""
    spent = [0.0, 0.0]
    for _ in range(max(1, rounds // BLOCK)):
        for side, (client, paths) in enumerate((ours, theirs)):
            start = _cpu_seconds(pid)
            for _ in range(BLOCK):
                timed(client, paths)
            spent[side] += _cpu_seconds(pid) - start
    done = max(1, rounds // BLOCK) * BLOCK
    return spent[0] * 1000 / done, spent[1] * 1000 / done


@dataclass(frozen=True)
class Against:
    """What a bench's requests are measured against, and how its lines are
    named: "{what} p95, {said}" and "{what} server CPU per request, {said}"."""

    what: str  # the thing measured: "web page", "Händelselogg"
    reference_name: str
    within_ms: float  # the p95 our requests should stay under
    target: float | None = None  # the ratio ours/reference, at most

    def p95_line(self, said: str, ours: Asked, theirs: Asked, rounds: int) -> Line:
        """Our p95 next to the reference's, the two asked in turn `rounds` times."""
        ours_s, theirs_s = [], []
        for _ in range(rounds):
            ours_s.append(timed(*ours))
            theirs_s.append(timed(*theirs))
        p95 = p95_ms(ours_s)
        verdict = "met" if p95 < self.within_ms else "MISSED"
        return Line(
            name=f"{self.what} p95, {said}",
            ours=p95,
            reference=p95_ms(theirs_s),
            unit="ms",
            reference_name=self.reference_name,
            target=self.target,
            lower_is_better=True,
            note=f"{verdict} (< {self.within_ms:.0f} ms)",
        )

    def cpu_line(self, said: str, pid: int, ours: Asked, theirs: Asked, rounds: int) -> Line:
        """The server's (process `pid`) CPU per round, ours next to the reference's."""
        ours_cpu, their_cpu = cpu_ms(pid, ours, theirs, rounds)
        return Line(
            name=f"{self.what} server CPU per request, {said}",
            ours=ours_cpu,
            reference=their_cpu,
            unit="ms",
            reference_name=self.reference_name,
            target=self.target,
            lower_is_better=True,
        )

    def lines(self, said: str, pid: int, ours: Asked, theirs: Asked, rounds: int) -> list[Line]:
        """The p95 line, then the server CPU line."""
        return [
            self.p95_line(said, ours, theirs, rounds),
            self.cpu_line(said, pid, ours, theirs, rounds),
        ]
