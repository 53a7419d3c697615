"""Importing this module registers every projection handler on PROJECTION."""

from projections import (  # noqa: F401
    audit,
    checkins,
    funds,
    funds_audit,
    meeting_notes,
    meeting_rsvps,
    meetings,
    meetings_audit,
    plan,
    privacy,
)
from projections.framework import PROJECTION

__all__ = ["PROJECTION"]
