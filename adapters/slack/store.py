"""What the Slack adapter keeps for itself: which notification went to which
Slack conversation (so a retried notification never posts twice) and each
person's language. Not events and not projections: replay never drops them.

On SQLite they live in their own file beside the database
(`<name>.slack.db`), so posting a thousand DMs never waits for the event
store's write lock; on PostgreSQL in the same schema as everything else.
"""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import Engine, MetaData, String, Table, select

from adapters.persistence.columns import WHEN, key, languages, required
from adapters.persistence.migrate import Migrations
from adapters.persistence.side_tables import SideStore, insert_new, put, side_engine

slack_metadata = MetaData()
deliveries = Table(
    "slack_deliveries",
    slack_metadata,
    *key(key=String(200), target=String(40)),  # target: a user id (DM) or a channel
    *required(ts=String(40), posted_at=WHEN),
)
preferences = Table("slack_preferences", slack_metadata, *languages())


SLACK_MIGRATIONS = Migrations.beside(
    __file__, "slack", "slack_deliveries", "slack_preferences", head="slack_0002"
)


def slack_engine(database_url: str) -> Engine:
    """The engine for the adapter's own tables (see the module docstring)."""
    return side_engine(database_url, "slack")


class SlackStore(SideStore):
    migrations = SLACK_MIGRATIONS

    def delivered(self, key: str) -> dict[str, str]:
        """target -> message ts of what was already posted for this key."""
        with self.engine.connect() as conn:
            rows = conn.execute(
                select(deliveries.c.target, deliveries.c.ts).where(deliveries.c.key == key)
            )
            return {r.target: r.ts for r in rows}

    def record(self, key: str, target: str, ts: str) -> None:
        row = {"key": key, "target": target, "ts": ts, "posted_at": datetime.now(UTC).isoformat()}
        insert_new(self.engine, deliveries, **row)  # False: recorded by an earlier attempt

    def language(self, *scopes: str) -> str | None:
        """The first language set for one of the scopes (user before team)."""
        with self.engine.connect() as conn:
            query = select(preferences.c.scope, preferences.c.language)
            found = conn.execute(query.where(preferences.c.scope.in_(scopes)))
            rows: dict[str, str] = {r.scope: r.language for r in found}
        return next((rows[s] for s in scopes if s in rows), None)

    def set_language(self, scope: str, language: str) -> None:
        put(self.engine, preferences, "scope", scope, language=language)
