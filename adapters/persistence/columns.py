"""Columns of the side tables (the adapters' own tables, which the events
cannot rebuild), for the tables' definitions and their Alembic migrations.

The migrations import this module, so what a helper makes must never change:
a column of another shape is a new helper (or written out), not an edit here.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Column, String

WHEN = String(40)  # an ISO 8601 time, as text
ID = String(36)  # an id (a UUID, as text)


def key(**types: Any) -> tuple[Column[Any], ...]:
    """The primary key's columns, in the order given (name=type)."""
    return tuple(Column(name, kind, primary_key=True) for name, kind in types.items())


def required(**types: Any) -> tuple[Column[Any], ...]:
    """Columns that are never null, in the order given (name=type)."""
    return tuple(Column(name, kind, nullable=False) for name, kind in types.items())


def optional(**types: Any) -> tuple[Column[Any], ...]:
    """Columns that may be null, in the order given (name=type)."""
    return tuple(Column(name, kind) for name, kind in types.items())


def languages() -> tuple[Column[Any], ...]:
    """A chat door's languages: `scope` (user:<id> or team:<id>), `language`."""
    return (*key(scope=String(80)), *required(language=String(8)))
