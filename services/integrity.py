"""The tamper-evident log: the hash chain's formula, digests, and verifying it.

link(n) = SHA-256(link(n-1) ‖ position ‖ originator id ‖ version ‖ topic ‖ state)

over the bytes exactly as stored (the event store's recorder writes each link
with its event: adapters/persistence/chain.py).

Verification walks the stored events and the chain links together in position
order, recomputes every link from the stored bytes, and stops at the first
position where they disagree: an altered event or link, an event without a
link (inserted behind the application's back), a link without its event or a
gap in the predecessors (removed), or a different event at a position
(reordered). Given a digest kept earlier (position:hash), it also proves the
log still extends it: the link recomputed at that position must equal it.
"""

from __future__ import annotations

import hashlib
import re
import struct
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any
from uuid import UUID

from eventsourcing.persistence import ApplicationRecorder
from eventsourcing.postgres import PostgresApplicationRecorder
from eventsourcing.sqlite import SQLiteApplicationRecorder

from projections.raw_reader import events_source, select_rows
from services.i18n import N_, CatalogError, Text

CHAIN_TABLE = "samverka_chain"
GENESIS = bytes(32)
_HEAD = struct.Struct(">QQI")


def id_bytes(originator_id: Any) -> bytes:
    if isinstance(originator_id, UUID):
        return originator_id.bytes
    text = str(originator_id)
    try:
        return bytes.fromhex(text) if len(text) == 32 else UUID(text).bytes
    except ValueError:
        return text.encode()


_TOPICS: dict[str, bytes] = {}
_sha256 = hashlib.sha256
_pack = _HEAD.pack


def chain_link(
    previous: bytes, position: int, originator: bytes, version: int, topic: str, state: bytes
) -> bytes:
    topic_bytes = _TOPICS.get(topic)
    if topic_bytes is None:
        topic_bytes = _TOPICS[topic] = topic.encode()
    head = _pack(position, version, len(topic_bytes))
    return _sha256(b"".join((previous, head, originator, topic_bytes, state))).digest()


_DIGEST = re.compile(r"^\s*(\d{1,18})\s*:\s*([0-9a-fA-F]{64})\s*$")
Event = tuple[int, bytes, int, str, bytes]
Link = tuple[int, int, bytes]


class BadDigest(CatalogError, ValueError):
    pass


@dataclass(frozen=True)
class Digest:
    position: int
    link: str

    def __str__(self) -> str:
        return f"{self.position}:{self.link}"

    @classmethod
    def parse(cls, text: str) -> Digest:
        found = _DIGEST.match(text)
        if not found:
            raise BadDigest(N_("a digest is POSITION:HASH, e.g. 1234:9f86d08…(64 hex digits)"))
        return cls(int(found[1]), found[2].lower())


@dataclass(frozen=True)
class Verdict:
    ok: bool
    events: int
    head: Digest
    bad_position: int | None = None
    problem: str | None = None  # in English, as the JSON has always said it
    reason: Text | None = None  # the problem, to say in a reader's language

    def as_dict(self) -> dict[str, Any]:
        return {
            "ok": self.ok,
            "events": self.events,
            "head": str(self.head),
            "bad_position": self.bad_position,
            "problem": self.problem,
        }


def _batches(recorder: ApplicationRecorder, sql: str, size: int) -> Iterator[list[Any]]:
    after = 0
    while True:
        rows = select_rows(recorder, sql, (after, size))
        if not rows:
            return
        yield rows
        after = rows[-1][0]


def _names(recorder: ApplicationRecorder) -> tuple[str, str, str]:
    source = events_source(recorder)
    if source is None:
        raise TypeError(f"no hash chain on {type(recorder).__name__}")
    events, pos = source
    if isinstance(recorder, PostgresApplicationRecorder):
        return events, f'"{recorder.datastore.schema}"."{CHAIN_TABLE}"', pos
    return events, CHAIN_TABLE, pos


def iter_events(recorder: ApplicationRecorder, size: int = 10_000) -> Iterator[Event]:
    events, _chain, pos = _names(recorder)
    sql = (
        f"SELECT {pos}, originator_id, originator_version, topic, state FROM {events} "  # noqa: S608
        f"WHERE {pos} > ? ORDER BY {pos} LIMIT ?"
    )
    hex_ids = isinstance(recorder, SQLiteApplicationRecorder)  # stored as 32 hex digits
    fromhex = bytes.fromhex
    for rows in _batches(recorder, sql, size):
        for position, originator, version, topic, state in rows:
            key = fromhex(originator) if hex_ids and len(originator) == 32 else id_bytes(originator)
            yield position, key, version, topic, state if type(state) is bytes else bytes(state)


