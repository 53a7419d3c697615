"""Signed reply tokens: who may answer what by e-mail, without server state.

A token names a kind ("c" a check-in round, "s" a meeting series), the target
and the person, and a last valid day; an HMAC over the *full* ids proves we
issued it. Mail servers limit an address's local part to 64 characters, so
the token carries only the first 8 bytes of each id (base32, lowercase:
local parts are often case-folded); the reader looks the full ids up by
prefix and the MAC decides. `svar+<47 characters>@domain` fits.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from uuid import UUID

EPOCH = date(2020, 1, 1)
PREFIX = 8
MAC = 10
KINDS = ("c", "s")
LOCAL_PART = "svar"

# kind, target id prefix, person id prefix -> candidate (target, person) pairs
Resolver = Callable[[str, bytes, bytes], Iterable[tuple[UUID, UUID]]]


class TokenError(ValueError):
    """The token is missing, malformed, forged or expired (`reason` says which)."""

    def __init__(self, reason: str) -> None:
        self.reason = reason
        super().__init__(reason)


@dataclass(frozen=True)
class ReplyToken:
    kind: str
    target: UUID
    person: UUID
    valid_until: date


def _mac(secret: str, kind: str, target: UUID, person: UUID, days: int) -> bytes:
    if not secret:  # settings.with_mail_secret() was skipped: never sign with no key
        raise ValueError("no mail secret")
    message = kind.encode() + target.bytes + person.bytes + days.to_bytes(2, "big")
    return hmac.new(secret.encode(), message, hashlib.sha256).digest()[:MAC]


def encode(secret: str, token: ReplyToken) -> str:
    if token.kind not in KINDS:
        raise ValueError(f"unknown token kind {token.kind!r}")
    days = (token.valid_until - EPOCH).days
    body = token.kind.encode() + token.target.bytes[:PREFIX] + token.person.bytes[:PREFIX]
    raw = (
        body + days.to_bytes(2, "big") + _mac(secret, token.kind, token.target, token.person, days)
    )
    return base64.b32encode(raw).decode().rstrip("=").lower()


def issue(secret: str, kind: str, target: UUID, person: UUID, today: date, days: int) -> str:
    return encode(secret, ReplyToken(kind, target, person, today + timedelta(days=days)))


def reply_address(token: str, domain: str) -> str:
    return f"{LOCAL_PART}+{token}@{domain}"


def token_from_address(address: str) -> str | None:
    """`svar+TOKEN@domain` -> TOKEN; anything else -> None."""
    local = address.strip().strip("<>").rsplit("@", 1)[0]
    name, plus, token = local.partition("+")
    return token.lower() if plus and name.lower() == LOCAL_PART and token else None


def decode(secret: str, text: str, resolve: Resolver, today: date) -> ReplyToken:
    try:
        padded = text.strip().upper() + "=" * (-len(text.strip()) % 8)
        raw = base64.b32decode(padded)
    except (ValueError, TypeError):
        raise TokenError("malformed") from None
    if len(raw) != 1 + 2 * PREFIX + 2 + MAC:
        raise TokenError("malformed")
    kind = raw[:1].decode(errors="replace")
    if kind not in KINDS:
        raise TokenError("malformed")
    target_prefix, person_prefix = raw[1 : 1 + PREFIX], raw[1 + PREFIX : 1 + 2 * PREFIX]
    days = int.from_bytes(raw[1 + 2 * PREFIX : 3 + 2 * PREFIX], "big")
    mac = raw[3 + 2 * PREFIX :]
    for target, person in resolve(kind, target_prefix, person_prefix):
        if hmac.compare_digest(mac, _mac(secret, kind, target, person, days)):
            valid_until = EPOCH + timedelta(days=days)
            if today > valid_until:
                raise TokenError("expired")
            return ReplyToken(kind, target, person, valid_until)
    raise TokenError("forged")
