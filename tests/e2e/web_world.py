"""What the web door's tests share: people in an arena, sign-in links, the
CSRF token of a page, and sending a page's form."""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import NamedTuple
from uuid import UUID

import httpx
import pytest

from adapters.web.sessions import SessionStore, web_engine
from adapters.web.signin import link_url
from domain import commands as c
from domain.access import ApiRole, hash_token, new_token
from domain.checkins.questions import make_question
from domain.meetings.commands import OpenCheckInRound
from domain.meta import make_meta
from samverka.bootstrap import Container, bootstrap
from samverka.demo import DemoLoader, Loaded
from samverka.settings import Settings
from services.notifications import FakeNotifier
from tests.clock import FixedClock
from tests.e2e.server import serve

SYSTEM = make_meta(actor="system", channel="cli")
_CSRF = re.compile(r'name="csrf" value="([^"]+)"')


@dataclass
class WebWorld:
    k: Container
    base: str
    notifier: FakeNotifier
    arena: UUID
    moderator: str  # person ids
    member: str

    def link(self, person_id: str) -> str:
        """A fresh sign-in link, as `samverka login-link` prints it."""
        store = SessionStore(web_engine(self.k.settings.database_url))
        return link_url(self.base, store.issue_link(person_id, self.k.clock.now()))

    def client(self) -> httpx.Client:
        return httpx.Client(base_url=self.base, follow_redirects=False)

    def signed_in(self, person_id: str) -> httpx.Client:
        """A client with a session: the link opened and its button pressed."""
        client = self.client()
        url = self.link(person_id)
        done = client.post(url, data={"csrf": csrf_of(client.get(url).text)})
        assert done.status_code == 303 and done.headers["location"] == "/", done.text
        return client

    @contextmanager
    def session(self, person_id: str) -> Iterator[httpx.Client]:
        client = self.signed_in(person_id)
        try:
            yield client
        finally:
            client.close()


# What `import *` gives a test module: the fixtures of the world (pytest
# finds a module's fixtures by name); `settings` is imported by name where
# a module takes this world's SQLite settings rather than its own.
__all__ = ["container", "demo", "notifier", "web"]


def links_mailed(notifier: FakeNotifier, count: int) -> list[str]:
    """The sign-in links mailed so far, once there are `count` (they are sent
    after the answer, so a known address takes no longer than an unknown one)."""
    deadline = time.monotonic() + 5
    while len(notifier.of_kind("sign-in-link")) < count and time.monotonic() < deadline:
        time.sleep(0.02)
    mails = notifier.of_kind("sign-in-link")
    return [next(w for w in m.text.split() if "/sign-in/link/" in w) for m in mails]


def csrf_of(html: str) -> str:
    found = _CSRF.search(html)
    assert found, "the page has no form with a CSRF token"
    return found.group(1)


def form_fields(html: str, action: str) -> dict[str, str]:
    """The hidden fields (csrf, form_id) of the form in `html` posting to `action`."""
    form = html.split(f'action="{action}"', 1)[1].split("</form>", 1)[0]
    return dict(re.findall(r'type="hidden" name="([^"]+)" value="([^"]+)"', form))


def post_form(client: httpx.Client, page: str, action: str, **fields: object) -> httpx.Response:
    """Sends the form of `page` that posts to `action`: its hidden fields and `fields`."""
    return client.post(action, data={**form_fields(page, action), **fields})


def followed(client: httpx.Client, answer: httpx.Response) -> str:
    """The page a form's answer leads to, the form having been saved (303)."""
    assert answer.status_code == 303, answer.text
    return client.get(answer.headers["location"]).text


def saved(client: httpx.Client, page: str, action: str, **fields: object) -> str:
    """Sends the form of `page` that posts to `action`, which saves it (303):
    the page that leads to."""
    return followed(client, post_form(client, page, action, **fields))


def add_person(k: Container, name: str, email: str, arena: UUID | None, role: str) -> str:
    person = k.app.execute(
        c.RegisterPerson(name=name, email=email, organisation="Region Test"), SYSTEM
    ).aggregate_id
    if arena is not None:
        k.app.execute(c.AddMember(arena_id=arena, person_id=person, role=role), SYSTEM)
    return str(person)


