"""Forgetting a person: the views drop the plaintext they kept."""

from __future__ import annotations

from typing import Any

from domain.person import ERASED_NAME, Person
from projections import tables as t
from projections.framework import PROJECTION, Ctx
from projections.store import RowStore


@PROJECTION.on(Person, "Forgotten")
def person_forgotten(e: Any, ctx: Ctx, rows: RowStore) -> None:
    """Purges the plaintext the views kept; history rows hold only the id."""
    rows.delete(t.slack_links, ctx.aggregate_id)
    rows.delete(t.folded_names, ctx.aggregate_id)
    row = rows.get(t.persons, ctx.aggregate_id)
    if row is None:
        return
    erased = {"name": ERASED_NAME, "email": None, "slack_user_id": None, "forgotten": True}
    rows.put(t.persons, ctx.changed(row, **erased))
