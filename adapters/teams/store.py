"""What the Teams adapter keeps for itself: explicit links between a Teams
user (their Entra ID object id) and a person, the conversation references
that let the bot write first (kept when the app is installed), and each
member's language, and which notifications were posted where (so none is
posted twice). Not events and not projections: replay never drops them.

On SQLite they live in their own file beside the database
(`<name>.teams.db`); on PostgreSQL in the same schema as everything else.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any
from uuid import UUID

from sqlalchemy import (
    Column,
    ColumnElement,
    Connection,
    Engine,
    MetaData,
    String,
    Table,
    delete,
    literal,
    select,
)

from adapters.persistence.columns import ID, WHEN, key, languages, required
from adapters.persistence.migrate import Migrations
from adapters.persistence.side_tables import SideStore, insert_new, put, side_engine, side_reader

teams_metadata = MetaData()
links = Table(
    "teams_links",
    teams_metadata,
    *key(aad_object_id=String(64)),
    Column("person_id", ID, nullable=False, index=True),
    *required(how=String(16), linked_at=WHEN),  # how: "cli" or "email"
)
conversations = Table(
    "teams_conversations",
    teams_metadata,
    *key(scope=String(200)),  # user:<aad id> or channel:<conversation>
    *required(service_url=String(400), conversation_id=String(400)),
    *required(tenant_id=String(64), updated_at=WHEN),
)
preferences = Table("teams_preferences", teams_metadata, *languages())  # scope: user:<aad id>

deliveries = Table(
    "teams_deliveries",
    teams_metadata,
    # key: the notification's; target: user:<aad id> or channel:<conversation>
    *key(key=String(200), target=String(200)),
    *required(activity_id=String(200), posted_at=WHEN),
)

TEAMS_MIGRATIONS = Migrations.beside(
    __file__, "teams", "teams_links", "teams_conversations", "teams_preferences", head="teams_0002"
)


@dataclass(frozen=True)
class ConversationRef:
    """Enough to post into a conversation later (a proactive message)."""

    service_url: str
    conversation_id: str
    tenant_id: str


@dataclass(frozen=True)
class Known:
    """What the Teams tables say about one sender writing in one
    conversation (`scope`, as `remember` keeps it), read at once: their
    link, their language, and the conversation as last written with when."""

    aad: str
    person_id: str | None
    language: str | None
    scope: str
    conversation: tuple[ConversationRef, str] | None


def teams_engine(database_url: str) -> Engine:
    return side_engine(database_url, "teams")


class TeamsStore(SideStore):
    migrations = TEAMS_MIGRATIONS

    def __init__(self, engine: Engine) -> None:
        super().__init__(engine)
        # Reads do not queue behind the notifier's writes (SQLite).
        self.reader = side_reader(engine)

    def close(self) -> None:
        self.engine.dispose()
        self.reader.dispose()

    # -- links ---------------------------------------------------------------------------

    def person_of(self, aad_object_id: str) -> str | None:
        with self.reader.connect() as conn:
            return _text(conn, links.c.person_id, links.c.aad_object_id == aad_object_id)

    def aad_of(self, person_id: str) -> list[str]:
        with self.reader.connect() as conn:
            rows = conn.execute(select(links.c.aad_object_id).where(links.c.person_id == person_id))
            return [str(r.aad_object_id) for r in rows]

    def link(self, aad_object_id: str, person_id: str, how: str, now: datetime) -> None:
        """Links (or re-links) the Teams user to the person."""
        row = {"person_id": person_id, "how": how, "linked_at": now.isoformat()}
        put(self.engine, links, "aad_object_id", aad_object_id, **row)

    def reachable(self) -> dict[str, tuple[str, ConversationRef, str | None]]:
        """Person id -> (`user:<aad id>`, their chat with the bot, their
        language here) for everyone linked whose chat the bot knows: one
        query for a whole round."""
        scope = literal("user:") + links.c.aad_object_id
        query = (
            select(
                links.c.person_id,
                conversations.c.scope,
                conversations.c.service_url,
                conversations.c.conversation_id,
                conversations.c.tenant_id,
                preferences.c.language,
            )
            .join(conversations, conversations.c.scope == scope)
            .outerjoin(preferences, preferences.c.scope == conversations.c.scope)
            .order_by(links.c.linked_at)
        )
        with self.reader.connect() as conn:
            return {
                str(r.person_id): (
                    str(r.scope),
                    ConversationRef(r.service_url, r.conversation_id, r.tenant_id),
                    r.language,
                )
                for r in conn.execute(query)
            }

    def all_links(self) -> list[dict[str, str]]:
        with self.reader.connect() as conn:
            rows = conn.execute(select(links).order_by(links.c.linked_at, links.c.aad_object_id))
            return [dict(r._mapping) for r in rows]

    def unlink(self, aad_object_id: str) -> bool:
        with self.engine.begin() as conn:
            found = conn.execute(delete(links).where(links.c.aad_object_id == aad_object_id))
            return bool(found.rowcount)

    def forget_person(self, person_id: str) -> None:
        """Everything kept about the person's Teams users: links, their chats
        with the bot and their languages (the person was forgotten)."""
        users = [f"user:{aad}" for aad in self.aad_of(person_id)]
        with self.engine.begin() as conn:
            conn.execute(delete(links).where(links.c.person_id == person_id))
            conn.execute(delete(conversations).where(conversations.c.scope.in_(users)))
            conn.execute(delete(preferences).where(preferences.c.scope.in_(users)))

    # -- conversations -------------------------------------------------------------------

    def known(self, aad: str, scope: str) -> Known:
        """The sender's link and language and the conversation `scope`, on
        one connection (a message asks all three)."""
        with self.reader.connect() as conn:
            person = _text(conn, links.c.person_id, links.c.aad_object_id == aad)
            language = _text(conn, preferences.c.language, preferences.c.scope == f"user:{aad}")
            seen = _seen(conn, scope)
        return Known(aad=aad, person_id=person, language=language, scope=scope, conversation=seen)

    def remember(
        self, scope: str, ref: ConversationRef, now: datetime, known: Known | None = None
    ) -> None:
        """Keeps where `scope` is reached; written only when it changed or was
        last seen a day ago, so a busy chat does not write on every message
        (`known`: what was read about it already)."""
        if known is not None and known.scope == scope:
            seen = known.conversation
        else:
            with self.reader.connect() as conn:
                seen = _seen(conn, scope)
        if seen is not None:
            same, at = seen
            if same == ref and abs(now - datetime.fromisoformat(at)) < timedelta(days=1):
                return
        row = {
            "service_url": ref.service_url,
            "conversation_id": ref.conversation_id,
            "tenant_id": ref.tenant_id,
            "updated_at": now.isoformat(),
        }
        put(self.engine, conversations, "scope", scope, **row)

    def forget_conversation(self, scope: str) -> None:
        with self.engine.begin() as conn:
            conn.execute(delete(conversations).where(conversations.c.scope == scope))

    def conversation(self, scope: str) -> ConversationRef | None:
        with self.reader.connect() as conn:
            seen = _seen(conn, scope)
        return None if seen is None else seen[0]

    def channels(self) -> list[dict[str, str]]:
        """The channels and group chats the bot was added to (or written in)."""
        query = (
            select(conversations)
            .where(conversations.c.scope.like("channel:%"))
            .order_by(conversations.c.updated_at.desc())
        )
        with self.reader.connect() as conn:
            return [dict(r._mapping) for r in conn.execute(query)]

    # -- deliveries ----------------------------------------------------------------------

    def delivered(self, key: str) -> set[str]:
        """The targets this notification was posted to already."""
        with self.reader.connect() as conn:
            rows = conn.execute(select(deliveries.c.target).where(deliveries.c.key == key))
            return {str(r.target) for r in rows}

    def record(self, key: str, target: str, activity_id: str, now: datetime) -> None:
        row = {"activity_id": activity_id[:200], "posted_at": now.isoformat()}
        insert_new(self.engine, deliveries, key=key[:200], target=target[:200], **row)

    # -- languages -----------------------------------------------------------------------

    def language(self, scope: str) -> str | None:
        with self.reader.connect() as conn:
            return _text(conn, preferences.c.language, preferences.c.scope == scope)

    def set_language(self, scope: str, language: str) -> None:
        put(self.engine, preferences, "scope", scope, language=language)


def _text(conn: Connection, column: Column[Any], where: ColumnElement[bool]) -> str | None:
    """`column` of the one row `where` picks, as text (None: no such row)."""
    found = conn.execute(select(column).where(where)).scalar_one_or_none()
    return None if found is None else str(found)


def _seen(conn: Connection, scope: str) -> tuple[ConversationRef, str] | None:
    """The conversation `scope` as last written, and when."""
    row = conn.execute(select(conversations).where(conversations.c.scope == scope)).one_or_none()
    if row is None:
        return None
    return ConversationRef(row.service_url, row.conversation_id, row.tenant_id), row.updated_at


@contextmanager
def _store_at(database_url: str) -> Iterator[TeamsStore]:
    """The Teams tables, opened for one question and closed after it."""
    engine = teams_engine(database_url)
    try:
        store = TeamsStore(engine)
        yield store
        store.close()
    finally:
        engine.dispose()


class TeamsLinkCheck:
    """The domain's TeamsLinks port (domain.uow) for the Teams door, built
    from the database URL: asked only when a person chooses to be reached in
    Teams, so the Teams tables are opened then."""

    def __init__(self, database_url: str) -> None:
        self._database_url = database_url

    def teams_linked(self, person_id: UUID) -> bool:
        with _store_at(self._database_url) as store:
            return bool(store.aad_of(str(person_id)))


class TeamsForgetting:
    """The erasure service's forget hook (services.ports.ForgetHook) for the
    Teams door, built from the database URL: it opens the Teams tables only
    when someone is forgotten."""

    def __init__(self, database_url: str) -> None:
        self._database_url = database_url

    def forget_person(self, person_id: UUID) -> None:
        with _store_at(self._database_url) as store:
            store.forget_person(str(person_id))
