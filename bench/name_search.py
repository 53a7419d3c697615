"""One name search of the Händelselogg's Vem field with 10,000 persons
registered: the server's lookup (`PlanQueries.persons_named_seen_by`, all
names read and folded in Python), as `POST /audit` runs it.

Run: .venv/bin/python -m bench.name_search [sqlite|postgres] …
A whole name, a part many share, and a name no one has; median and p95
of 100 searches each, in ms.
"""

from __future__ import annotations

import statistics
import sys
import time

from bench.backends import fresh_database
from domain import commands as c
from domain.authority import Authority, GlobalRole
from domain.meta import SYSTEM_ACTOR, make_meta
from samverka.bootstrap import bootstrap
from samverka.settings import Settings

PERSONS = 10_000
ROUNDS = 100
WORDS = {
    "a whole name": "Östen Åkerlund 5000",
    "a part many share": "åkerlund 1",
    "no one": "x y z",
}


def measure(backend: str) -> dict[str, tuple[float, float]]:
    with fresh_database(backend) as url:
        k = bootstrap(Settings(database_url=url))
        try:
            meta = make_meta(actor=SYSTEM_ACTOR, channel="cli")
            for n in range(PERSONS):
                k.app.execute(c.RegisterPerson(name=f"Östen Åkerlund {n:04}"), meta)
            k.projector.catch_up()
            auditor = Authority("bench", frozenset({GlobalRole.AUDITOR}))
            found: dict[str, tuple[float, float]] = {}
            for label, words in WORDS.items():
                times = []
                for _ in range(ROUNDS):
                    start = time.perf_counter()
                    k.plan.persons_named_seen_by(words, auditor, limit=21)
                    times.append((time.perf_counter() - start) * 1000)
                times.sort()
                found[label] = (statistics.median(times), times[int(len(times) * 0.95) - 1])
            return found
        finally:
            k.close()


if __name__ == "__main__":
    for backend in sys.argv[1:] or ["sqlite", "postgres"]:
        for label, (median, p95) in measure(backend).items():
            print(f"{backend:8} {label:18} median {median:6.1f} ms  p95 {p95:6.1f} ms")
