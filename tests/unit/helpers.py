from __future__ import annotations

import uuid

from domain.arena import Arena
from domain.commands import CreateArena, CreateInitiative
from domain.initiative import Initiative
from domain.meta import Meta, make_meta


def meta(actor: str = "tester", **kwargs: object) -> Meta:
    return make_meta(actor=actor, channel="api", **kwargs)  # type: ignore[arg-type]


def new_initiative(status: str = "proposed") -> Initiative:
    return Initiative.create(
        CreateInitiative(
            arena_id=uuid.uuid4(),
            code="2.7.4",
            title="Utveckla digitala lösningar för psykisk hälsa",
            background=None,
            goal="Att utveckla någon/några digitala lösningar",
            objectives=["Delmål 1"],
            perspectives=["tillganglighet", "barnperspektivet"],
            status=status,
        ),
        meta=meta(),
    )


def new_arena() -> Arena:
    return Arena.create(
        CreateArena(code="2.7", name="Hälsofrämjande digitalt liv", kind="delarena"), meta=meta()
    )
