"""The right to be forgotten (`samverka person forget ID`, the API, the web).

The erasure is recorded as an event first (who ordered it, when; no personal
data), then the person's key is deleted, then what the doors keep about them outside
the log (web sessions, sign-in links, provider subjects: the forget hooks the
composition root gives, so that nothing of theirs waits to be noticed at its
next use). The Forgotten event purges the
plaintext the views kept; replay decodes the person's earlier events to
"[borttagen person]"; the stored bytes, and so the hash chain, are untouched.
A crash between the two steps is finished by running the command again.
"""

from __future__ import annotations

from collections.abc import Sequence
from uuid import UUID

import structlog

from domain.errors import ValidationFailed
from domain.person import Person
from domain.privacy import ForgetPerson
from services.application import CommandResult, Samverka
from services.commands import CommandService, Context
from services.ports import ForgetHook, KeyStore

log = structlog.get_logger(__name__)


class Erasure:
    def __init__(
        self,
        app: Samverka,
        commands: CommandService,
        keys: KeyStore | None,
        hooks: Sequence[ForgetHook] = (),
    ) -> None:
        self._app = app
        self._commands = commands
        self._keys = keys
        self._hooks = tuple(hooks)

    def forget(self, person_id: UUID, context: Context) -> CommandResult | None:
        """Forgets the person; None if they were already forgotten (the key is
        deleted, and the hooks run, all the same: a run cut short is finished
        by the next). Their tokens and web sessions stop working with it."""
        result: CommandResult | None
        try:
            result = self._commands.run(ForgetPerson(person_id=person_id), context)
        except ValidationFailed:
            person: object = self._app.repository.get(person_id)
            if not (isinstance(person, Person) and person.forgotten):
                raise
            result = None
        if self._keys is not None:
            self._keys.forget(person_id)
        for hook in self._hooks:
            hook.forget_person(person_id)
        log.info("person.forgotten", person_id=str(person_id), actor=context.actor)
        return result
