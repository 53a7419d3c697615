"""Domain errors: one base class, a few kinds the adapters map to responses."""

from __future__ import annotations

from collections.abc import Mapping


class DomainError(Exception):
    """Base class of every rule the domain enforces.

    `code` names the kind (stable, machine-readable; HTTP maps it to a status).
    `rule` names the broken rule ("checkin.late") and `params` its values, so a
    front door can say it in the reader's language from the message catalogs;
    `message` is the same in plain English, for logs and API clients.
    """

    code = "domain_error"

    def __init__(
        self,
        message: str,
        *,
        field: str | None = None,
        rule: str | None = None,
        params: Mapping[str, object] | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.field = field
        self.rule = rule
        self.params: dict[str, object] = dict(params or {})


class ValidationFailed(DomainError):
    """A value breaks a rule of its own (empty title, unknown role, ...)."""

    code = "validation_failed"


class NotFound(DomainError):
    """The aggregate a command names does not exist."""

    code = "not_found"


class Duplicate(DomainError):
    """Something that must be unique already exists."""

    code = "duplicate"


class InvalidTransition(DomainError):
    """The aggregate is in a state where this change is not allowed."""

    code = "invalid_transition"


class StaleVersion(DomainError):
    """The client edited an older version than the one stored."""

    code = "stale_version"

    def __init__(self, *, expected: int, current: int) -> None:
        super().__init__(
            f"version {expected} is stale; the current version is {current}",
            field="expected_version",
        )
        self.expected = expected
        self.current = current


class IdempotencyKeyReused(DomainError):
    """The same source_id was sent earlier with a different command."""

    code = "idempotency_key_reused"


class Forbidden(DomainError):
    """The actor may not do this (a domain-level permission rule)."""

    code = "forbidden"
