"""Sign-in links and browser sessions: what the web door keeps for itself.

Not events and not projections (replay never drops them, so they cannot be
rebuilt): side tables beside the database, as the Slack and mail doors keep
theirs (adapters/persistence/side_tables.py), made and upgraded by Alembic
(`migrations/`, version table `alembic_version_web`). Only a SHA-256 hash of each
link and session token is stored, as for API tokens, so a copy of the
tables lets nobody in.

A link is valid for `LINK_MINUTES` and works once; a session ends when it is
not used for its idle timeout, at sign-out, when its person is in no arena
any more (checked on every request by the door), and the moment its person
is forgotten: `WebForgetting` is the erasure service's hook that deletes the
person's sessions, unused links and provider subjects at once.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any
from uuid import UUID

from sqlalchemy import (
    Column,
    Engine,
    Executable,
    Index,
    MetaData,
    Row,
    Select,
    String,
    Table,
    delete,
    insert,
    select,
    update,
)

from adapters.persistence.migrate import Migrations
from adapters.persistence.side_tables import side_engine, side_engines
from domain.access import hash_token, new_token

LINK_MINUTES = 15
# At most this many links per person in LINK_MINUTES: asking again and again
# must not fill someone's inbox.
LINKS_AT_ONCE = 3
IDLE_MINUTES = 120
# A session's last use is written at most this often (not on every page).
TOUCH_SECONDS = 60

web_metadata = MetaData()
login_links = Table(
    "web_login_links",
    web_metadata,
    Column("token_hash", String(64), primary_key=True),
    Column("person_id", String(36), nullable=False),
    Column("created_at", String(40), nullable=False),
    Column("expires_at", String(40), nullable=False),
    Column("used_at", String(40)),
)
sessions = Table(
    "web_sessions",
    web_metadata,
    Column("token_hash", String(64), primary_key=True),
    Column("person_id", String(36), nullable=False),
    Column("created_at", String(40), nullable=False),
    Column("last_seen", String(40), nullable=False),
    Index("ix_web_sessions_person", "person_id"),
)

# OpenID Connect (oidc.py): a sign-in under way, between the redirect to the
# provider and its way back (state, nonce and PKCE verifier; minutes only),
# and the provider's stable subject of each person, once linked.
oidc_flows = Table(
    "web_oidc_flows",
    web_metadata,
    Column("state_hash", String(64), primary_key=True),
    Column("nonce", String(128), nullable=False),
    Column("code_verifier", String(128), nullable=False),
    Column("created_at", String(40), nullable=False),
    Column("expires_at", String(40), nullable=False),
)
oidc_subjects = Table(
    "web_oidc_subjects",
    web_metadata,
    Column("issuer", String(500), primary_key=True),
    Column("subject", String(255), primary_key=True),
    Column("person_id", String(36), nullable=False),
    Column("linked_at", String(40), nullable=False),
    Index("ix_web_oidc_subjects_person", "person_id"),
)
# How long a sign-in at the provider may take.
OIDC_FLOW_MINUTES = 10

# When each API token was last used (adapters/web/token_use.py): kept with
# the web door's tables, which its administration pages show.
token_use = Table(
    "api_token_use",
    web_metadata,
    Column("token_id", String(36), primary_key=True),
    Column("last_used_at", String(40), nullable=False),
)


WEB_MIGRATIONS = Migrations.beside(
    __file__, "web", "web_login_links", "web_sessions", head="web_0003"
)


def web_engine(database_url: str) -> Engine:
    """The engine for the web door's own tables (see the module docstring)."""
    return side_engine(database_url, "web")


def web_engines(database_url: str) -> tuple[Engine, Engine]:
    """The same tables' (read, write) engines: the session is read on every page."""
    engines = side_engines(database_url, "web")
    return engines.read, engines.write


class Endings:
    """How many times this process has ended sessions (sign-out, a person
    forgotten or in no arena): a visitor kept in memory (known.py) from
    before the last ending is read from the tables again."""

    def __init__(self) -> None:
        self.count = 0
        self._lock = threading.Lock()

    def note(self) -> None:
        with self._lock:
            self.count += 1


ENDINGS = Endings()


@dataclass(frozen=True)
class OidcFlow:
    nonce: str
    code_verifier: str


