"""Command receipts: the memory that makes a repeated source_id harmless.

A receipt's id is derived from its key and it is saved in the same
transaction as the command's events, so either both are stored or neither,
and a second command with the same key cannot be stored at all.

The key is the source_id within its channel and actor (`receipt_key`): an id
chosen outside (an e-mail's Message-ID, an Idempotency-Key, a Slack id) can
only ever meet the same person's earlier command through the same door, never
block what another door or the scheduler records.
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

from eventsourcing.domain import event

from domain.base import SamverkaAggregate, derived_id
from domain.meta import Meta

# Between the parts of a key; no part can hold it (all are printable ASCII).
_SEPARATOR = "\x1f"


def receipt_key(meta: Meta) -> str | None:
    """The receipt key of a command's envelope; None without a source_id."""
    source_id = meta["source_id"]
    if source_id is None:
        return None
    return _SEPARATOR.join((meta["channel"], meta["actor"], source_id))


def receipt_id(key: str) -> UUID:
    return derived_id("receipt", key)


class CommandReceipt(SamverkaAggregate):
    @staticmethod
    def create_id(key: str | None = None, source_id: str | None = None) -> UUID:
        return receipt_id(key or source_id or "")

    @event("Recorded")
    def __init__(
        self,
        command: str,
        fingerprint: str,
        result: dict[str, Any],
        meta: Meta,
        key: str | None = None,
        source_id: str | None = None,  # receipts recorded before keys had channels
    ) -> None:
        self.key = key or source_id
        self.channel = meta["channel"]
        self.command = command
        self.fingerprint = fingerprint
        self.result = result
