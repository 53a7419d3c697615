"""Who may do what: roles per arena, and the few that are global.

A person is a member (participant), secretary, moderator or convener *of an
arena*, from the arena's membership; what they may change is decided there,
for the arena the change concerns. Only four roles are global: `admin`,
`auditor`, `fund_coordinator` and `plan_coordinator`. The system itself (the scheduler, and the
operator's CLI, which has the database anyway) may do everything.

Handlers state what each command needs through the unit of work
(`UnitOfWork.allow_*`); a handler that states nothing is a programming error
the application refuses to save. The same rules decide what a person may
read (`may_read_answers`, `may_read_contact`), so every door shows the same.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum

from domain.meta import SYSTEM_ACTOR, Channel, Meta
from domain.values import Role


class GlobalRole(StrEnum):
    ADMIN = "admin"
    AUDITOR = "auditor"
    FUND_COORDINATOR = "fund_coordinator"
    PLAN_COORDINATOR = "plan_coordinator"


# An arena role includes the ones below it.
RANK = {Role.PARTICIPANT: 1, Role.SECRETARY: 2, Role.MODERATOR: 3, Role.CONVENER: 3}
MEMBER, SECRETARY, MODERATOR = Role.PARTICIPANT, Role.SECRETARY, Role.MODERATOR


def holds(role: Role | str | None, needed: Role) -> bool:
    """Whether an arena role (None: not a member) is at least `needed`."""
    return role is not None and RANK[Role(role)] >= RANK[needed]


@dataclass(frozen=True)
class Authority:
    """Who runs a command: a person with their global roles, or the system."""

    actor: str
    roles: frozenset[GlobalRole] = frozenset()
    system: bool = False

    @classmethod
    def of(cls, meta: Meta, roles: frozenset[GlobalRole] = frozenset()) -> Authority:
        """The scheduler and the CLI act as the system; every other door acts
        as the person named in the envelope, with the global roles it vouches
        for (an API token's role)."""
        system = meta["actor"] == SYSTEM_ACTOR or meta["channel"] in (
            Channel.CLI,
            Channel.SCHEDULER,
        )
        return cls(actor=meta["actor"], roles=roles, system=system)

    @property
    def is_admin(self) -> bool:
        return self.system or GlobalRole.ADMIN in self.roles

    def has(self, role: GlobalRole) -> bool:
        return self.is_admin or role in self.roles


def may_read_all_answers(
    viewer: Authority, arena_roles: Mapping[str, str], arena_id: str | None
) -> bool:
    """Everyone's check-in answers in a round of the arena: its secretaries and
    moderators, auditors and admins."""
    if viewer.has(GlobalRole.AUDITOR):
        return True
    return arena_id is not None and holds(arena_roles.get(arena_id), SECRETARY)


def may_read_answers(
    viewer: Authority, answered_by: str, arena_roles: Mapping[str, str], arena_id: str | None
) -> bool:
    """Check-in answers: the person's own, and all of them for those above.
    Everyone else sees the round's summary."""
    return viewer.actor == answered_by or may_read_all_answers(viewer, arena_roles, arena_id)


def may_read_contact(viewer: Authority, person_id: str) -> bool:
    """E-mail addresses and chat ids: the person, auditors and admins."""
    return viewer.actor == person_id or viewer.has(GlobalRole.AUDITOR)


def may_manage_series(
    viewer: str,
    arena_roles: Mapping[str, str],
    arena_id: str | None,
    managers: tuple[str | None, str | None],
) -> bool:
    """Runs a meeting series and its meetings: the series' moderator and
    secretary (`managers`), and its arena's secretaries and moderators (what
    the meeting handlers allow, said for the doors that show the forms)."""
    if viewer in managers:
        return True
    return arena_id is not None and holds(arena_roles.get(arena_id), SECRETARY)
