"""What the Teams adapter keeps for itself: explicit links between a Teams
user (their Entra ID object id) and a person, the conversation references
that let the bot write first (kept when the app is installed), and each
member's language. Not events and not projections: replay never drops them.

On SQLite they live in their own file beside the database
(`<name>.teams.db`); on PostgreSQL in the same schema as everything else.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Column, Engine, MetaData, String, Table, delete, select

from adapters.persistence.migrate import Migrations
from adapters.persistence.side_tables import SideStore, put, side_engine

teams_metadata = MetaData()
links = Table(
    "teams_links",
    teams_metadata,
    Column("aad_object_id", String(64), primary_key=True),
    Column("person_id", String(36), nullable=False, index=True),
    Column("how", String(16), nullable=False),  # "cli" or "email"
    Column("linked_at", String(40), nullable=False),
)
conversations = Table(
    "teams_conversations",
    teams_metadata,
    Column("scope", String(200), primary_key=True),  # user:<aad id> or channel:<conversation>
    Column("service_url", String(400), nullable=False),
    Column("conversation_id", String(400), nullable=False),
    Column("tenant_id", String(64), nullable=False),
    Column("updated_at", String(40), nullable=False),
)
preferences = Table(
    "teams_preferences",
    teams_metadata,
    Column("scope", String(80), primary_key=True),  # user:<aad id>
    Column("language", String(8), nullable=False),
)

TEAMS_MIGRATIONS = Migrations.beside(
    __file__, "teams", "teams_links", "teams_conversations", "teams_preferences", head="teams_0001"
)


@dataclass(frozen=True)
class ConversationRef:
    """Enough to post into a conversation later (a proactive message)."""

    service_url: str
    conversation_id: str
    tenant_id: str


def teams_engine(database_url: str) -> Engine:
    return side_engine(database_url, "teams")


class TeamsStore(SideStore):
    migrations = TEAMS_MIGRATIONS

    # -- links ---------------------------------------------------------------------------

    def person_of(self, aad_object_id: str) -> str | None:
        with self.engine.connect() as conn:
            found = conn.execute(
                select(links.c.person_id).where(links.c.aad_object_id == aad_object_id)
            ).scalar_one_or_none()
        return None if found is None else str(found)

    def aad_of(self, person_id: str) -> list[str]:
        with self.engine.connect() as conn:
            rows = conn.execute(select(links.c.aad_object_id).where(links.c.person_id == person_id))
            return [str(r.aad_object_id) for r in rows]

    def link(self, aad_object_id: str, person_id: str, how: str, now: datetime) -> None:
        """Links (or re-links) the Teams user to the person."""
        row = {"person_id": person_id, "how": how, "linked_at": now.isoformat()}
        put(self.engine, links, "aad_object_id", aad_object_id, **row)

    def all_links(self) -> list[dict[str, str]]:
        with self.engine.connect() as conn:
            rows = conn.execute(select(links).order_by(links.c.linked_at, links.c.aad_object_id))
            return [dict(r._mapping) for r in rows]

    def unlink(self, aad_object_id: str) -> bool:
        with self.engine.begin() as conn:
            found = conn.execute(delete(links).where(links.c.aad_object_id == aad_object_id))
            return bool(found.rowcount)

    # -- conversations -------------------------------------------------------------------

    def remember(self, scope: str, ref: ConversationRef, now: datetime) -> None:
        row = {
            "service_url": ref.service_url,
            "conversation_id": ref.conversation_id,
            "tenant_id": ref.tenant_id,
            "updated_at": now.isoformat(),
        }
        put(self.engine, conversations, "scope", scope, **row)

    def conversation(self, scope: str) -> ConversationRef | None:
        with self.engine.connect() as conn:
            row = conn.execute(
                select(conversations).where(conversations.c.scope == scope)
            ).one_or_none()
        if row is None:
            return None
        return ConversationRef(row.service_url, row.conversation_id, row.tenant_id)

    # -- languages -----------------------------------------------------------------------

    def language(self, scope: str) -> str | None:
        with self.engine.connect() as conn:
            found = conn.execute(
                select(preferences.c.language).where(preferences.c.scope == scope)
            ).scalar_one_or_none()
        return None if found is None else str(found)

    def set_language(self, scope: str, language: str) -> None:
        put(self.engine, preferences, "scope", scope, language=language)
