"""Which handler runs which command. Feature modules register themselves."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from domain.base import SamverkaAggregate
from domain.commands import Command
from domain.meta import Meta
from domain.uow import UnitOfWork

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
