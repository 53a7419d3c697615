"""`samverka person forget ID`: the right to be forgotten.

The erasure is recorded as an event first (who ordered it, when; no personal
data), then the person's key is deleted. The Forgotten event purges the
plaintext the views kept; replay decodes the person's earlier events to
"[borttagen person]"; the stored bytes, and so the hash chain, are untouched.
A crash between the two steps is finished by running the command again.
"""

from __future__ import annotations

from uuid import UUID

import structlog

from domain.app import CommandResult
from domain.authority import Authority
from domain.errors import ValidationFailed
from domain.meta import Meta
from domain.person import Person
from domain.privacy import ForgetPerson
from samverka.bootstrap import Container

log = structlog.get_logger(__name__)


def forget_person(
    k: Container, person_id: UUID, meta: Meta, authority: Authority | None = None
) -> CommandResult | None:
    """Forgets the person; None if they were already forgotten (the key is
    deleted all the same). Their tokens stop working with it."""
    result: CommandResult | None
    try:
        result = k.app.execute(ForgetPerson(person_id=person_id), meta, authority)
    except ValidationFailed:
        person: object = k.app.repository.get(person_id)
        if not (isinstance(person, Person) and person.forgotten):
            raise
        result = None
    if k.personal is not None:
        k.personal.forget(person_id)
    log.info("person.forgotten", person_id=str(person_id), actor=meta["actor"])
    return result
