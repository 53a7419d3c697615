"""The Samverka application: the only write path.

`execute(command, meta)` runs the command's handler in a unit of work and
saves every changed aggregate in one transaction, together with a receipt
when the envelope carries a `source_id`. It retries commands that lost a
race but commute (no `expected_version`), and returns what it did.
"""

from __future__ import annotations

import contextlib
import copy
import hashlib
import json
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any
from uuid import UUID

from eventsourcing.application import AggregateNotFoundError, Application, LRUCache
from eventsourcing.persistence import (
    ApplicationRecorder,
    Mapper,
    RecordConflictError,
    Recording,
)
from tenacity import (
    RetryError,
    Retrying,
    retry_if_exception_type,
    stop_after_attempt,
    wait_random_exponential,
)

from domain.authority import Authority
from domain.base import SamverkaAggregate
from domain.commands import Command
from domain.errors import DomainError, IdempotencyKeyReused
from domain.handlers import HANDLERS
from domain.handlers.registry import Handler
from domain.meta import Channel, Meta
from domain.receipt import CommandReceipt, receipt_id, receipt_key
from domain.uow import AggregateSource, TeamsLinks, UnitOfWork
from services.checkin_words import CatalogRoundWords
from services.i18n import translator

MAX_ATTEMPTS = 8
# What a closed round stores for people to read is in the default language
# (Swedish), as it always was.
ROUND_WORDS = CatalogRoundWords(translator())


# The save keyword that gives a recorder able to check them (one with
# `checks_unchanged`: adapters/persistence/chain.py) the aggregates a command
# read and did not change, as {aggregate id: version read}.
UNCHANGED = "unchanged"


class Overtaken(RecordConflictError):
    """An aggregate a command read but did not change has newer events in
    the store than the copy it was judged on (see SavedFirst)."""


class TooMuchContention(DomainError):
    """A commuting command kept losing races; the client may try again."""

    code = "too_much_contention"


@dataclass(frozen=True)
class CommandResult:
    aggregate_id: UUID
    version: int
    position: int | None
    replayed: bool = False


def _plain(value: Any) -> Any:
    if isinstance(value, UUID | date):
        return str(value)
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value


def fingerprint(command: Command) -> str:
    """A digest of the command's type and content, to spot a reused key."""
    body = {"type": type(command).__name__, **_plain(command.model_dump())}
    return hashlib.sha256(json.dumps(body, sort_keys=True).encode()).hexdigest()


def _cached(
    cache: LRUCache[UUID, SamverkaAggregate], aggregate_id: UUID
) -> SamverkaAggregate | None:
    try:
        return cache.get(aggregate_id)
    except KeyError:
        return None


@dataclass(eq=False)
class SavedFirst:
    """Aggregates as this process last saved or read them, without asking
    the store.

    A command judged on such a copy is checked all the same: a change saved
    from a stale copy conflicts on its version, and a copy the command only
    read (or left unchanged) is compared with the store before the save
    (`overtaken`, or in the save's own transaction). An error on such a copy
    makes the command run again on state read from the store.
    """

    saved: LRUCache[UUID, SamverkaAggregate]
    store: AggregateSource
    recorder: ApplicationRecorder
    # aggregate id: the version of the copy served
    served: dict[UUID, int] = field(default_factory=dict, init=False)
    # what this command read from the store (its own copies), to keep after it
    read: list[SamverkaAggregate] = field(default_factory=list, init=False)

    def get(self, aggregate_id: UUID) -> SamverkaAggregate:
        aggregate = _cached(self.saved, aggregate_id)
        if aggregate is None:
            found = self.store.get(aggregate_id)
            self.read.append(found)
            return found
        self.served[aggregate_id] = aggregate.version
        return copy.deepcopy(aggregate)

    def __contains__(self, aggregate_id: UUID) -> bool:
        # Aggregates are never deleted: one saved here still exists.
        return _cached(self.saved, aggregate_id) is not None or aggregate_id in self.store

    def unchanged(self, changed: set[UUID]) -> dict[UUID, int]:
        """The copies served and not changed, with their versions: no save
        checks those on their version."""
        return {a: v for a, v in self.served.items() if a not in changed}

    def overtaken(self, unchanged: dict[UUID, int]) -> bool:
        """Whether the store has events after any of those copies."""
        return any(
            self.recorder.select_events(aggregate_id, gt=version, limit=1)
            for aggregate_id, version in unchanged.items()
        )


