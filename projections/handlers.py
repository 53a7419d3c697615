"""Importing this module registers every projection handler on PROJECTION."""

from projections import audit, checkins, meetings, meetings_audit, plan  # noqa: F401
from projections.framework import PROJECTION

__all__ = ["PROJECTION"]
