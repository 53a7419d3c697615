"""What the HTTP door is given: the services it uses and its limits, never
the container (the composition root fills these in samverka/asgi.py)."""

from __future__ import annotations

from dataclasses import dataclass

from services.audit import Audit
from services.commands import CommandService
from services.erasure import Erasure
from services.health import Health
from services.indicators import IndicatorImport
from services.ports import Clock, TokenUse
from services.queries.audit import AuditTrail
from services.queries.checkins import CheckInQueries
from services.queries.funds import FundQueries
from services.queries.indicators import IndicatorQueries
from services.queries.meetings import MeetingQueries
from services.queries.plan import PlanQueries
from services.queries.plans import PlansQueries
from services.reports import Reports
from services.timetravel import TimeTravel
from services.views import Views


@dataclass(frozen=True)
class ApiLimits:
    max_body_bytes: int = 256 * 1024
    max_header_bytes: int = 32 * 1024
    token_days: int = 90
    token_max_days: int = 365
    token_cache_seconds: float = 2.0
    # A status round closes this long before its meeting (the scheduler's setting).
    status_close_before: float = 7200.0


@dataclass(frozen=True)
class ApiServices:
    commands: CommandService
    views: Views
    clock: Clock
    audit: Audit
    reports: Reports
    erasure: Erasure
    health: Health
    # What the routes read, one facade per feature.
    plan: PlanQueries
    meetings: MeetingQueries
    checkins: CheckInQueries
    funds: FundQueries
    plans: PlansQueries
    indicators: IndicatorQueries
    indicator_import: IndicatorImport
    trail: AuditTrail
    # Tidsresa: one initiative or grant as it was at a moment.
    timetravel: TimeTravel
    limits: ApiLimits
    # Where the token check notes each token's last use (None: not noted).
    token_use: TokenUse | None = None
