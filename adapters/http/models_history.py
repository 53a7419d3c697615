"""What time travel answers: one thing as it was at a moment (issue 19),
beside the models of the things themselves in `models.py`."""

from __future__ import annotations

from typing import Any

from adapters.http.models import Out


class AsOf(Out):
    """One thing as it was at a moment (`then`), as it is now, what differs
    field by field (`diff`), and the audit trail's lines since (`changes`)."""

    at: str
    version: int
    position: int
    recorded_at: str
    then: dict[str, Any]
    now: dict[str, Any]
    diff: list[dict[str, Any]]
    changes: list[dict[str, Any]]
    more_changes: bool
