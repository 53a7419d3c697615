"""The web pages' server time next to the JSON API's for the same data.

A store with a long history (1,000,000 events by default) over 200
initiatives in 20 arenas; `samverka serve` as its own process; a moderator
signed in through a real sign-in link. Each page is asked for again and
again, alternating with the API requests that return the same data, one
request at a time, so both see the same machine. The figure is the p95 of
the round trip on loopback, which is the server's time plus a small
constant both sides share.

On a host shared with other work the round trip moves with the load, so
each page also gets a line of the server's own CPU time per request (the
process's user + system time from /proc, over all the rounds of the page
and then of its API requests), which the load moves much less.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, replace
from datetime import UTC, date, datetime, timedelta
from uuid import UUID

import httpx

from adapters.web.sessions import SessionStore, web_engine
from adapters.web.signin import link_url
from bench.kept import prepared_store
from bench.report import Line
from bench.service import api_client, running_service
from bench.timing import Against
from bench.workload import write_history
from domain.access import ApiRole
from domain.meetings.commands import AddAgendaItem, ScheduleSeries
from domain.meetings.meeting import meeting_id
from domain.meta import make_meta
from projections.rebuild import rebuild
from samverka.bootstrap import Container, bootstrap
from samverka.settings import Settings
from services.i18n import STOCKHOLM
from services.queries.audit import AuditFilter
from tests.e2e.server import issue_token

ARENAS = 20  # ten initiatives each: the 200 of the requirement
TARGET_RATIO = 1.5
TARGET_MS = 100.0
SAME_DATA = Against("web page", "JSON API, same data", TARGET_MS, TARGET_RATIO)
BENCH = make_meta(actor="system", channel="cli")
_CSRF = re.compile(r'name="csrf" value="([^"]+)"')


@dataclass(frozen=True)
class World:
    person_id: str
    token: str
    arena_id: str
    initiative_id: str
    link: str
    series_id: str = ""
    day: str = ""  # the series' first meeting, with an agenda
    # For the Händelselogg (bench/trail.py): an auditor, someone whose
    # changes are in the trail, and the day the history was written.
    auditor_id: str = ""
    auditor_token: str = ""
    actor_id: str = ""
    trail_day: str = ""


def _prepare(database_url: str, events: int) -> World:
    k = bootstrap(Settings(database_url=database_url))
    try:
        write_history(k.app, events, arena_count=ARENAS)
        rebuild(k.app, k.engines)
        arena = k.plan.arenas_page(limit=1, offset=0).items[0]
        arena_id = UUID(str(arena["id"]))
        person_id, token = issue_token(
            k, "Bengt Stavenow", ApiRole.MEMBER, days=60, arena=(arena_id, "moderator")
        )
        found = k.plan.initiatives_page(limit=1, offset=0, arena_id=str(arena_id)).items[0]
        series_id, day = _a_series(k, arena_id, UUID(person_id), UUID(str(found["id"])))
        store = SessionStore(web_engine(database_url))
        link = store.issue_link(person_id, k.clock.now())
        auditor_id, auditor_token = issue_token(k, "Greta Granskare", ApiRole.AUDITOR, days=60)
        rows, _ = k.trail.page(AuditFilter(aggregate_id=str(found["id"])), limit=2)
        written = datetime.fromisoformat(str(rows[-1]["recorded_at"])).astimezone(STOCKHOLM)
        return World(
            person_id,
            token,
            str(arena_id),
            str(found["id"]),
            link,
            series_id,
            day,
            auditor_id,
            auditor_token,
            str(rows[-1]["actor_id"]),
            written.date().isoformat(),
        )
    finally:
        k.close()


def _a_series(k: Container, arena: UUID, moderator: UUID, initiative: UUID) -> tuple[str, str]:
    """A fortnightly series of the moderator's, whose first meeting (next
    Tuesday) has an agenda of five items."""
    today = k.clock.now().date()
    first = today + timedelta(days=(1 - today.weekday()) % 7 or 7)
    schedule = ScheduleSeries(
        title="Öppet samordningsmöte: Digitala lösningar",
        moderator_id=moderator,
        starts_on=first,
        weekday=1,
        arena_id=arena,
        initiative_id=initiative,
    )
    series = k.app.execute(schedule, BENCH).aggregate_id
    for n in range(1, 6):
        item = AddAgendaItem(series_id=series, occurrence_date=first, title=f"Punkt {n}")
        k.app.execute(item, BENCH)
    k.projector.catch_up()
    return str(series), first.isoformat()


def _meeting(world: World) -> UUID:
    return meeting_id(UUID(world.series_id), date.fromisoformat(world.day))


def signed_in(base: str, link: str) -> httpx.Client:
    """A client signed in by the sign-in `link` (good once)."""
    client = httpx.Client(base_url=base, timeout=60)
    url = link_url(base, link)
    page = client.get(url)
    found = _CSRF.search(page.text)
    if found is None:
        raise RuntimeError("the sign-in link page has no form")
    done = client.post(url, data={"csrf": found.group(1)})
    if done.status_code != 303:
        raise RuntimeError(f"signing in failed: {done.status_code}")
    return client


@contextmanager
def kept_world(backend: str, events: int, signs_in: str) -> Iterator[tuple[str, World]]:
    """The kept web store of `events` events (prepared on first use) and its
    world, with a fresh sign-in link for the person named by the World field
    `signs_in` ("person_id", "auditor_id")."""
    with prepared_store(backend, f"web-{events}", lambda url: asdict(_prepare(url, events))) as (
        url,
        found,
    ):
        world = World(**found)
        # A link is good once: a kept store's world needs a new one.
        person = getattr(world, signs_in)
        link = SessionStore(web_engine(url)).issue_link(person, datetime.now(UTC))
        yield url, replace(world, link=link)


def bench_web(backend: str, events: int = 1_000_000, rounds: int = 200) -> list[Line]:
    with kept_world(backend, events, "person_id") as (url, world):
        return measure_pages(url, world, f"{events:,} events ({backend})", rounds)


def measure_pages(url: str, world: World, label: str, rounds: int = 200) -> list[Line]:
    """The page lines for a prepared store (`label` says which)."""
    with running_service(url) as service:
        web = signed_in(service.base, world.link)
        api = api_client(service, world.token)
        arena, initiative = world.arena_id, world.initiative_id
        # Each page and the API requests that carry the same data (the
        # initiative page names its arena; the API has no health history,
        # so the page's latest reports are extra work on our side).
        pairs: dict[str, tuple[list[str], list[str]]] = {
            "Min översikt": (
                ["/"],
                [
                    f"/api/v1/arenas/{arena}",
                    "/api/v1/meetings/upcoming",
                    f"/api/v1/action-items?person_id={world.person_id}",
                ],
            ),
            "an arena": ([f"/arenas/{arena}"], [f"/api/v1/arenas/{arena}"]),
            "the series list": (["/series"], ["/api/v1/meeting-series"]),
            "a meeting page": (
                [f"/series/{world.series_id}/meetings/{world.day}"],
                [f"/api/v1/meetings/{_meeting(world)}"],
            ),
            "an initiative": (
                [f"/initiatives/{initiative}"],
                [f"/api/v1/initiatives/{initiative}", f"/api/v1/arenas/{arena}"],
            ),
        }
        lines: list[Line] = []
        try:
            for name, (pages, requests) in pairs.items():
                asked = (web, pages), (api, requests)
                lines += SAME_DATA.lines(f"{name}, {label}", service.process.pid, *asked, rounds)
        finally:
            web.close()
            api.close()
        return lines
