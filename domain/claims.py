"""Claims make natural keys unique across aggregates.

A claim's id is derived from what it claims (an arena code; an initiative
code within an arena), so a second claim on the same key cannot be stored:
its first event would collide with the first claim's. Claims are saved in the
same transaction as the aggregate they name, so either both exist or neither.
Separate claims per key also keep unrelated creations from contending on one
hot aggregate (such as the arena every new initiative belongs to).
"""

from __future__ import annotations

from uuid import UUID

from eventsourcing.domain import event

from domain.base import SamverkaAggregate, derived_id
from domain.meta import Meta


def arena_code_claim_id(code: str) -> UUID:
    return derived_id("arena-code", code.casefold())


def initiative_code_claim_id(arena_id: UUID, code: str) -> UUID:
    return derived_id("initiative-code", f"{arena_id}:{code.casefold()}")


class CodeClaim(SamverkaAggregate):
    @staticmethod
    def create_id(kind: str, key: str) -> UUID:
        return derived_id(kind, key)

    @event("Claimed")
    def __init__(self, kind: str, key: str, owner_id: UUID, meta: Meta) -> None:
        self.kind = kind
        self.key = key
        self.owner_id = owner_id

    @classmethod
    def for_arena(cls, code: str, arena_id: UUID, meta: Meta) -> CodeClaim:
        return cls(kind="arena-code", key=code.casefold(), owner_id=arena_id, meta=meta)

    @classmethod
    def for_initiative(
        cls, arena_id: UUID, code: str, initiative_id: UUID, meta: Meta
    ) -> CodeClaim:
        key = f"{arena_id}:{code.casefold()}"
        return cls(kind="initiative-code", key=key, owner_id=initiative_id, meta=meta)
