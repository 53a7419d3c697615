"""Per-person keys for personal data in events (crypto-shredding).

The `personal` field of a Person event (name, e-mail, Slack id) is stored
sealed with AES-256-GCM under a key of that person's own, bound to the
person's id. Keys live in `person_keys`, a table that is not an event and
not a projection (replay never drops it). Forgetting a person deletes the
key and leaves a tombstone, so the person's events decode to "[borttagen
person]" ever after, while the stored bytes — and with them the hash chain —
stay exactly as they were.
"""

from __future__ import annotations

import base64
import os
import threading
import time
from typing import Any
from uuid import UUID

import orjson
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from sqlalchemy import (
    Engine,
    LargeBinary,
    MetaData,
    Table,
    insert,
    select,
    update,
)

from adapters.persistence.columns import ID, WHEN, key, optional, required
from adapters.persistence.migrate import Migrations
from adapters.persistence.side_tables import insert_new
from domain.errors import ValidationFailed
from domain.person import erased

key_metadata = MetaData()
person_keys = Table(
    "person_keys",
    key_metadata,
    *key(person_id=ID),
    *optional(key=LargeBinary(32)),  # NULL once the person is forgotten
    *required(created_at=WHEN),
    *optional(erased_at=WHEN),
)
KEY_MIGRATIONS = Migrations.beside(__file__, "keys", "person_keys", head="keys_0002")
SEALED = "sealed"
# Keys found are trusted this long in a process, so a forgetting done by
# another process reaches this one within the time; erasures are final.
KEY_TTL_SECONDS = 30.0


class PersonalDataCipher:
    """Implements domain.privacy.PersonalDataCodec with keys from `person_keys`."""

    def __init__(
        self,
        engine: Engine,
        *,
        read_engine: Engine | None = None,
        url: str = "",
        schema: str | None = None,
    ) -> None:
        self.engine = engine  # writes (on SQLite: the engine that locks at BEGIN)
        self.read_engine = read_engine or engine
        self.url = url
        self.schema = schema
        self._keys: dict[UUID, tuple[float, AESGCM | None]] = {}
        self._lock = threading.Lock()

    def create_table(self) -> None:
        """Creates or upgrades `person_keys` (Alembic: it cannot be rebuilt)."""
        KEY_MIGRATIONS.upgrade(self.engine)

    def close(self) -> None:
        """Releases the key store's connections (disposing a shared engine is harmless)."""
        self.engine.dispose()
        if self.read_engine is not self.engine:
            self.read_engine.dispose()

    # -- the codec ---------------------------------------------------------------

    def seal(self, person_id: UUID, personal: dict[str, Any]) -> dict[str, Any]:
        cipher = self._key(person_id, create=True)
        if cipher is None:
            raise ValidationFailed("this person has been erased", field="person_id")
        nonce = os.urandom(12)
        sealed = cipher.encrypt(nonce, orjson.dumps(personal), person_id.bytes)
        return {SEALED: base64.b64encode(nonce + sealed).decode(), "v": 1}

    def open(self, person_id: UUID, sealed: dict[str, Any]) -> dict[str, Any]:
        token = sealed.get(SEALED)
        if token is None:  # stored before sealing existed
            return sealed
        cipher = self._key(person_id, create=False)
        if cipher is None:
            return dict(erased())
        raw = base64.b64decode(token)
        try:
            opened: dict[str, Any] = orjson.loads(
                cipher.decrypt(raw[:12], raw[12:], person_id.bytes)
            )
        except InvalidTag:
            return dict(erased())
        return opened

    def spec(self) -> tuple[str, dict[str, Any]]:
        return f"{__name__}:cipher_for_url", {"url": self.url, "schema": self.schema}

    # -- backups (services.ports.KeyStore) ---------------------------------------------

    def dump(self) -> list[dict[str, Any]]:
        """Every key (None once forgotten), for a backup, in person order."""
        with self.read_engine.connect() as conn:
            rows = conn.execute(select(person_keys).order_by(person_keys.c.person_id))
            return [
                {
                    "person_id": row.person_id,
                    "key": row.key,
                    "created_at": row.created_at,
                    "erased_at": row.erased_at,
                }
                for row in rows
            ]

    def load(self, rows: list[dict[str, Any]]) -> None:
        """Keys from a backup, into an empty key table."""
        if rows:
            with self.engine.begin() as conn:
                conn.execute(insert(person_keys), rows)

    # -- keys --------------------------------------------------------------------

    def _key(self, person_id: UUID, *, create: bool) -> AESGCM | None:
        cached = self._keys.get(person_id)
        now = time.monotonic()
        if cached is not None and (cached[1] is None or cached[0] > now):
            return cached[1]
        with self._lock:
            raw, known = self._load(person_id)
            if not known and create:
                raw = self._create(person_id)
            if not (known or create):
                return None  # no key and none to be made: nothing to cache
            if len(self._keys) > 100_000:
                self._keys.clear()
            return self._cache(person_id, raw, now)

    def load_all_keys(self) -> None:
        """Caches every key in one query, for a process about to open many
        persons' data (a rebuild): one query instead of one per person."""
        now = time.monotonic()
        with self.read_engine.connect() as conn:
            rows = conn.execute(select(person_keys.c.person_id, person_keys.c.key)).all()
        with self._lock:
            for person_id, raw in rows:
                self._cache(UUID(person_id), bytes(raw) if raw is not None else None, now)

    def _cache(self, person_id: UUID, raw: bytes | None, now: float) -> AESGCM | None:
        """Keeps a person's key (None: erased) for KEY_TTL_SECONDS; caller holds the lock."""
        cipher = AESGCM(raw) if raw is not None else None
        self._keys[person_id] = (now + KEY_TTL_SECONDS, cipher)
        return cipher

    def _load(self, person_id: UUID) -> tuple[bytes | None, bool]:
        with self.read_engine.connect() as conn:
            row = conn.execute(
                select(person_keys.c.key).where(person_keys.c.person_id == str(person_id))
            ).first()
        return (bytes(row[0]) if row is not None and row[0] is not None else None), row is not None

    def _create(self, person_id: UUID) -> bytes | None:
        key = AESGCM.generate_key(bit_length=256)
        row = {"person_id": str(person_id), "key": key, "created_at": _now()}
        if not insert_new(self.engine, person_keys, **row):
            # Created meanwhile by another writer: use theirs.
            return self._load(person_id)[0]
        return key

    def forget(self, person_id: UUID) -> bool:
        """Deletes the person's key for good; True if there was one."""
        with self._lock, self.engine.begin() as conn:
            done = conn.execute(
                update(person_keys)
                .where(person_keys.c.person_id == str(person_id), person_keys.c.key.is_not(None))
                .values(key=None, erased_at=_now())
            ).rowcount
            if not done:
                exists = conn.execute(
                    select(person_keys.c.person_id).where(person_keys.c.person_id == str(person_id))
                ).first()
                if exists is None:  # never had personal data sealed: a tombstone all the same
                    conn.execute(
                        insert(person_keys).values(
                            person_id=str(person_id), key=None, created_at=_now(), erased_at=_now()
                        )
                    )
            self._keys[person_id] = (0.0, None)
        return bool(done)


def _now() -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())


def cipher_for_url(url: str, schema: str | None) -> PersonalDataCipher:
    """Builds the cipher in another process (the rebuild worker)."""
    from projections.db import create_engines

    engines = create_engines(url, schema=schema)
    cipher = PersonalDataCipher(engines.write, read_engine=engines.read, url=url, schema=schema)
    cipher.load_all_keys()
    return cipher
