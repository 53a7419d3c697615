"""The unit of work a command handler sees: load, create, and nothing else."""

from __future__ import annotations

from typing import Protocol, TypeVar, cast
from uuid import UUID

from eventsourcing.application import AggregateNotFoundError

from domain.arena import Arena
from domain.authority import Authority, GlobalRole, holds
from domain.base import SamverkaAggregate
from domain.checkins.words import RoundWords
from domain.errors import Forbidden, NotFound
from domain.values import Role

A = TypeVar("A", bound=SamverkaAggregate)


class AggregateSource(Protocol):
    def get(self, aggregate_id: UUID) -> SamverkaAggregate: ...

    def __contains__(self, aggregate_id: UUID) -> bool: ...


class TeamsLinks(Protocol):
    """Whether the Teams door links a person to a Teams user (its own tables
    keep the links; the composition root gives the port)."""

    def teams_linked(self, person_id: UUID) -> bool: ...


class NoTeamsLinks:
    """Without the Teams door nobody is linked there."""

    def teams_linked(self, person_id: UUID) -> bool:
        return False


class InArena(Protocol):
    """An aggregate kept in an arena (or, without one, by admins)."""

    arena_id: UUID | None


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
    """Collects the aggregates one command touches so they are saved together,
    and what the command was allowed on (see domain.authority)."""

    def __init__(
        self,
        source: AggregateSource,
        authority: Authority,
        round_words: RoundWords,
        teams_links: TeamsLinks | None = None,
    ) -> None:
        self._source = source
        self.teams_links = teams_links or NoTeamsLinks()
        self._aggregates: dict[UUID, SamverkaAggregate] = {}
        self.authority = authority
        self.round_words = round_words  # the texts a closed round leaves (from the catalogs)
        self.allowed = False  # set by the first allow_* that lets the command through

    # -- who may ---------------------------------------------------------------

    @property
    def actor(self) -> str:
        return self.authority.actor

    def role_in(self, arena_id: UUID | None) -> Role | None:
        """The actor's role in the arena (None: not a member, or no arena)."""
        if arena_id is None:
            return None
        return self.get(Arena, arena_id, field="arena_id").members.get(self.actor)

    def holds(self, arena_id: UUID | None, needed: Role) -> bool:
        """Whether the actor may act with `needed` in the arena (admins and the
        system may everywhere)."""
        return self.authority.is_admin or holds(self.role_in(arena_id), needed)

    def allow(
        self,
        allowed: bool,
        why: str,
        *,
        rule: str | None = None,
        params: dict[str, object] | None = None,
    ) -> None:
        """Lets the command through, or refuses it saying what it needs."""
        if not allowed:
            raise Forbidden(why, field="actor", rule=rule, params=params)
        self.allowed = True

    def allow_in_arenas(
        self, arena_ids: list[UUID | None], needed: Role, *, or_if: bool = False
    ) -> None:
        """The actor holds `needed` in every arena the command concerns (an
        admin, the system, or `or_if` — such as being the series' secretary)."""
        known = [a for a in arena_ids if a is not None]
        allowed = (
            or_if
            or self.authority.is_admin
            or (bool(known) and all(holds(self.role_in(a), needed) for a in known))
        )
        self.allow(
            allowed,
            f"this needs the role {needed.value} in the arena it concerns",
            rule="access.arena_role",
            params={"role": needed.value},
        )

    def allow_in_arena(self, arena_id: UUID | None, needed: Role, *, or_if: bool = False) -> None:
        self.allow_in_arenas([arena_id], needed, or_if=or_if)

    def allow_new_in_arena(self, arena_id: UUID | None, needed: Role) -> None:
        """Something new kept in an arena: the actor holds `needed` there, and
        the arena, where one is named, exists."""
        self.allow_in_arena(arena_id, needed)
        self.check_named(Arena, arena_id)

    def get_in_arena(
        self, cls: type[A], aggregate_id: UUID, needed: Role, *, field: str | None = None
    ) -> A:
        """Loads an aggregate kept in an arena, for those who hold `needed` there."""
        found = self.get(cls, aggregate_id, field=field)
        self.allow_in_arena(cast(InArena, found).arena_id, needed)
        return found

    def allow_global(self, role: GlobalRole) -> None:
        self.allow(
            self.authority.has(role),
            f"this needs the role {role.value}",
            rule="access.role",
            params={"role": role.value},
        )

    def allow_self(self, person_id: UUID, *, or_if: bool = False) -> None:
        """The actor acts for themselves (or an admin, the system, `or_if`)."""
        allowed = or_if or self.authority.is_admin or self.actor == str(person_id)
        self.allow(allowed, "people do this for themselves", rule="access.self_only")

    def allow_by_aggregate(self) -> None:
        """The aggregate's own rule decides who (an action item's assignee or
        the meeting's secretary, an agenda item's proposer...); the handler
        passes it what the actor's arena role allows."""
        self.allowed = True

    def allow_system(self) -> None:
        """Only Samverka itself (the scheduler, the CLI) does this."""
        self.allow(self.authority.system, "only Samverka itself does this")

    # -- aggregates -------------------------------------------------------------

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

    def check_named(
        self, cls: type[SamverkaAggregate], aggregate_id: UUID | None, *, field: str | None = None
    ) -> None:
        """The aggregate a command names, where it names one, exists."""
        if aggregate_id is not None:
            self.get(cls, aggregate_id, field=field)

    def exists(self, aggregate_id: UUID) -> bool:
        return aggregate_id in self._aggregates or aggregate_id in self._source

    def add(self, *aggregates: SamverkaAggregate) -> None:
        for aggregate in aggregates:
            self._aggregates[aggregate.id] = aggregate

    def created(self, aggregate: A) -> A:
        """A new aggregate, added to be saved with the rest."""
        self.add(aggregate)
        return aggregate

    def changed(self) -> list[SamverkaAggregate]:
        """Aggregates with events waiting to be saved, in the order touched."""
        return [a for a in self._aggregates.values() if a.pending_events]
