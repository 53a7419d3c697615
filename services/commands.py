"""The one way every front door runs a command.

The door sets a `Context` (who, through which door, the door's own id for
the request); `CommandService.run` builds the envelope, runs the command with
the person's authority (retries, idempotency and the receipt are the
application's: services/application.py) and, when asked, waits until the
views show it.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date

from domain.authority import Authority, GlobalRole
from domain.commands import Command
from domain.meta import SYSTEM_ACTOR, Channel, Meta, make_meta
from services.application import CommandResult, Samverka
from services.views import Views


@dataclass(frozen=True)
class Context:
    """What a front door knows about a request: the actor (a person id, or
    `system`), the door, its own id for the request (made an idempotency key
    per door and person), a correlation id, the business date where it
    differs, and the global roles the door vouches for (an API token's)."""

    actor: str
    channel: Channel
    source_id: str | None = None
    correlation_id: str | None = None
    business_date: date | None = None
    roles: frozenset[GlobalRole] = field(default_factory=frozenset)

    @property
    def meta(self) -> Meta:
        return make_meta(
            actor=self.actor,
            channel=self.channel,
            source_id=self.source_id,
            correlation_id=self.correlation_id,
            business_date=self.business_date,
        )

    @property
    def authority(self) -> Authority:
        return Authority.of(self.meta, self.roles)

    def with_source(self, source_id: str | None) -> Context:
        return replace(self, source_id=source_id)


def system(channel: Channel = Channel.CLI, source_id: str | None = None) -> Context:
    """Samverka itself: the scheduler, the operator's CLI, the demo."""
    return Context(actor=SYSTEM_ACTOR, channel=channel, source_id=source_id)


class CommandService:
    def __init__(self, app: Samverka, views: Views) -> None:
        self._app = app
        self._views = views

    def run(self, command: Command, context: Context, *, wait: bool = False) -> CommandResult:
        """Runs the command; with `wait`, returns once the views show it (a
        command answered from its receipt waits for the log's head)."""
        meta = context.meta  # built once: `context.authority` would build it again
        return self.run_meta(command, meta, Authority.of(meta, context.roles), wait=wait)

    def run_meta(
        self, command: Command, meta: Meta, authority: Authority, *, wait: bool = False
    ) -> CommandResult:
        """As `run`, for a door that has built its envelope already."""
        result = self._app.execute(command, meta, authority)
        if wait:
            position = result.position
            if result.replayed or position is None:
                position = self._views.head()
            self._views.wait_for(position)
        return result
