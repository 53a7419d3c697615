"""What every query facade shares: the read connections.

A method opens a read connection of its own, unless the door passes the one
it holds for a request (`conn=`), so that several reads see one snapshot.
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager, nullcontext
from typing import Any, Concatenate, Generic, ParamSpec, TypeVar, TypeVarTuple, Unpack, overload

from sqlalchemy import Connection, Select

from projections.plan.queries import Page, paged
from projections.store import Row
from services.views import Views

P = ParamSpec("P")
T = TypeVar("T")
Ts = TypeVarTuple("Ts")


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


class reads(Generic[T, *Ts]):
    """A facade method that is a projection query: `facade.method(*args, conn=None)`
    is `query(connection, *args)` on `conn` or a read connection of its own.

        get_person = reads(q.get_person)
    """

    def __init__(self, query: Callable[[Connection, Unpack[Ts]], T]) -> None:
        self.query = query
        self.__doc__ = query.__doc__

    @overload
    def __get__(self, facade: None, owner: type[Any]) -> reads[T, *Ts]: ...
    @overload
    def __get__(self, facade: Facade, owner: type[Any]) -> Read[T, *Ts]: ...
    def __get__(self, facade: Facade | None, owner: type[Any]) -> reads[T, *Ts] | Read[T, *Ts]:
        return self if facade is None else Read(facade, self.query)


class lists(Generic[P, T]):
    """A facade method that is a projection query taking keywords (filters, and
    a page's limit and offset): `facade.method(conn=None, **kw)` is
    `query(connection, **kw)`, typed as the query is.

        initiatives_page = lists(q.list_initiatives)
    """

    def __init__(self, query: Callable[Concatenate[Connection, P], T]) -> None:
        self.query = query
        self.__doc__ = query.__doc__

    @overload
    def __get__(self, facade: None, owner: type[Any]) -> lists[P, T]: ...
    @overload
    def __get__(self, facade: Facade, owner: type[Any]) -> Listed[P, T]: ...
    def __get__(self, facade: Facade | None, owner: type[Any]) -> lists[P, T] | Listed[P, T]:
        return self if facade is None else Listed(facade, self.query)

    def __call__(
        self, facade: Facade, conn: Connection | None = None, *args: P.args, **kwargs: P.kwargs
    ) -> T:
        """Read from the class, as a method would be: the facade first."""
        return Listed(facade, self.query)(conn, *args, **kwargs)


class Listed(Generic[P, T]):
    """`lists` bound to a facade."""

    def __init__(self, facade: Facade, query: Callable[Concatenate[Connection, P], T]) -> None:
        self._facade = facade
        self._query = query
        self.__doc__ = query.__doc__

    # `conn` comes first only because typing allows no keyword between P's
    # args and kwargs; the queries take none positionally, so it is given by name.
    def __call__(self, conn: Connection | None = None, *args: P.args, **kwargs: P.kwargs) -> T:
        with self._facade._reading(conn) as c:
            return self._query(c, *args, **kwargs)


Finish = Callable[[list[Row]], list[Row]]


class pages(Generic[P]):
    """A facade method that reads a page of a projection's list query: the
    query built from the filters given, then `limit` rows from `offset`,
    completed by `finish` (as the list function does).

        rounds_page = pages(mq.rounds_query, mq.with_rates)
    """

    def __init__(self, query: Callable[P, Select[Any]], finish: Finish | None = None) -> None:
        self.query = query
        self.finish = finish

    @overload
    def __get__(self, facade: None, owner: type[Any]) -> pages[P]: ...
    @overload
    def __get__(self, facade: Facade, owner: type[Any]) -> PageRead[P]: ...
    def __get__(self, facade: Facade | None, owner: type[Any]) -> pages[P] | PageRead[P]:
        return self if facade is None else PageRead(facade, self)


class PageRead(Generic[P]):
    """`pages` bound to a facade."""

    def __init__(self, facade: Facade, page: pages[P]) -> None:
        self._facade = facade
        self._page = page

    # limit, offset and conn are given by name (see Listed.__call__).
    def __call__(
        self,
        limit: int,
        offset: int,
        conn: Connection | None = None,
        *args: P.args,
        **kwargs: P.kwargs,
    ) -> Page:
        query = self._page.query(*args, **kwargs)
        with self._facade._reading(conn) as c:
            return paged(c, query, limit, offset, self._page.finish)


class Read(Generic[T, *Ts]):
    """`reads` bound to a facade."""

    def __init__(self, facade: Facade, query: Callable[[Connection, Unpack[Ts]], T]) -> None:
        self._facade = facade
        self._query = query
        self.__doc__ = query.__doc__

    def __call__(self, *args: *Ts, conn: Connection | None = None) -> T:
        with self._facade._reading(conn) as c:
            return self._query(c, *args)