@dataclass(frozen=True)
class Session:
    person_id: str
    token_hash: str


def _write(engine: Engine, *statements: Executable) -> int:
    """Runs the statements in one transaction; how many rows the last one touched."""
    with engine.begin() as conn:
        for statement in statements:
            result = conn.execute(statement)
    return int(result.rowcount)


def _usable(link: Row[Any], now: datetime) -> bool:
    """Whether a sign-in link would sign someone in now: unused and unexpired."""
    return link.used_at is None and now < datetime.fromisoformat(link.expires_at)


class SessionStore:
    """`engine` writes; `read` (default: `engine`) serves the reads, which on
    SQLite then take no write lock (see side_tables.side_engines)."""

    def __init__(
        self, engine: Engine, *, read: Engine | None = None, idle_minutes: int = IDLE_MINUTES
    ) -> None:
        self.engine = engine
        self.reader = engine if read is None else read
        self.idle = timedelta(minutes=idle_minutes)
        WEB_MIGRATIONS.upgrade(engine)

    def _first(self, query: Select[Any]) -> Row[Any] | None:
        """The first row a query finds, read without the write engine."""
        with self.reader.connect() as conn:
            return conn.execute(query).first()

    # -- sign-in links ---------------------------------------------------------------

    def issue_link(self, person_id: str, now: datetime) -> str:
        """A new one-time sign-in token for the person (only its hash is kept)."""
        token = new_token()
        row = {
            "token_hash": hash_token(token),
            "person_id": person_id,
            "created_at": now.isoformat(),
            "expires_at": (now + timedelta(minutes=LINK_MINUTES)).isoformat(),
        }
        _write(self.engine, insert(login_links).values(**row))
        return token

    def links_in_use(self, person_id: str, now: datetime) -> int:
        """How many of the person's links are still valid."""
        with self.reader.connect() as conn:
            rows = conn.execute(
                select(login_links.c.expires_at, login_links.c.used_at).where(
                    login_links.c.person_id == person_id
                )
            ).all()
        return sum(1 for r in rows if _usable(r, now))

    def link_is_valid(self, token: str, now: datetime) -> bool:
        """Whether the link would sign someone in now (without using it)."""
        row = self._first(select(login_links).where(login_links.c.token_hash == hash_token(token)))
        return row is not None and _usable(row, now)

    def use_link(self, token: str, now: datetime) -> str | None:
        """The person the link signs in, marking it used; None when it is
        unknown, used or expired. Two clicks at once: one of them wins."""
        token_hash = hash_token(token)
        with self.engine.begin() as conn:
            row = conn.execute(
                select(login_links).where(login_links.c.token_hash == token_hash)
            ).first()
            if row is None or not _usable(row, now):
                return None
            won = conn.execute(
                update(login_links)
                .where(login_links.c.token_hash == token_hash, login_links.c.used_at.is_(None))
                .values(used_at=now.isoformat())
            )
            return str(row.person_id) if won.rowcount == 1 else None

    # -- sessions --------------------------------------------------------------------

    def start(self, person_id: str, now: datetime) -> str:
        """A new session for the person; returns the token for the cookie.
        Links and sessions that can no longer be used are cleared away here."""
        token = new_token()
        stamp = now.isoformat()
        row = {
            "token_hash": hash_token(token),
            "person_id": person_id,
            "created_at": stamp,
            "last_seen": stamp,
        }
        idle_since = (now - self.idle).isoformat()
        _write(
            self.engine,
            insert(sessions).values(**row),
            # Every stamp is the UTC clock's ISO form, so text order is time order.
            delete(login_links).where(login_links.c.expires_at < stamp),
            delete(sessions).where(sessions.c.last_seen < idle_since),
        )
        return token

    def find(self, token: str, now: datetime) -> Session | None:
        """The live session of a cookie's token, its last use noted; None (and
        the record gone) when it was idle too long."""
        token_hash = hash_token(token)
        row = self._first(select(sessions).where(sessions.c.token_hash == token_hash))
        if row is None:
            return None
        last_seen = datetime.fromisoformat(row.last_seen)
        if now - last_seen >= self.idle:
            self.end(token_hash)
            return None
        if now - last_seen >= timedelta(seconds=TOUCH_SECONDS):
            touch = update(sessions).where(sessions.c.token_hash == token_hash)
            _write(self.engine, touch.values(last_seen=now.isoformat()))
        return Session(person_id=str(row.person_id), token_hash=token_hash)

    def end(self, token_hash: str) -> None:
        _write(self.engine, delete(sessions).where(sessions.c.token_hash == token_hash))
        ENDINGS.note()

    def end_all(self, person_id: str) -> int:
        """Ends every session of the person (forgotten, or in no arena); how many."""
        gone = _write(self.engine, delete(sessions).where(sessions.c.person_id == person_id))
        ENDINGS.note()
        return gone

    # -- OpenID Connect ----------------------------------------------------------------

    def begin_oidc(self, state: str, nonce: str, code_verifier: str, now: datetime) -> None:
        """Keeps a sign-in under way until the provider sends the browser back
        (only a hash of the state, which the browser also holds in a cookie)."""
        stamp = now.isoformat()
        row = {
            "state_hash": hash_token(state),
            "nonce": nonce,
            "code_verifier": code_verifier,
            "created_at": stamp,
            "expires_at": (now + timedelta(minutes=OIDC_FLOW_MINUTES)).isoformat(),
        }
        _write(
            self.engine,
            delete(oidc_flows).where(oidc_flows.c.expires_at < stamp),
            insert(oidc_flows).values(**row),
        )

    def finish_oidc(self, state: str, now: datetime) -> OidcFlow | None:
        """The sign-in the state belongs to, used up; None when it is unknown,
        used or too old. Two callbacks with one state: one of them wins."""
        state_hash = hash_token(state)
        with self.engine.begin() as conn:
            row = conn.execute(
                select(oidc_flows).where(oidc_flows.c.state_hash == state_hash)
            ).first()
            if row is None:
                return None
            won = conn.execute(delete(oidc_flows).where(oidc_flows.c.state_hash == state_hash))
        if won.rowcount != 1 or now >= datetime.fromisoformat(row.expires_at):
            return None
        return OidcFlow(nonce=str(row.nonce), code_verifier=str(row.code_verifier))

    def linked_person(self, issuer: str, subject: str) -> str | None:
        """The person a provider's subject was linked to, if any."""
        c = oidc_subjects.c
        found = self._first(select(c.person_id).where(c.issuer == issuer, c.subject == subject))
        return None if found is None else str(found.person_id)

    def subject_of(self, issuer: str, person_id: str) -> str | None:
        """The person's subject at the provider, when one is linked."""
        c = oidc_subjects.c
        found = self._first(select(c.subject).where(c.issuer == issuer, c.person_id == person_id))
        return None if found is None else str(found.subject)

    def link_subject(self, issuer: str, subject: str, person_id: str, now: datetime) -> None:
        """Remembers whose the subject is: later logins are found by it, even
        when the address the provider sends has changed."""
        row = {
            "issuer": issuer,
            "subject": subject,
            "person_id": person_id,
            "linked_at": now.isoformat(),
        }
        c = oidc_subjects.c
        _write(
            self.engine,
            delete(oidc_subjects).where(c.issuer == issuer, c.subject == subject),
            insert(oidc_subjects).values(**row),
        )

    def unlink_person(self, person_id: str) -> None:
        """Forgets every provider subject of the person (they were forgotten)."""
        _write(self.engine, delete(oidc_subjects).where(oidc_subjects.c.person_id == person_id))


class WebForgetting:
    """The erasure service's forget hook (services.ports.ForgetHook) for the
    web door: the person's sessions, sign-in links and provider subjects go
    when they are forgotten, not at their next use. Built by the composition
    root from the database URL (the CLI's `person forget` has no web app), it
    opens the web tables only when someone is forgotten."""

    def __init__(self, database_url: str) -> None:
        self._database_url = database_url

    def forget_person(self, person_id: UUID) -> None:
        engine = web_engine(self._database_url)
        try:
            WEB_MIGRATIONS.upgrade(engine)
            forget_in_web(engine, str(person_id))
        finally:
            engine.dispose()


def forget_in_web(engine: Engine, person_id: str) -> None:
    """Deletes, in one transaction, everything the web door keeps about the person."""
    kept = (sessions, login_links, oidc_subjects)
    _write(engine, *(delete(table).where(table.c.person_id == person_id) for table in kept))
    ENDINGS.note()
