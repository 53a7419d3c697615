"""Reading what Teams sends: activities, ids and card inputs."""

from __future__ import annotations

from datetime import date
from typing import Any
from uuid import UUID

from microsoft_agents.activity import Activity
from pydantic import ValidationError


def source_id(*parts: str | None) -> str:
    """A source_id from Teams' own ids: `teams:<part>:<part>...` (printable ASCII)."""
    text = ":".join(["teams", *(p or "-" for p in parts)])
    return "".join(ch for ch in text if "!" <= ch <= "~")[:200]


def channel_of(conversation_id: str) -> str:
    """A channel's conversation id without the thread a message names."""
    return conversation_id.split(";", 1)[0]


def meeting_ref(value: object) -> tuple[UUID, date] | None:
    """A meeting card's choice, `<series id>|<date>`."""
    if not isinstance(value, str):
        return None
    try:
        series, _, day = value.partition("|")
        return UUID(series), date.fromisoformat(day)
    except ValueError:
        return None


def is_uuid(value: str) -> bool:
    try:
        UUID(value)
    except ValueError:
        return False
    return True


def typed(value: object) -> str | None:
    """What a card input sent: always text (Adaptive Cards submit strings)."""
    if value is None:
        return None
    return value.strip() if isinstance(value, str) else None


def parse_activity(body: Any) -> Activity | None:
    """The activity in a request body, or None when it is not one."""
    if not isinstance(body, dict):
        return None
    try:
        return Activity.model_validate(body)
    except (ValidationError, ValueError, TypeError, RecursionError):
        return None
