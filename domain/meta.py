"""The envelope every event carries: who, how, idempotency and correlation.

It is a TypedDict so that it is stored as a plain JSON object inside each
event and read back without custom transcoding.
"""

from __future__ import annotations

import re
import uuid
from datetime import date
from enum import StrEnum
from typing import TypedDict

from domain.errors import ValidationFailed

SYSTEM_ACTOR = "system"
SYSTEM_NAME = "Samverka"  # what the trail and the pages call the system actor
SOURCE_ID_MAX = 200
_SOURCE_ID = re.compile(r"^[\x21-\x7e]{1,200}$")
_ACTOR = re.compile(r"^[\x21-\x7e]{1,100}$")  # a person id, "system" or "anonymous"


class Channel(StrEnum):
    API = "api"
    CLI = "cli"
    SLACK = "slack"
    TEAMS = "teams"
    EMAIL = "email"
    WEB = "web"
    SCHEDULER = "scheduler"


# A correlation id arrives from outside (X-Correlation-Id, X-Request-Id) and
# is stored in every event of the command: short, and safe to show anywhere.
CORRELATION_ID_MAX = 128
_CORRELATION_ID = re.compile(r"[\x21-\x7e]{1,128}")  # whole string: fullmatch


class Meta(TypedDict):
    actor: str
    channel: str
    source_id: str | None
    correlation_id: str
    business_date: str | None


def make_meta(
    *,
    actor: str,
    channel: Channel | str,
    source_id: str | None = None,
    correlation_id: str | None = None,
    business_date: date | str | None = None,
) -> Meta:
    """Builds a validated envelope; raises ValidationFailed on bad values."""
    try:
        channel_value = Channel(channel).value
    except ValueError:
        raise ValidationFailed(f"unknown channel {channel!r}", field="channel") from None
    if not _ACTOR.fullmatch(actor):
        raise ValidationFailed(
            "actor must be 1-100 printable ASCII characters without spaces", field="actor"
        )
    if source_id is not None and not _SOURCE_ID.fullmatch(source_id):
        raise ValidationFailed(
            "source_id must be 1-200 printable ASCII characters without spaces",
            field="source_id",
        )
    if correlation_id and not _CORRELATION_ID.fullmatch(correlation_id):
        raise ValidationFailed(
            "correlation_id must be 1-128 printable ASCII characters without spaces",
            field="correlation_id",
        )
    if isinstance(business_date, str):
        try:
            business_date = date.fromisoformat(business_date)
        except ValueError:
            raise ValidationFailed(
                "business_date must be an ISO date (YYYY-MM-DD)", field="business_date"
            ) from None
    return Meta(
        actor=actor,
        channel=channel_value,
        source_id=source_id,
        correlation_id=correlation_id or uuid.uuid4().hex,
        business_date=business_date.isoformat() if business_date else None,
    )


def with_business_date(meta: Meta, business_date: date | None) -> Meta:
    """The same envelope with a business date, unless one was given already."""
    if business_date is None or meta["business_date"] is not None:
        return meta
    return Meta(**{**meta, "business_date": business_date.isoformat()})
