"""The unit of work a command handler sees: load, create, and nothing else."""

from __future__ import annotations

from typing import Protocol, TypeVar
from uuid import UUID

from eventsourcing.application import AggregateNotFoundError

from domain.base import SamverkaAggregate
from domain.errors import NotFound

A = TypeVar("A", bound=SamverkaAggregate)


class AggregateSource(Protocol):
    def get(self, aggregate_id: UUID) -> SamverkaAggregate: ...

    def __contains__(self, aggregate_id: UUID) -> bool: ...


_WHAT = {
    "Person": "person",
    "Arena": "arena",
    "Initiative": "initiative",
    "Decision": "decision",
    "AccessToken": "token",
    "Grant": "grant",
    "FundingAgreement": "agreement",
}


class UnitOfWork:
    """Collects the aggregates one command touches so they are saved together."""

    def __init__(self, source: AggregateSource) -> None:
        self._source = source
        self._aggregates: dict[UUID, SamverkaAggregate] = {}

    def get(self, cls: type[A], aggregate_id: UUID, *, field: str | None = None) -> A:
        """Loads an aggregate of the given class or raises NotFound."""
        what = _WHAT.get(cls.__name__, cls.__name__.lower())
        found = self._aggregates.get(aggregate_id)
        if found is None:
            try:
                found = self._source.get(aggregate_id)
            except AggregateNotFoundError:
                found = None
        if not isinstance(found, cls):
            raise NotFound(f"no {what} with id {aggregate_id}", field=field or f"{what}_id")
        self._aggregates[aggregate_id] = found
        return found

    def exists(self, aggregate_id: UUID) -> bool:
        return aggregate_id in self._aggregates or aggregate_id in self._source

    def add(self, *aggregates: SamverkaAggregate) -> None:
        for aggregate in aggregates:
            self._aggregates[aggregate.id] = aggregate

    def changed(self) -> list[SamverkaAggregate]:
        """Aggregates with events waiting to be saved, in the order touched."""
        return [a for a in self._aggregates.values() if a.pending_events]
