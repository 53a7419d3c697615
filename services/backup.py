"""`samverka backup` and `samverka restore`: the log, its chain and the keys.

A backup holds what cannot be rebuilt: every stored event exactly as stored
(the bytes the hash chain covers), the chain links, and the per-person keys
(so names stay readable; a forgotten person's key is not in it). Read tables
are left out: they are rebuilt from the events after a restore. The file is
gzip-compressed JSON lines, readable on any backend, so a SQLite store can be
restored into PostgreSQL and back.

It contains personal data (sealed, with the keys beside it): keep backups as
carefully as the database, and remember that forgetting a person later does
not reach into backups made before.
"""

from __future__ import annotations

import base64
import gzip
import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from eventsourcing.persistence import ApplicationRecorder
from eventsourcing.postgres import PostgresApplicationRecorder
from eventsourcing.sqlite import SQLiteApplicationRecorder

from services.i18n import N_, CatalogError
from services.integrity import CHAIN_TABLE, Digest, head, iter_events, iter_links, verify
from services.ports import Clock, KeyStore

FORMAT = "samverka-backup"
VERSION = 1


class BackupError(CatalogError):
    """The backup cannot be written or restored; the message says why."""


@dataclass(frozen=True)
class BackupSummary:
    events: int
    keys: int
    head: Digest


def write_backup(
    recorder: ApplicationRecorder, keys: KeyStore, out: Path, clock: Clock
) -> BackupSummary:
    top = head(recorder)
    events = 0
    with gzip.open(out, "wt", encoding="utf-8") as stream:
        header = {
            "format": FORMAT,
            "version": VERSION,
            "created_at": clock.now().isoformat(),
            "head": str(top),
        }
        stream.write(json.dumps(header) + "\n")
        for position, originator, version, topic, state in iter_events(recorder):
            if position > top.position:
                break  # written after the snapshot's head: the next backup's business
            stream.write(
                json.dumps(
                    {
                        "t": "event",
                        "p": position,
                        "o": originator.hex(),
                        "v": version,
                        "topic": topic,
                        "s": base64.b64encode(state).decode(),
                    }
                )
                + "\n"
            )
            events += 1
        for position, prev_position, link in iter_links(recorder):
            if position > top.position:
                break
            stream.write(
                json.dumps({"t": "link", "p": position, "prev": prev_position, "l": link.hex()})
                + "\n"
            )
        count = 0
        for row in keys.dump():
            key = base64.b64encode(row["key"]).decode() if row["key"] is not None else None
            record = {
                "t": "key",
                "person": row["person_id"],
                "key": key,
                "created_at": row["created_at"],
                "erased_at": row["erased_at"],
            }
            stream.write(json.dumps(record) + "\n")
            count += 1
    return BackupSummary(events=events, keys=count, head=top)


def _records(source: Path) -> Iterator[dict[str, Any]]:
    try:
        with gzip.open(source, "rt", encoding="utf-8") as stream:
            for line in stream:
                yield json.loads(line)
    except (OSError, EOFError, json.JSONDecodeError) as error:
        raise BackupError(
            N_("{source} is not a readable Samverka backup: {error}"), source=source, error=error
        ) from None


def restore_backup(recorder: ApplicationRecorder, keys: KeyStore, source: Path) -> BackupSummary:
    """Loads a backup into an empty store and proves the chain ends where it did."""
    if (recorder.max_notification_id() or 0) > 0:
        raise BackupError(N_("the target store already has events; restore into an empty database"))
    records = _records(source)
    header = next(records, None)
    if not header or header.get("format") != FORMAT or header.get("version") != VERSION:
        raise BackupError(
            N_("{source} is not a version {version} Samverka backup"),
            source=source,
            version=VERSION,
        )
    expected = Digest.parse(header["head"])
    writer = _Writer(recorder)
    key_rows = []
    for record in records:
        kind = record.get("t")
        if kind == "event":
            writer.event(record)
        elif kind == "link":
            writer.link(record)
        elif kind == "key":
            key_rows.append(
                {
                    "person_id": record["person"],
                    "key": base64.b64decode(record["key"]) if record["key"] else None,
                    "created_at": record["created_at"],
                    "erased_at": record["erased_at"],
                }
            )
    writer.finish()
    keys.load(key_rows)
    verdict = verify(recorder, expected)
    if not verdict.ok:
        raise BackupError(
            N_("the restored log does not verify: {problem} at {position}"),
            problem=verdict.reason,
            position=verdict.bad_position,
        )
    return BackupSummary(events=writer.events, keys=len(key_rows), head=verdict.head)


class _Writer:
    """Inserts events and links with their original positions, in batches."""

    def __init__(self, recorder: ApplicationRecorder) -> None:
        self.recorder = recorder
        self.events = 0
        self._events: list[tuple[Any, ...]] = []
        self._links: list[tuple[Any, ...]] = []
        self._max = 0

    def event(self, r: dict[str, Any]) -> None:
        state = base64.b64decode(r["s"])
        self._events.append((r["p"], r["o"], r["v"], r["topic"], state))
        self.events += 1
        self._max = max(self._max, r["p"])
        if len(self._events) >= 5000:
            self._flush()

    def link(self, r: dict[str, Any]) -> None:
        self._links.append((r["p"], r["prev"], bytes.fromhex(r["l"])))
        if len(self._links) >= 5000:
            self._flush()

    def finish(self) -> None:
        self._flush()
        if isinstance(self.recorder, PostgresApplicationRecorder) and self._max:
            schema, table = self.recorder.datastore.schema, self.recorder.events_table_name
            with self.recorder.datastore.transaction(commit=True) as curs:
                curs.execute(
                    f'SELECT setval(pg_get_serial_sequence(\'"{schema}"."{table}"\', '
                    f"'notification_id'), {int(self._max)})"
                )

    def _flush(self) -> None:
        recorder = self.recorder
        if isinstance(recorder, SQLiteApplicationRecorder):
            table = recorder.events_table_name
            with recorder.datastore.transaction(commit=True) as c:
                c.sqlite_cursor.executemany(
                    f"INSERT INTO {table} (rowid, originator_id, originator_version, topic, state) "  # noqa: S608
                    "VALUES (?, ?, ?, ?, ?)",
                    self._events,
                )
                c.sqlite_cursor.executemany(
                    f"INSERT INTO {CHAIN_TABLE} (position, prev_position, link) VALUES (?, ?, ?)",  # noqa: S608
                    self._links,
                )
        elif isinstance(recorder, PostgresApplicationRecorder):
            schema, table = recorder.datastore.schema, recorder.events_table_name
            with recorder.datastore.transaction(commit=True) as curs:
                curs.executemany(
                    f'INSERT INTO "{schema}"."{table}" '  # noqa: S608
                    "(notification_id, originator_id, originator_version, topic, state) "
                    "VALUES (%s, %s::uuid, %s, %s, %s)",
                    self._events,
                )
                curs.executemany(
                    f'INSERT INTO "{schema}"."{CHAIN_TABLE}" (position, prev_position, link) '  # noqa: S608
                    "VALUES (%s, %s, %s)",
                    self._links,
                )
        else:
            raise BackupError(N_("cannot restore into {store}"), store=type(recorder).__name__)
        self._events.clear()
        self._links.clear()
