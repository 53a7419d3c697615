"""Which handler runs which command. Feature modules register themselves."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar
from uuid import UUID

from domain.base import SamverkaAggregate
from domain.commands import Command
from domain.meta import Meta
from domain.person import Person
from domain.uow import UnitOfWork

A = TypeVar("A", bound=SamverkaAggregate)
C = TypeVar("C", bound=Command)
Handler = Callable[[UnitOfWork, Any, Meta], SamverkaAggregate]

HANDLERS: dict[type[Command], Handler] = {}


def handles(
    command_type: type[C],
) -> Callable[
    [Callable[[UnitOfWork, C, Meta], SamverkaAggregate]],
    Callable[[UnitOfWork, C, Meta], SamverkaAggregate],
]:
    """Registers the decorated function as the handler of `command_type`."""

    def register(
        func: Callable[[UnitOfWork, C, Meta], SamverkaAggregate],
    ) -> Callable[[UnitOfWork, C, Meta], SamverkaAggregate]:
        if command_type in HANDLERS:
            raise RuntimeError(f"{command_type.__name__} already has a handler")
        HANDLERS[command_type] = func
        return func

    return register


def acts_on(
    command_type: type[C],
    load: Callable[[UnitOfWork, C], A],
    *,
    brings: Callable[[C], UUID] | None = None,
) -> Callable[[Callable[[A, C, Meta], None]], Callable[[A, C, Meta], None]]:
    """Registers the usual handler, load-check-call: `load` fetches the
    aggregate the command acts on and lets the actor through or refuses
    (`uow.allow_*`); `brings` names a person the command adds, who must exist
    and not be forgotten; a command's `expected_version`, where it has one, guards
    against stale edits; the decorated function calls the aggregate's method.
    The application saves what changed."""

    def register(call: Callable[[A, C, Meta], None]) -> Callable[[A, C, Meta], None]:
        def handle(uow: UnitOfWork, cmd: C, meta: Meta) -> A:
            aggregate = load(uow, cmd)
            if brings is not None:
                uow.get(Person, brings(cmd)).check_not_forgotten()
            aggregate.check_version(getattr(cmd, "expected_version", None))
            call(aggregate, cmd, meta)
            return aggregate

        handle.__name__ = handle.__qualname__ = call.__name__
        handles(command_type)(handle)
        return call

    return register
