"""API access tokens: issued to a person with one role, stored as a hash."""

from __future__ import annotations

import hashlib
import secrets
from enum import StrEnum
from uuid import UUID

from eventsourcing.domain import event

from domain.base import SamverkaAggregate
from domain.errors import InvalidTransition
from domain.meta import Meta
from domain.values import optional_text


class ApiRole(StrEnum):
    MEMBER = "member"
    MODERATOR = "moderator"
    FUND_COORDINATOR = "fund_coordinator"
    AUDITOR = "auditor"
    ADMIN = "admin"


def new_token() -> str:
    return secrets.token_urlsafe(32)


def hash_token(token: str) -> str:
    # Tokens are 256 random bits, so a plain SHA-256 is as strong as a slow hash.
    return hashlib.sha256(token.encode()).hexdigest()


class AccessToken(SamverkaAggregate):
    @event("Issued")
    def __init__(self, person_id: UUID, role: str, token_hash: str, label: str, meta: Meta) -> None:
        self.person_id = person_id
        self.role = ApiRole(role)
        self.token_hash = token_hash
        self.label = label
        self.revoked = False

    @classmethod
    def issue(
        cls, *, person_id: UUID, role: ApiRole, token_hash: str, label: str | None, meta: Meta
    ) -> AccessToken:
        return cls(
            person_id=person_id,
            role=role.value,
            token_hash=token_hash,
            label=optional_text(label, "label", max_len=100, multiline=False),
            meta=meta,
        )

    def revoke(self, *, meta: Meta) -> None:
        if self.revoked:
            raise InvalidTransition("the token is already revoked", field="token_id")
        self._revoked(meta=meta)

    @event("Revoked")
    def _revoked(self, meta: Meta) -> None:
        self.revoked = True
