"""API access tokens: issued to a person, stored as a hash, valid until a time.

A token acts as its person: what they may change is decided by their roles
in the arenas (domain.authority). A token may also carry one global role
(admin, auditor, fund_coordinator, plan_coordinator). `moderator` is no token role any more: a
person is moderator of an arena; tokens issued with it before act as members.
"""

from __future__ import annotations

import hashlib
import re
import secrets
from datetime import datetime, timedelta
from enum import StrEnum
from typing import TYPE_CHECKING
from uuid import UUID

from eventsourcing.domain import event

from domain.authority import GlobalRole
from domain.base import SamverkaAggregate
from domain.errors import InvalidTransition, ValidationFailed
from domain.meta import Meta
from domain.values import optional_text

if TYPE_CHECKING:  # the commands name ApiRole
    from domain.commands import IssueToken


class ApiRole(StrEnum):
    MEMBER = "member"
    MODERATOR = "moderator"  # only in tokens issued before arena roles
    FUND_COORDINATOR = "fund_coordinator"
    PLAN_COORDINATOR = "plan_coordinator"
    AUDITOR = "auditor"
    ADMIN = "admin"

    @property
    def global_roles(self) -> frozenset[GlobalRole]:
        """The global role a token with this role carries (none for members)."""
        found = {r for r in GlobalRole if r.value == self.value}
        return frozenset(found)


TOKEN_ROLES = tuple(r for r in ApiRole if r is not ApiRole.MODERATOR)


_HEX64 = re.compile(r"^[0-9a-f]{64}$")


def new_token() -> str:
    return secrets.token_urlsafe(32)


def hash_token(token: str) -> str:
    # Tokens are 256 random bits, so a plain SHA-256 is as strong as a slow hash.
    return hashlib.sha256(token.encode()).hexdigest()


def token_refusal(
    *,
    role: ApiRole,
    revoked: bool,
    issued_at: datetime,
    expires_at: datetime | None,
    now: datetime,
    max_days: int,
    forgotten: bool,
    arenas: int,
) -> str | None:
    """Why a stored token no longer lets anyone in (None: it does).

    A token stops working when it is revoked or expired (one issued before
    tokens expired lasts `max_days`), when its person is forgotten, and, for
    a token without a global role, when its person is in no arena any more.
    """
    if revoked:
        return "revoked"
    if now >= (expires_at or issued_at + timedelta(days=max_days)):
        return "expired"
    if forgotten:
        return "person_forgotten"
    if not role.global_roles and arenas == 0:
        return "no_arena"
    return None


class AccessToken(SamverkaAggregate):
    @event("Issued")
    def __init__(
        self,
        person_id: UUID,
        role: str,
        token_hash: str,
        label: str,
        meta: Meta,
        expires_at: datetime | None = None,  # None: issued before tokens expired
    ) -> None:
        self.person_id = person_id
        self.role = ApiRole(role)
        self.token_hash = token_hash
        self.label = label
        self.expires_at = expires_at
        self.revoked = False

    @classmethod
    def issue(cls, cmd: IssueToken, *, meta: Meta) -> AccessToken:
        if cmd.role is ApiRole.MODERATOR:
            raise ValidationFailed(
                "moderator is a role in an arena, not a token's: give the person a member "
                "token and make them moderator of the arena",
                field="role",
            )
        if cmd.expires_at is None or cmd.expires_at.tzinfo is None:
            raise ValidationFailed(
                "a token needs an expiry time with a UTC offset", field="expires_at"
            )
        if not _HEX64.fullmatch(cmd.token_hash):
            raise ValidationFailed("token_hash is a SHA-256 hex digest", field="token_hash")
        return cls(
            person_id=cmd.person_id,
            role=cmd.role.value,
            token_hash=cmd.token_hash,
            label=optional_text(cmd.label, "label", max_len=100, multiline=False),
            expires_at=cmd.expires_at,
            meta=meta,
        )

    def revoke(self, *, meta: Meta) -> None:
        if self.revoked:
            raise InvalidTransition("the token is already revoked", field="token_id")
        self._revoked(meta=meta)

    @event("Revoked")
    def _revoked(self, meta: Meta) -> None:
        self.revoked = True
