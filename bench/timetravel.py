"""Tidsresa's pages next to the same pages now, and the Händelselogg's
filters, with a million events stored.

The store: the web line's plan history (200 initiatives in 20 arenas,
about 4,500 events each) and a ledger of 100,000 entries on 128 grants
(about 780 lines each), 1,000,000 events in all. `samverka serve` as its own
process (one worker); an auditor (an auditor token, no arena role: no edit
forms on either page) signed in through a real sign-in link. Each as-of
page alternates with the same page now, one request at a time; the moment
is halfway through the thing's history. (The Händelselogg's filters are
bench/trail.py's line.)
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from uuid import UUID

from adapters.web.sessions import SessionStore, web_engine
from bench.backends import fresh_database
from bench.funds import write_ledger
from bench.report import Line
from bench.service import running_service
from bench.timing import Against
from bench.web import signed_in
from bench.workload import write_history
from domain import commands as c
from domain.access import ApiRole, hash_token, new_token
from domain.meta import make_meta
from projections.rebuild import rebuild
from samverka.bootstrap import bootstrap
from samverka.settings import Settings
from services.i18n import STOCKHOLM
from services.queries.audit import AuditFilter

LEDGER = 100_000
ARENAS = 20
RATIO = 2.0
AS_OF_MS = 150.0
AS_OF = Against("web page", "the same page now", AS_OF_MS, RATIO)
BENCH = make_meta(actor="system", channel="cli")


@dataclass(frozen=True)
class World:
    person: str  # the auditor, signed in by a fresh link when measured
    initiative: str
    initiative_at: datetime
    grant: str
    grant_at: datetime
    actor: str


def _halfway(k: object, thing: str) -> datetime:
    rows, _ = k.trail.page(AuditFilter(aggregate_id=thing), limit=100_000)  # type: ignore[attr-defined]
    first = datetime.fromisoformat(str(rows[0]["recorded_at"]))
    last = datetime.fromisoformat(str(rows[-1]["recorded_at"]))
    return first + (last - first) / 2


def _prepare(url: str, events: int) -> World:
    k = bootstrap(Settings(database_url=url))
    try:
        write_history(k.app, events - LEDGER, arena_count=ARENAS)
        write_ledger(k.app, LEDGER)
        rebuild(k.app, k.engines)
        person = k.app.execute(
            c.RegisterPerson(name="Greta Granskare", email="greta@example.se"), BENCH
        ).aggregate_id
        token = c.IssueToken(
            person_id=person,
            role=ApiRole.AUDITOR,
            token_hash=hash_token(new_token()),
            expires_at=k.clock.now() + timedelta(days=1),
        )
        k.app.execute(token, BENCH)
        k.projector.catch_up()
        initiative = str(k.plan.initiatives_page(limit=1, offset=0).items[0]["id"])
        grant = str(k.funds.grants_page(limit=1, offset=0).items[0]["id"])
        rows, _ = k.trail.page(AuditFilter(aggregate_id=initiative), limit=2)
        return World(
            str(person),
            initiative,
            _halfway(k, initiative),
            grant,
            _halfway(k, grant),
            str(rows[-1]["actor_id"]),
        )
    finally:
        k.close()


def _params(at: datetime) -> str:
    local = at.astimezone(STOCKHOLM)
    return f"day={local.date().isoformat()}&time={local.strftime('%H:%M:%S')}"


def bench_timetravel(backend: str, events: int = 1_000_000, rounds: int = 100) -> list[Line]:
    with fresh_database(backend) as url:
        world = _prepare(url, events)
        return measure(url, world, f"{events:,} events ({backend})", rounds)


def measure(url: str, world: World, label: str, rounds: int = 100) -> list[Line]:
    lines: list[Line] = []
    link = SessionStore(web_engine(url)).issue_link(world.person, datetime.now(UTC))
    # A million events on a busy shared host: the service may take a while.
    with running_service(url, ready_within=900) as service:
        web = signed_in(service.base, link)
        try:
            initiative = f"/initiatives/{world.initiative}"
            grant = f"/funds/grants/{UUID(world.grant)}"
            pairs = {
                "an initiative as of a moment": (
                    f"{initiative}/as-of?{_params(world.initiative_at)}",
                    initiative,
                ),
                "a grant with its ledger as of a moment": (
                    f"{grant}/as-of?{_params(world.grant_at)}",
                    grant,
                ),
            }
            for name, (then, now) in pairs.items():
                said = f"{name}, {label}"
                lines.append(AS_OF.p95_line(said, (web, [then]), (web, [now]), rounds))
        finally:
            web.close()
    return lines
