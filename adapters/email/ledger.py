"""The sent ledger: which message went to whom, so a restart never sends twice.

One row per (notification key, person) with the message's deterministic
Message-ID. The row is written as `sending` before the message is handed to
the server and marked `sent` (or `unreachable`) after; a row already `sent`
is never sent again, by this notifier or by a fresh one after a restart. A
crash between the server's "250 OK" and the update leaves `sending`: that
one message goes out once more, with the same Message-ID, so the copy is
recognisable (at least once, never silently lost).

Beside it, `AnswerLimit` counts the automatic answers to inbound mail
(bounces, help) so that forged mail cannot make Samverka spray answers.

Like the Slack adapter's store, the tables are the adapter's own (not events,
not projections: replay never drops them); on SQLite they live beside the
database in `<name>.mail.db`, on PostgreSQL in the same schema, created on
first use.
"""

from __future__ import annotations

import hashlib
import hmac
from datetime import UTC, datetime, timedelta
from enum import StrEnum

from sqlalchemy import (
    Boolean,
    Column,
    Engine,
    Float,
    Integer,
    MetaData,
    String,
    Table,
    delete,
    func,
    insert,
    select,
    update,
)

from adapters.persistence.columns import WHEN, key, required
from adapters.persistence.migrate import Migrations
from adapters.persistence.side_tables import insert_new, side_engine

mail_metadata = MetaData()
deliveries = Table(
    "mail_deliveries",
    mail_metadata,
    *key(key=String(200), person_id=String(40)),
    *required(message_id=String(200), recipient=String(320)),
    *required(state=String(16)),  # sending | sent | unreachable
    *required(detail=String(400), updated_at=WHEN),
)

# One row per automatic answer in the last hour; the address only as a keyed hash.
answers = Table(
    "mail_answers",
    mail_metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("address", String(64), nullable=False, index=True),
    *required(verified=Boolean),
    Column("at", Float, nullable=False, index=True),  # seconds since the epoch
)

MAIL_MIGRATIONS = Migrations.beside(
    __file__, "mail", "mail_deliveries", "mail_answers", head="mail_0001"
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
            MAIL_MIGRATIONS.upgrade(self.engine)
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
        if not insert_new(self.engine, deliveries, **row):
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


class Limit(StrEnum):
    ADDRESS = "address"  # this address had its answers for the hour
    UNVERIFIED = "unverified"  # all unverified senders together had theirs


class AnswerLimit:
    """At most `per_address` automatic answers to one address per `window`,
    and at most `unverified` to senders we could not verify, all addresses
    together (a verified sender wrote from the person's own address with a
    valid token; anyone can claim any other address). The count is shared by
    every process on the database (`mail listen`, `mail poll`); two processes
    answering in the same instant may each send one more than the limit.
    """

    def __init__(
        self,
        engine: Engine,
        secret: str,
        *,
        per_address: int,
        unverified: int,
        window: timedelta = timedelta(hours=1),
    ) -> None:
        self.engine = engine
        self.key = secret.encode()
        self.per_address = per_address
        self.unverified = unverified
        self.window = window
        self._ready = False

    def _hash(self, address: str) -> str:
        digest = hmac.new(self.key, address.strip().lower().encode(), hashlib.sha256)
        return digest.hexdigest()[:32]

    def take(self, address: str, *, verified: bool, now: datetime) -> Limit | None:
        """Counts one answer to `address` and returns None, or returns the limit
        that forbids it (and counts nothing)."""
        if not self._ready:
            MAIL_MIGRATIONS.upgrade(self.engine)
            self._ready = True
        at = now.timestamp()
        since = at - self.window.total_seconds()
        who = self._hash(address)
        with self.engine.begin() as conn:
            conn.execute(delete(answers).where(answers.c.at <= since))
            recent = select(func.count()).select_from(answers).where(answers.c.at > since)
            if conn.execute(recent.where(answers.c.address == who)).scalar_one() >= (
                self.per_address
            ):
                return Limit.ADDRESS
            if not verified and conn.execute(
                recent.where(answers.c.verified.is_(False))
            ).scalar_one() >= (self.unverified):
                return Limit.UNVERIFIED
            conn.execute(insert(answers).values(address=who, verified=verified, at=at))
        return None
