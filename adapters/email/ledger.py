"""The sent ledger: which message went to whom, so a restart never sends twice.

One row per (notification key, person) with the message's deterministic
Message-ID. The row is written as `sending` before the message is handed to
the server and marked `sent` (or `unreachable`) after; a row already `sent`
is never sent again, by this notifier or by a fresh one after a restart. A
crash between the server's "250 OK" and the update leaves `sending`: that
one message goes out once more, with the same Message-ID, so the copy is
recognisable (at least once, never silently lost).

Like the Slack adapter's store, the table is the adapter's own (not events,
not projections: replay never drops it); on SQLite it lives beside the
database in `<name>.mail.db`, on PostgreSQL in the same schema, created on
first use.
"""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import Column, Engine, MetaData, String, Table, insert, select, update
from sqlalchemy.exc import IntegrityError

from adapters.side_tables import side_engine

mail_metadata = MetaData()
deliveries = Table(
    "mail_deliveries",
    mail_metadata,
    Column("key", String(200), primary_key=True),
    Column("person_id", String(40), primary_key=True),
    Column("message_id", String(200), nullable=False),
    Column("recipient", String(320), nullable=False),
    Column("state", String(16), nullable=False),  # sending | sent | unreachable
    Column("detail", String(400), nullable=False),
    Column("updated_at", String(40), nullable=False),
)

SENDING, SENT, UNREACHABLE = "sending", "sent", "unreachable"


def mail_engine(database_url: str) -> Engine:
    return side_engine(database_url, "mail")


def _now() -> str:
    return datetime.now(UTC).isoformat()


class MailLedger:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._ready = False

    def _create(self) -> None:
        if not self._ready:
            mail_metadata.create_all(self.engine)
            self._ready = True

    def states(self, key: str) -> dict[str, tuple[str, str]]:
        """person id -> (state, detail) of what is known for this key."""
        self._create()
        query = select(deliveries.c.person_id, deliveries.c.state, deliveries.c.detail)
        with self.engine.connect() as conn:
            rows = conn.execute(query.where(deliveries.c.key == key))
            return {r.person_id: (r.state, r.detail) for r in rows}

    def sending(self, key: str, person_id: str, message_id: str, recipient: str) -> None:
        self._create()
        row = {
            "key": key,
            "person_id": person_id,
            "message_id": message_id,
            "recipient": recipient,
            "state": SENDING,
            "detail": "",
            "updated_at": _now(),
        }
        try:
            with self.engine.begin() as conn:
                conn.execute(insert(deliveries).values(**row))
        except IntegrityError:
            self._set(key, person_id, SENDING, "retry")

    def sent(self, key: str, person_id: str) -> None:
        self._set(key, person_id, SENT, "")

    def unreachable(self, key: str, person_id: str, reason: str) -> None:
        self._set(key, person_id, UNREACHABLE, reason)

    def _set(self, key: str, person_id: str, state: str, detail: str) -> None:
        with self.engine.begin() as conn:
            conn.execute(
                update(deliveries)
                .where(deliveries.c.key == key, deliveries.c.person_id == person_id)
                .values(state=state, detail=detail[:400], updated_at=_now())
            )

    def message_ids(self, key: str) -> dict[str, str]:
        self._create()
        query = select(deliveries.c.person_id, deliveries.c.message_id)
        with self.engine.connect() as conn:
            rows = conn.execute(query.where(deliveries.c.key == key))
            return {r.person_id: r.message_id for r in rows}
