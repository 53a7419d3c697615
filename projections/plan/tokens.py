"""The API tokens as the read tables hold them, with their person's state."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Connection, Select, func, select

from domain.access import ApiRole, token_refusal
from projections import tables as t
from projections.store import Row, rows_of


def token_refused(row: Row, *, now: datetime, max_days: int) -> str | None:
    """Why a token row (from `token_by_hash`) lets nobody in; None: it does."""
    expires = row["expires_at"]
    return token_refusal(
        role=ApiRole(row["role"]),
        revoked=bool(row["revoked"]),
        issued_at=datetime.fromisoformat(row["issued_at"]),
        expires_at=datetime.fromisoformat(expires) if expires else None,
        now=now,
        max_days=max_days,
        forgotten=bool(row["forgotten"]),
        arenas=int(row["arenas"] or 0),
    )


def _with_person(*columns: Any) -> Select[Any]:
    """Tokens with `columns` of their person and in how many arenas they are."""
    arenas = (
        select(func.count())
        .where(t.arena_members.c.person_id == t.access_tokens.c.person_id)
        .scalar_subquery()
    )
    return select(t.access_tokens, *columns, arenas.label("arenas")).join(
        t.persons, t.persons.c.id == t.access_tokens.c.person_id, isouter=True
    )


def tokens(conn: Connection, person_id: str | None = None) -> list[Row]:
    """Every token (or one person's), newest first, with its person's name
    and state (forgotten, in how many arenas), as `token_by_hash` gives one."""
    query = _with_person(t.persons.c.name, t.persons.c.forgotten).order_by(
        t.access_tokens.c.issued_at.desc(), t.access_tokens.c.id
    )
    if person_id is not None:
        query = query.where(t.access_tokens.c.person_id == person_id)
    return rows_of(conn, query)


def token_by_hash(conn: Connection, token_hash: str) -> Row | None:
    """The token with its person's state: forgotten, and in how many arenas."""
    query = _with_person(t.persons.c.forgotten).where(t.access_tokens.c.token_hash == token_hash)
    found = conn.execute(query).mappings().first()
    return None if found is None else dict(found)