class Samverka(Application[UUID]):
    name = "samverka"

    def __init__(
        self,
        env: dict[str, str] | None = None,
        *,
        sleep: Callable[[float], None] = time.sleep,
        mapper: Mapper[UUID] | None = None,
    ) -> None:
        # The mapper (how events are stored: adapters/persistence/mapper.py)
        # comes from the composition root; read by construct_mapper during
        # the library's __init__.
        self._mapper = mapper
        super().__init__(env)
        self._sleep = sleep
        self._saved_listeners: list[Callable[[int], None]] = []
        # Who the Teams door links (the composition root sets it when Teams is on).
        self.teams_links: TeamsLinks | None = None
        # The library's cache reads the store for newer events on every load
        # (another process may have saved some). This one holds what this
        # process saved last and is trusted first; see SavedFirst.
        cache = self.repository.cache
        size = getattr(cache, "maxsize", 0)
        self._saved: LRUCache[UUID, SamverkaAggregate] | None = (
            LRUCache(maxsize=size) if size else None
        )

    def construct_mapper(self) -> Mapper[UUID]:
        return self._mapper or super().construct_mapper()

    def on_saved(self, listener: Callable[[int], None]) -> None:
        """Calls `listener(position)` after each save (wakes the projector)."""
        self._saved_listeners.append(listener)

    def _notify(self, recordings: list[Recording[UUID]]) -> None:
        if recordings:
            position = max(r.notification.id for r in recordings)
            for listener in self._saved_listeners:
                listener(position)

    def execute(
        self, command: Command, meta: Meta, authority: Authority | None = None
    ) -> CommandResult:
        """Runs `command` for the actor in `meta`, with what `authority` says
        they may do (by default: the system for the scheduler and the CLI,
        else the person with no global role; see domain.authority)."""
        handler = HANDLERS.get(type(command))
        if handler is None:
            raise TypeError(f"no handler for {type(command).__name__}")
        authority = authority or Authority.of(meta)
        if authority.actor != meta["actor"]:
            raise ValueError("the authority is not the envelope's actor")
        key = receipt_key(meta)
        digest = fingerprint(command) if key else ""
        # The first attempt may judge the command on copies this process saved
        # last; abandoning such a run costs no attempt, since nothing else lost
        # a race. It runs outside tenacity: almost every command succeeds at
        # once, and a Retrying built per command cost 40-70 µs of a command's
        # CPU (bench/RESULTS.md, 2026-12-05).
        try:
            return self._run(handler, command, meta, authority, key, digest, True)
        except RecordConflictError as first_loss:
            lost: RecordConflictError | None = first_loss
        # Only a lost race (a conflicting save) costs an attempt; the wait
        # before the next grows, with jitter so that retrying writers do not
        # collide again in lockstep.
        attempts = Retrying(
            stop=stop_after_attempt(MAX_ATTEMPTS),
            wait=wait_random_exponential(multiplier=0.005),
            retry=retry_if_exception_type(RecordConflictError),
            sleep=self._sleep,
        )
        try:
            for attempt in attempts:
                with attempt:
                    if lost is not None:  # the first attempt, run above
                        rethrown, lost = lost, None
                        raise rethrown
                    result = self._run(handler, command, meta, authority, key, digest, False)
        except RetryError:
            raise TooMuchContention("too many concurrent changes; please try again") from None
        return result

    def _run(
        self,
        handler: Handler,
        command: Command,
        meta: Meta,
        authority: Authority,
        key: str | None,
        digest: str,
        trust_saved: bool,
    ) -> CommandResult:
        """One attempt: judge `command`, save what changed (RecordConflictError
        when another writer saved first)."""
        if key is not None:
            earlier = self._earlier_result(key, digest, meta)
            if earlier is not None:
                return earlier
        saved = self._saved if trust_saved else None
        trusting = SavedFirst(saved, self.repository, self.recorder) if saved is not None else None

        def again() -> CommandResult:  # on the store's state
            assert trusting is not None
            self._forget(trusting.served)
            return self._run(handler, command, meta, authority, key, digest, False)

        uow = UnitOfWork(trusting or self.repository, authority, ROUND_WORDS, self.teams_links)
        try:
            primary = handler(uow, command, meta)
            if not uow.allowed:
                raise RuntimeError(f"the {type(command).__name__} handler checked no role")
        except DomainError:
            if trusting is not None and trusting.served:
                return again()
            raise
        changed = uow.changed()
        unchanged = trusting.unchanged({a.id for a in changed}) if trusting else {}
        # A recorder that checks them in the save's own transaction
        # (adapters.persistence.chain) saves a read; others are asked first.
        checked_in_save = bool(changed) and getattr(self.recorder, "checks_unchanged", False)
        if trusting is not None and not checked_in_save and trusting.overtaken(unchanged):
            return again()
        if not changed:
            return CommandResult(primary.id, primary.version, None)
        if key is not None:
            result = {"aggregate_id": primary.id.hex, "version": primary.version}
            changed.append(
                CommandReceipt(
                    key=key,
                    command=type(command).__name__,
                    fingerprint=digest,
                    result=result,
                    meta=meta,
                )
            )
        try:
            recordings = self.save(*changed, **({UNCHANGED: unchanged} if checked_in_save else {}))
        except RecordConflictError:
            if trusting is not None and trusting.served:
                return again()  # another process saved since
            raise
        # What it only read is kept too (as read, no pending events): the
        # next command on the same arena is checked in its save instead of
        # reading the arena's newer events first (the library's cache does).
        self._remember(
            changed + ([a for a in trusting.read if not a.pending_events] if trusting else [])
        )
        position = max(r.notification.id for r in recordings)
        return CommandResult(primary.id, primary.version, position)

    def _remember(self, saved: list[SamverkaAggregate]) -> None:
        """Keeps the aggregates saved or read (nothing else holds them now)
        for SavedFirst."""
        if self._saved is None:
            return
        for aggregate in saved:
            if isinstance(aggregate, CommandReceipt):
                continue
            known = _cached(self._saved, aggregate.id)
            # Two threads may save one aggregate: keep the later version.
            if known is None or known.version < aggregate.version:
                self._saved.put(aggregate.id, aggregate)

    def _forget(self, aggregate_ids: Iterable[UUID]) -> None:
        assert self._saved is not None
        for aggregate_id in aggregate_ids:
            with contextlib.suppress(KeyError):
                self._saved.get(aggregate_id, evict=True)

    def _earlier_result(self, key: str, digest: str, meta: Meta) -> CommandResult | None:
        receipt = self._receipt(receipt_id(key))
        if receipt is None and meta["channel"] == Channel.SCHEDULER:
            # Before receipts were keyed per channel, the scheduler's were
            # keyed by source_id alone; its jobs must still find them.
            receipt = self._receipt(receipt_id(meta["source_id"] or ""))
            if receipt is not None and receipt.channel != Channel.SCHEDULER:
                receipt = None
        if receipt is None:
            return None
        if receipt.fingerprint != digest:
            raise IdempotencyKeyReused(
                f"source_id {meta['source_id']!r} was already used for a different "
                f"{receipt.command} command",
                field="source_id",
            )
        return CommandResult(
            aggregate_id=UUID(receipt.result["aggregate_id"]),
            version=int(receipt.result["version"]),
            position=None,
            replayed=True,
        )

    def _receipt(self, aggregate_id: UUID) -> CommandReceipt | None:
        try:
            found: object = self.repository.get(aggregate_id)
        except AggregateNotFoundError:
            return None
        assert isinstance(found, CommandReceipt)
        return found
