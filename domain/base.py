"""The aggregate base class every Samverka aggregate derives from."""

from __future__ import annotations

import uuid
from typing import Any

from eventsourcing.domain import Aggregate

from domain.errors import StaleVersion

# Namespace for ids derived from natural keys (uuid5), so the same key always
# names the same aggregate in every database.
SAMVERKA_NS = uuid.UUID("6f1e0c2a-5b7d-4c1e-9a57-2d0c8b7e5a11")


def derived_id(kind: str, key: str) -> uuid.UUID:
    return uuid.uuid5(SAMVERKA_NS, f"{kind}:{key}")


class SamverkaAggregate(Aggregate):
    """Aggregates change only through `@event` methods that take a `meta`
    envelope; rules are `check_*` methods that raise `DomainError`s."""

    def check_version(self, expected: int | None) -> None:
        if expected is not None and expected != self.version:
            raise StaleVersion(expected=expected, current=self.version)

    def snapshot_state(self) -> dict[str, Any]:
        """Public state for tests and debugging (never the pending events)."""
        return {k.lstrip("_"): v for k, v in vars(self).items() if k != "_pending_events"}
