"""Whether the service can answer: the store, the projector and its lag.

What it says is a reason code, for anyone to see; the details go to the log
(a projector's error may hold row values, a probe's error the database's)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol

import structlog

from projections.runner import Projector, read_position
from services.views import Views

log = structlog.get_logger(__name__)

DATABASE_UNREACHABLE = "database_unreachable"
PROJECTOR_FAILING = "projector_failing"
LAGGING = "lagging"


class Availability(Protocol):
    """A probe that knows whether the database answers (PostgreSQL)."""

    @property
    def available(self) -> bool: ...

    @property
    def last_error(self) -> str | None: ...


@dataclass(frozen=True)
class Readiness:
    ready: bool
    reason: str | None = None
    numbers: dict[str, int] = field(default_factory=dict)  # head, position, lag


@dataclass(eq=False)
class Health:
    views: Views
    projector: Projector
    probe: Availability | None
    max_lag: int

    def readiness(self) -> Readiness:
        if self.probe is not None and not self.probe.available:
            log.warning(
                "readyz.not_ready", reason=DATABASE_UNREACHABLE, error=self.probe.last_error
            )
            return Readiness(False, DATABASE_UNREACHABLE)
        try:
            head = self.views.head()
            position = self.projector.position
            if not self.projector.running:
                position = read_position(self.views.engine)
        except Exception as error:
            log.warning("readyz.not_ready", reason=DATABASE_UNREACHABLE, error=type(error).__name__)
            return Readiness(False, DATABASE_UNREACHABLE)
        numbers = {"head": head, "position": position, "lag": head - position}
        if self.projector.last_error:
            # The projector logs its error itself; its text may hold row values.
            kind = self.projector.last_error.partition(":")[0]
            log.warning("readyz.not_ready", reason=PROJECTOR_FAILING, error=kind, **numbers)
            return Readiness(False, PROJECTOR_FAILING, numbers)
        if numbers["lag"] > self.max_lag:
            log.info("readyz.not_ready", reason=LAGGING, **numbers)
            return Readiness(False, LAGGING, numbers)
        return Readiness(True, None, numbers)
