"""What the services need from outside, as protocols the composition root fills.

The notifier port is in services/notifications.py with the notifications it
carries.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, date, datetime
from typing import Any, Protocol
from uuid import UUID
from zoneinfo import ZoneInfo

SWEDEN = ZoneInfo("Europe/Stockholm")


class Clock(Protocol):
    def now(self) -> datetime:
        """An aware datetime."""


class SystemClock:
    def now(self) -> datetime:
        return datetime.now(UTC)


def today(clock: Clock) -> date:
    """Today's date in Sweden, where the plan's days are (not the server's, nor
    UTC's: at 00:30 on New Year's Day UTC is still in the old year)."""
    return clock.now().astimezone(SWEDEN).date()


class ForgetHook(Protocol):
    """Something a door keeps about a person outside the event log (web
    sessions, sign-in links, provider subjects), deleted the moment the person
    is forgotten: the erasure service calls each hook the composition root
    gave it, without knowing the door."""

    def forget_person(self, person_id: UUID) -> None:
        """Deletes all the door keeps about the person; nothing if there is none."""


class TokenUse(Protocol):
    """When each API token was last used: noted by the API's token check, at
    most once a minute per token, shown on the administration pages."""

    def due(self, token_id: str, now: datetime) -> bool:
        """Whether this use must be written (answered from memory, no I/O)."""

    def record(self, token_id: str, now: datetime) -> None:
        """Notes that the token was used at `now` (I/O: off the event loop)."""

    def last_used(self, token_ids: Iterable[str]) -> dict[str, datetime]:
        """The last noted use of each token that has one."""


class KeyStore(Protocol):
    """Where each person's key for their personal data is kept."""

    def forget(self, person_id: UUID) -> bool:
        """Deletes the person's key; True if there was one."""

    def dump(self) -> list[dict[str, Any]]:
        """Every key, for a backup."""

    def load(self, rows: list[dict[str, Any]]) -> None:
        """Keys from a backup, into an empty store."""
