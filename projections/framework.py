"""How projection handlers are declared and how an event reaches them."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Table

from domain.base import SamverkaAggregate
from domain.meta import Meta
from projections.store import Row, RowStore, require

STAMPS = ("created_at", "updated_at")


@dataclass(slots=True)
class Ctx:
    """What a handler knows about the event besides its own attributes."""

    position: int
    at: str  # recording time, ISO 8601 UTC
    aggregate_id: str
    version: int
    meta: Meta

    def new_row(self, values: Row, times: tuple[str, ...] = STAMPS) -> Row:
        """A row made by this event: its aggregate's id, `values`, the
        version, and each of `times` set to the event's time (as
        projections.tables.stamped declares them)."""
        return {
            "id": self.aggregate_id,
            **values,
            "version": self.version,
            **dict.fromkeys(times, self.at),
        }

    def changed(self, row: Row, /, **changes: Any) -> Row:
        """A copy of an aggregate's row with `changes`, as this event leaves
        it: the event's version, and `updated_at` set to its time."""
        return {**row, **changes, "version": self.version, "updated_at": self.at}

    def by_whom(self) -> Row:
        """Who recorded the event and through which channel (the values of
        projections.tables.by_whom's columns)."""
        return {"actor_id": self.meta["actor"], "channel": self.meta["channel"]}


def touch(rows: RowStore, table: Table, ctx: Ctx, /, **changes: Any) -> None:
    """Puts the row of the event's aggregate in `table` as the event changes
    it (`Ctx.changed`); the row must exist."""
    rows.put(table, ctx.changed(require(rows, table, ctx.aggregate_id), **changes))


Handler = Callable[[Any, Ctx, RowStore], None]
# What an event changes of its aggregate's own row, as column values.
Changes = Callable[[Any], Row]
# A row that belongs to an aggregate: its table, and its key (after the
# aggregate's id) as the event names it.
Part = tuple[Table, Callable[[Any], Any]]


def _setter(table: Table, change: Changes) -> Handler:
    def handler(e: Any, ctx: Ctx, rows: RowStore) -> None:
        touch(rows, table, ctx, **change(e))

    return handler


def _remover(table: Table, part: Part) -> Handler:
    def handler(e: Any, ctx: Ctx, rows: RowStore) -> None:
        parts, key = part
        rows.delete(parts, ctx.aggregate_id, key(e))
        touch(rows, table, ctx)

    return handler


class Projection:
    """A set of handlers keyed by event class, applied in registration order."""

    def __init__(self) -> None:
        self._by_type: dict[type, list[Handler]] = defaultdict(list)
        self._every: list[Handler] = []
        self._ignored: set[type] = set()
        self._chains: dict[type, tuple[Handler, ...]] = {}
        self._ids: dict[Any, str] = {}  # str(uuid) is slow and ids repeat

    def on(self, aggregate: type[SamverkaAggregate], *names: str) -> Callable[[Handler], Handler]:
        """Registers a handler for events `aggregate.<name>` (checked now)."""
        event_types = []
        for name in names:
            event_type = getattr(aggregate, name, None)
            if not isinstance(event_type, type):
                raise AttributeError(f"{aggregate.__name__} has no event {name}")
            event_types.append(event_type)

        def register(handler: Handler) -> Handler:
            for event_type in event_types:
                self._by_type[event_type].append(handler)
            self._chains.clear()
            return handler

        return register

    def sets(self, aggregate: type[SamverkaAggregate], table: Table, **events: Changes) -> None:
        """Registers a handler for each event named that only changes the
        aggregate's own row in `table` (`touch`), by what its function gives:

            PROJECTION.sets(Initiative, t.initiatives, StatusChanged=lambda e: {"status": e.status})
        """
        for name, change in events.items():
            self.on(aggregate, name)(_setter(table, change))

    def removes(self, aggregate: type[SamverkaAggregate], table: Table, **events: Part) -> None:
        """Registers a handler for each event named that deletes a row that
        belongs to the aggregate (a member, a link) and changes the
        aggregate's own row in `table` (`touch`):

            PROJECTION.removes(
                Arena, t.arenas, MemberRemoved=(t.arena_members, lambda e: str(e.person_id))
            )
        """
        for name, part in events.items():
            self.on(aggregate, name)(_remover(table, part))

    def on_every_event(self, handler: Handler) -> Handler:
        self._every.append(handler)
        self._chains.clear()
        return handler

    def ignore_aggregate(self, aggregate: type[SamverkaAggregate]) -> None:
        """Events of this aggregate are bookkeeping; `on_every_event` skips them."""
        for value in vars(aggregate).values():
            if isinstance(value, type) and issubclass(value, aggregate.Event):
                self._ignored.add(value)
        self._chains.clear()

    def handled_types(self) -> set[type]:
        return set(self._by_type)

    def _chain(self, event_type: type) -> tuple[Handler, ...]:
        # History handlers run first: they describe the change against the
        # state before it (the title of a milestone about to be removed).
        every = () if event_type in self._ignored else tuple(self._every)
        chain = every + tuple(self._by_type.get(event_type, ()))
        self._chains[event_type] = chain
        return chain

    def apply(
        self,
        event: Any,
        position: int,
        rows: RowStore,
        *,
        at: str | None = None,
        aggregate_id: str | None = None,
    ) -> None:
        """`at` and `aggregate_id`: the event's time and originator id as text,
        when the caller has them already (a replay decoding millions)."""
        event_type = type(event)
        chain = self._chains.get(event_type)
        if chain is None:
            chain = self._chain(event_type)
        if not chain:
            return
        if aggregate_id is None:
            originator = event.originator_id
            aggregate_id = self._ids.get(originator)
            if aggregate_id is None:
                if len(self._ids) > 100_000:
                    self._ids.clear()
                aggregate_id = self._ids[originator] = str(originator)
        ctx = Ctx(
            position,
            event.timestamp.isoformat() if at is None else at,
            aggregate_id,
            event.originator_version,
            event.meta,
        )
        for handler in chain:
            handler(event, ctx, rows)

    def apply_own(self, event: Any, position: int, rows: RowStore) -> None:
        """Only the handlers of the event's own type (not the history kept of
        every event, such as the audit trail): an aggregate's state as its
        events make it, for time travel (`projections.timetravel`)."""
        handlers = self._by_type.get(type(event), ())
        if not handlers:
            return
        ctx = Ctx(
            position,
            event.timestamp.isoformat(),
            str(event.originator_id),
            event.originator_version,
            event.meta,
        )
        for handler in handlers:
            handler(event, ctx, rows)


# The one projection the projector runs; feature modules register on it.
PROJECTION = Projection()
