"""What projections read events from: an event store's recorder and mapper.

The application (services/application.py) is one; projections need no more of
it, so they do not depend on the layer above them.
"""

from __future__ import annotations

from typing import Any, Protocol

from eventsourcing.persistence import ApplicationRecorder, StoredEvent


class EventMapper(Protocol):
    """Turns stored events into domain events. Samverka's mapper also has
    `spec()`: how another process (the rebuild's worker) builds the same one."""

    def to_domain_event(self, stored_event: StoredEvent) -> Any: ...


class EventLog(Protocol):
    @property
    def recorder(self) -> ApplicationRecorder: ...

    @property
    def mapper(self) -> EventMapper: ...
