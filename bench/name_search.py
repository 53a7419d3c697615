"""The Händelselogg's name search (its Vem field) with 10,000 persons
registered, next to a plain read of as many persons as a search returns.

Ours: `PlanQueries.persons_named_seen_by`, as `POST /audit` runs it (the
database compares the folded names kept in `folded_names`). Reference, in
the same run on the same store: `persons_page` of the first 21 persons by
name, the rows a search returns without finding them. For each of a whole
name, a part many share and a name no one has, the p95 of 100 searches.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from functools import partial

from bench.backends import fresh_database
from bench.report import Line
from bench.timing import p95_ms
from domain import commands as c
from domain.authority import Authority, GlobalRole
from domain.meta import SYSTEM_ACTOR, make_meta
from samverka.bootstrap import bootstrap
from samverka.settings import Settings

PERSONS = 10_000
ROUNDS = 100
SHOWN = 21  # the choices the page offers, and one to know there are more
WITHIN_MS = 100.0  # the Händelselogg's pages' target
WORDS = {
    "a whole name": "Östen Åkerlund 5000",
    "a part many share": "åkerlund 1",
    "a name no one has": "x y z",
}


def _p95(call: Callable[[], object]) -> float:
    times = []
    for _ in range(ROUNDS):
        start = time.perf_counter()
        call()
        times.append(time.perf_counter() - start)
    return p95_ms(times)


def bench_name_search(backend: str, persons: int = PERSONS) -> list[Line]:
    lines = []
    with fresh_database(backend) as url:
        k = bootstrap(Settings(database_url=url))
        try:
            meta = make_meta(actor=SYSTEM_ACTOR, channel="cli")
            for n in range(persons):
                k.app.execute(c.RegisterPerson(name=f"Östen Åkerlund {n:04}"), meta)
            k.projector.catch_up()
            auditor = Authority("bench", frozenset({GlobalRole.AUDITOR}))
            for label, words in WORDS.items():
                ours = _p95(partial(k.plan.persons_named_seen_by, words, auditor, limit=SHOWN))
                theirs = _p95(lambda: k.plan.persons_page(limit=SHOWN, offset=0))
                lines.append(
                    Line(
                        name=f"Händelselogg name search p95, {label}, {persons:,} persons "
                        f"({backend})",
                        ours=ours,
                        reference=theirs,
                        unit="ms",
                        reference_name=f"the first {SHOWN} persons by name, no search",
                        lower_is_better=True,
                        note=f"{'met' if ours < WITHIN_MS else 'missed'} (< {WITHIN_MS:.0f} ms)",
                    )
                )
        finally:
            k.close()
    return lines
