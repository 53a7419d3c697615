"""What every query facade shares: the read connections.

A method opens a read connection of its own, unless the door passes the one
it holds for a request (`conn=`), so that several reads see one snapshot.
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager, nullcontext
from typing import Concatenate, ParamSpec, TypeVar

from sqlalchemy import Connection

from services.views import Views

P = ParamSpec("P")
T = TypeVar("T")


class Facade:
    def __init__(self, views: Views) -> None:
        self._views = views

    def connect(self) -> AbstractContextManager[Connection]:
        """A read connection for a door that makes several reads at once."""
        return self._views.connect()

    def _reading(self, conn: Connection | None) -> AbstractContextManager[Connection]:
        return nullcontext(conn) if conn is not None else self._views.connect()

    def _read(
        self,
        conn: Connection | None,
        query: Callable[Concatenate[Connection, P], T],
        /,
        *args: P.args,
        **kwargs: P.kwargs,
    ) -> T:
        """`query(connection, *args, **kwargs)` on `conn` or a connection of its own."""
        with self._reading(conn) as c:
            return query(c, *args, **kwargs)