def iter_links(recorder: ApplicationRecorder, size: int = 10_000) -> Iterator[Link]:
    _events, chain, _pos = _names(recorder)
    sql = (
        f"SELECT position, prev_position, link FROM {chain} "  # noqa: S608
        "WHERE position > ? ORDER BY position LIMIT ?"
    )
    for rows in _batches(recorder, sql, size):
        for position, prev_position, link in rows:
            yield position, prev_position, bytes(link)


def head(recorder: ApplicationRecorder) -> Digest:
    """The last link as stored: the digest an auditor keeps."""
    _events, chain, _pos = _names(recorder)
    rows = select_rows(
        recorder,
        f"SELECT position, link FROM {chain} WHERE position > ? ORDER BY position DESC LIMIT ?",  # noqa: S608
        (-1, 1),
    )
    if not rows:
        return Digest(0, GENESIS.hex())
    return Digest(int(rows[0][0]), bytes(rows[0][1]).hex())


def link_at(recorder: ApplicationRecorder, position: int) -> str:
    """The stored link at a position (GENESIS for 0), as hex."""
    if position == 0:
        return GENESIS.hex()
    _events, chain, _pos = _names(recorder)
    rows = select_rows(
        recorder,
        f"SELECT position, link FROM {chain} WHERE position = ? AND position < ?",  # noqa: S608
        (position, position + 1),
    )
    return bytes(rows[0][1]).hex() if rows else ""


def verify(
    recorder: ApplicationRecorder, digest: Digest | None = None, size: int = 20_000
) -> Verdict:
    events_table, chain, pos = _names(recorder)
    events_sql = (
        f"SELECT {pos}, originator_id, originator_version, topic, state FROM {events_table} "  # noqa: S608
        f"WHERE {pos} > ? ORDER BY {pos} LIMIT ?"
    )
    links_sql = (
        f"SELECT position, prev_position, link FROM {chain} "  # noqa: S608
        "WHERE position > ? AND position <= ? ORDER BY position"
    )
    hex_ids = isinstance(recorder, SQLiteApplicationRecorder)
    fromhex, link_of = bytes.fromhex, chain_link
    prev_link, prev_position, count = GENESIS, 0, 0
    digest_seen = False
    want = digest.position if digest is not None else -1

    def bad(position: int, problem: str, **values: object) -> Verdict:
        reason = Text(problem, values)
        top = Digest(prev_position, prev_link.hex())
        return Verdict(False, count, top, position, str(reason), reason)

    after = 0
    while True:
        events = select_rows(recorder, events_sql, (after, size))
        last = events[-1][0] if events else 2**62
        links = select_rows(recorder, links_sql, (after, last))
        # Both lists cover the positions (after, last]: walk them together.
        i = j = 0
        while i < len(events) or j < len(links):
            event = events[i] if i < len(events) else None
            link = links[j] if j < len(links) else None
            if link is None or (event is not None and event[0] < link[0]):
                assert event is not None
                return bad(
                    event[0],
                    N_(
                        "the event has no chain link (written behind the log's back, "
                        "or its link was deleted)"
                    ),
                )
            if event is None or link[0] < event[0]:
                return bad(link[0], N_("the event was removed (its chain link is still there)"))
            position, originator, version, topic, state = event
            if link[1] != prev_position:
                if link[1] > prev_position:
                    return bad(
                        link[1],
                        N_("the event was removed (the link at {follower} follows it)"),
                        follower=position,
                    )
                return bad(
                    position,
                    N_("the event is out of order (its link follows {previous})"),
                    previous=link[1],
                )
            key = fromhex(originator) if hex_ids and len(originator) == 32 else id_bytes(originator)
            computed = link_of(prev_link, position, key, version, topic, bytes(state))
            if computed != link[2]:
                return bad(
                    position, N_("the event or its chain link was altered (the hash differs)")
                )
            if position == want:
                digest_seen = True
                if digest is not None and computed.hex() != digest.link:
                    return bad(
                        position, N_("the log does not extend the given digest (hash differs)")
                    )
            prev_link, prev_position, count = computed, position, count + 1
            i += 1
            j += 1
        if not events:
            break
        after = last
    if digest is not None and not digest_seen and digest.position != 0:
        return bad(digest.position, N_("the log no longer has the event the digest names"))
    return Verdict(True, count, Digest(prev_position, prev_link.hex()))
