"""Importing this module registers every projection handler on PROJECTION."""

from projections import audit, privacy  # noqa: F401
from projections.checkins import projector as checkins  # noqa: F401
from projections.framework import PROJECTION
from projections.funds import audit as funds_audit  # noqa: F401
from projections.funds import projector as funds  # noqa: F401
from projections.indicators import audit as indicators_audit  # noqa: F401
from projections.indicators import projector as indicators  # noqa: F401
from projections.meetings import audit as meetings_audit  # noqa: F401
from projections.meetings import notes as meeting_notes  # noqa: F401
from projections.meetings import projector as meetings  # noqa: F401
from projections.meetings import rsvps as meeting_rsvps  # noqa: F401
from projections.plan import projector as plan  # noqa: F401
from projections.plans import audit as plans_audit  # noqa: F401
from projections.plans import projector as plans  # noqa: F401

__all__ = ["PROJECTION"]