def give_role(k: Container, person: UUID, role: ApiRole, label: str | None = None) -> None:
    """Gives `person` the role by an API token valid for 30 days, issued by
    the system, and brings the read side up to date."""
    k.app.execute(
        c.IssueToken(
            person_id=person,
            role=role,
            token_hash=hash_token(new_token()),
            label=label,
            expires_at=k.clock.now() + timedelta(days=30),
        ),
        SYSTEM,
    )
    k.projector.catch_up()


@pytest.fixture
def notifier() -> FakeNotifier:
    return FakeNotifier()


@pytest.fixture
def container(settings: Settings, clock: FixedClock, notifier: FakeNotifier) -> Iterator[Container]:
    k = bootstrap(settings, clock=clock, notifier=notifier)
    try:
        yield k
    finally:
        k.close()


@pytest.fixture
def web(container: Container, notifier: FakeNotifier) -> Iterator[WebWorld]:
    k = container
    arena = k.app.execute(
        c.CreateArena(code="2.7", name="Hälsofrämjande digitalt liv", kind="delarena"), SYSTEM
    ).aggregate_id
    moderator = add_person(k, "Bengt Moderator", "bengt@example.se", arena, "moderator")
    member = add_person(k, "Maja Medlem", "maja@example.se", arena, "participant")
    k.projector.catch_up()
    with serve(k) as base:
        yield WebWorld(k, base, notifier, arena, moderator, member)


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    """SQLite only: these tests are about pages, not the store."""
    return Settings(database_url=f"sqlite:///{tmp_path}/samverka.db", aggregate_cache_size=100)


@pytest.fixture(name="settings")
def pg_settings(pg_schema_url: str) -> Settings:
    """The store in a PostgreSQL schema of its own: import it in place of
    `settings` to run a module's flows on PostgreSQL."""
    return Settings(database_url=pg_schema_url, aggregate_cache_size=100)


@pytest.fixture
def demo(container: Container, notifier: FakeNotifier) -> Iterator[tuple[WebWorld, Loaded]]:
    """The demo world (delarena 2.7, its people and initiatives), served; the
    moderator is Bengt Stavenow, the member Amanda Romare (its secretary)."""
    loaded = DemoLoader(container.app).load()
    container.projector.catch_up()
    persons = loaded.persons
    with serve(container) as base:
        world = WebWorld(
            container,
            base,
            notifier,
            loaded.arenas["27"],
            moderator=str(persons["bengt"]),
            member=str(persons["amanda"]),
        )
        yield world, loaded


def make_admin(k: Container, name: str = "Ada Admin", email: str = "ada@example.se") -> str:
    """A person in no arena with an admin API token: an admin, as the API knows them."""
    person = k.app.execute(c.RegisterPerson(name=name, email=email), SYSTEM).aggregate_id
    give_role(k, person, ApiRole.ADMIN, label="Ada's token")
    return str(person)


class AdminSession(NamedTuple):
    world: WebWorld
    admin: str  # the admin's person id
    client: httpx.Client  # signed in as the admin


@pytest.fixture
def admin_session(demo: tuple[WebWorld, Loaded]) -> Iterator[AdminSession]:
    """The demo world with an admin (`make_admin`), signed in."""
    world, _ = demo
    admin = make_admin(world.k)
    with world.session(admin) as client:
        yield AdminSession(world, admin, client)


def open_round(world: WebWorld, loaded: Loaded) -> str:
    """A check-in round on 2.7.2 with one question of each kind; its id."""
    k = world.k
    now = k.clock.now()
    questions = [
        make_question("health", "Hur går det för 2.7.2?", "health", required=True),
        make_question("people", "Hur många var med?", "number", minimum=0, maximum=100),
        make_question(
            "form", "Vilken form hade mötet?", "choice", choices=["Digitalt", "På plats"]
        ),
        make_question("note", "Något mer?", "text"),
    ]
    command = OpenCheckInRound(
        title="Läget i 2.7.2",
        audience_kind="initiative",
        audience_id=loaded.initiatives["272"],
        questions=questions,
        opens_at=now,
        due_at=now + timedelta(days=3),
    )
    round_id = k.app.execute(command, SYSTEM).aggregate_id
    k.projector.catch_up()
    return str(round_id)
