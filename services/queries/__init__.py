"""One query facade per feature: what the front doors read, never the
projections themselves. Each is given the read connections (`Views`); what a
person may read is decided by the domain's read policy (domain/authority.py)
and applied here, so every door shows the same.

- `plan.PlanQueries`: persons, arenas, initiatives, decisions, API tokens
- `meetings.MeetingQueries`: series, meetings, upcoming, RSVPs, action items
- `checkins.CheckInQueries`: rounds, recipients, answers, surveys, the outbox,
  what a person has open
- `funds.FundQueries`: agreements, grants, ledger, bookings, submitted reports
- `audit.AuditTrail`: the audit trail
"""

from __future__ import annotations

from projections.plan.queries import Page
from projections.store import Row

__all__ = ["Page", "Row"]
