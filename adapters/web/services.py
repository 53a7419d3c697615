"""What the web door is given: the services it uses, never the container
(the composition root fills these in samverka/asgi.py)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from adapters.web.oidc import OidcClient
from adapters.web.sessions import SessionStore
from services.audit import Audit
from services.commands import CommandService
from services.erasure import Erasure
from services.indicators import IndicatorImport
from services.notifications import Notifier
from services.personal_records import PersonalRecords
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


@dataclass(frozen=True)
class WebServices:
    commands: CommandService
    clock: Clock
    plan: PlanQueries
    meetings: MeetingQueries
    checkins: CheckInQueries
    sessions: SessionStore
    # Sign-in links go out as notifications (e-mail, or the outbox folder).
    notifier: Notifier
    # Where people reach the service, for links in mail ("" = the request's own).
    public_url: str = ""
    # Sign-in with OpenID Connect, when a provider is configured.
    oidc: OidcClient | None = None
    # Who changed an initiative since a stale edit's version (None: not said).
    trail: AuditTrail | None = None
    # The hash chain's head and its verification (Granskning: Verifiera).
    audit: Audit | None = None
    # API tokens made in the administration pages: their default and longest life.
    token_days: int = 90
    token_max_days: int = 365
    # Each API token's last use, as the API's token check noted it.
    token_use: TokenUse | None = None
    # The fund ledger (Medel), for fund coordinators, auditors and admins.
    funds: FundQueries | None = None
    # Återrapportering: the same report as the CLI and the API.
    reports: Reports | None = None
    # Tidsresa: an initiative or a grant as it was at a moment, and its history.
    timetravel: TimeTravel | None = None
    # Personuppgifter (admins): a person's registerutdrag, and forgetting them.
    records: PersonalRecords | None = None
    erasure: Erasure | None = None
    # Plans and their yearly follow-up (Planer), for the plan coordinator.
    plans: PlansQueries | None = None
    # Indikatorer: the indicators, their series and the import of a file.
    indicators: IndicatorQueries | None = None
    indicator_import: IndicatorImport | None = None
    # The position the read views show in this process (no I/O), and how
    # long a signed-in visitor is kept in memory (adapters/web/known.py).
    # Without `shown` every page reads the visitor from the tables.
    shown: Callable[[], int] | None = None
    visitor_cache_seconds: float = 2.0
