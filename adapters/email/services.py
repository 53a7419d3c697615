"""What the inbound mail door is given: the services it uses, never the
container (the composition root fills these in samverka/mail.py)."""

from __future__ import annotations

from dataclasses import dataclass

from services.commands import CommandService
from services.queries.checkins import CheckInQueries
from services.queries.meetings import MeetingQueries
from services.queries.plan import PlanQueries


@dataclass(frozen=True)
class MailServices:
    commands: CommandService
    plan: PlanQueries
    meetings: MeetingQueries
    checkins: CheckInQueries
