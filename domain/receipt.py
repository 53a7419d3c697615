"""Command receipts: the memory that makes a repeated source_id harmless.

A receipt's id is derived from the source_id and it is saved in the same
transaction as the command's events, so either both are stored or neither,
and a second command with the same source_id cannot be stored at all.
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

from eventsourcing.domain import event

from domain.base import SamverkaAggregate, derived_id
from domain.meta import Meta


def receipt_id(source_id: str) -> UUID:
    return derived_id("receipt", source_id)


class CommandReceipt(SamverkaAggregate):
    @staticmethod
    def create_id(source_id: str) -> UUID:
        return receipt_id(source_id)

    @event("Recorded")
    def __init__(
        self, source_id: str, command: str, fingerprint: str, result: dict[str, Any], meta: Meta
    ) -> None:
        self.source_id = source_id
        self.command = command
        self.fingerprint = fingerprint
        self.result = result
