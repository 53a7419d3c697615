"""Response bodies, for /openapi.json: what each route answers with.

The routes answer with the read tables' rows as the query facades give them
(services.queries), so most of these models are built from those tables'
columns (`from_table`, models_derived.py) and name by hand only what the
columns do not say. They allow more fields than they name, so a column added
to a read table shows up before it is documented here. Times are ISO 8601
strings, money integer öre.
"""

from __future__ import annotations

from typing import Any, Generic, TypeVar

from pydantic import BaseModel, ConfigDict

from adapters.http.models_derived import from_table
from services.queries import rows

Rows = list[dict[str, Any]]
T = TypeVar("T")


class Out(BaseModel):
    model_config = ConfigDict(extra="allow")


class Versioned(Out):
    id: str
    version: int | None = None


# -- answers common to every command ---------------------------------------------


class Accepted(Out):
    """The command is recorded; the views had not shown it yet (202), or the
    client asked for `Prefer: return=minimal`."""

    id: str
    version: int
    position: int | None = None


# -- persons and arenas ------------------------------------------------------------


STAMPS = ("created_at", "updated_at")


@from_table(rows.persons, omit=("language", "channel"), optional=("name", "organisation", *STAMPS))
class Person(Versioned):
    forgotten: bool = False


@from_table(rows.arenas, optional=("description", *STAMPS))
class Arena(Versioned):
    members: Rows | None = None
    initiatives: Rows | None = None


class Me(Out):
    person_id: str
    role: str
    name: str | None = None
    arenas: dict[str, str]


class SlackLink(Out):
    person_id: str | None = None
    slack_user_id: str | None = None


# -- initiatives and decisions -----------------------------------------------------


@from_table(rows.initiatives, optional=("background", "goal", *STAMPS))
class Initiative(Versioned):
    objectives: list[str] = []
    perspectives: list[str] = []
    arena_code: str | None = None
    milestones: Rows | None = None
    participants: Rows | None = None
    links: Rows | None = None
    decisions: Rows | None = None


@from_table(
    rows.decisions,
    optional=("rationale", "decided_by_kind", "decided_by_name", "recorded_at", "recorded_by"),
)
class Decision(Versioned):
    initiative_ids: list[str] | None = None


# -- meetings ----------------------------------------------------------------------


@from_table(
    rows.meeting_series,
    omit=STAMPS,
    optional=("location", "slack_channel", "teams_channel", "schedule_revision"),
)
class Series(Versioned):
    rules: Rows
    overrides: dict[str, Any] = {}
    agenda_template: list[str] = []
    invitees: Rows | None = None
    history: Rows | None = None


@from_table(
    rows.meetings,
    omit=("moved_reason", "holiday", "planned_at", "updated_at"),
    optional=("title", "starts_at", "ends_at", "notes"),
)
class MeetingPage(Versioned):
    summary: dict[str, Any] | None = None
    agenda: Rows = []
    attendance: Rows = []
    decisions: Rows = []
    entries: Rows = []
    rsvps: Rows = []
    action_items: Rows = []
    carried_forward: Rows = []
    status_round: dict[str, Any] | None = None


class UpcomingMeeting(Out):
    series_id: str
    title: str
    date: str
    meeting_id: str
    start: str
    end: str
    state: str
    reason: str | None = None
    location: str | None = None
    video_link: str | None = None


@from_table(rows.action_items, omit=("assigned_at",))
class ActionItem(Out):
    meeting_title: str | None = None


# -- check-ins ---------------------------------------------------------------------


@from_table(rows.checkin_rounds, omit=("opened_at",), after={"response_rate": "answered"})
class Round(Versioned):
    questions: Rows
    reminders: list[int]
    response_rate: float


@from_table(
    rows.checkin_recipients, omit=("channel", "answer_channel"), after={"name": "person_id"}
)
class Recipient(Out):
    name: str | None = None
    answers: dict[str, Any] | None = None


class Survey(Out):
    id: str
    title: str | None = None


@from_table(
    rows.notifications,
    *("id", "key", "kind", "state", "subject", "queued_at", "sent_at"),
    optional=("queued_at",),
)
class Notification(Out): ...


# -- funds ---------------------------------------------------------------------------


@from_table(rows.fund_agreements, omit=("created_at",))
class Agreement(Versioned):
    grants: Rows | None = None


@from_table(rows.fund_grants, omit=("entries", *STAMPS))
class Grant(Versioned):
    unbooked: int
    unspent: int
    sek: dict[str, str]
    bookings: Rows | None = None
    lines: Rows | None = None


@from_table(
    rows.fund_entries,
    *("grant_id", "entry_id", "position", "recorded_at", "business_date", "kind", "amount"),
    optional=("business_date",),
)
class LedgerLine(Out): ...


class Booking(Out):
    initiative_id: str | None = None
    activity: str | None = None
    booked: int
    spent: int
    sek: dict[str, str]


@from_table(
    rows.fund_reports,
    omit=("submitted_by", "submitted_at", "position", "plan_id"),
    optional=("recipient",),
)
class Submission(Out): ...


class FundReport(Out):
    """The report's lines and totals, with the log position and chain link it
    was computed at and its SHA-256 (see README: återrapportering)."""

    report_sha256: str
    source: dict[str, Any]


class ReportDifference(Out):
    submission: dict[str, Any]
    # The log still gives the digest submitted (the report recomputed at its position).
    reproduced: bool
    # The difference is from the report kept with the submission (False: a
    # submission recorded before reports were kept; it is from the reproduction).
    kept: bool = False


# -- audit and access ----------------------------------------------------------------


@from_table(
    rows.audit_trail,
    omit=("subject_id",),
    optional=("actor_id", "channel", "correlation_id", "summary"),
)
class AuditRow(Out): ...


class Digest(Out):
    position: int
    hash: str
    digest: str


class IssuedToken(Out):
    id: str
    role: str
    token: str
    expires_at: str


class RevokedToken(Out):
    id: str
    revoked: bool


# -- pages -----------------------------------------------------------------------------


class Page(Out, Generic[T]):
    items: list[T]
    total: int
    limit: int
    offset: int


class CursorPage(Out, Generic[T]):
    items: list[T]
    next_cursor: int | None = None
    limit: int


class Status(Out):
    status: str


class State(Out):
    """The whole plan (persons, arenas, initiatives, decisions...) at a moment."""


class Verification(Out):
    """Whether the hash chain is whole (and extends the digest given)."""

    ok: bool
    events: int
    head: str
    bad_position: int | None = None
    problem: str | None = None


# What a command endpoint answers with, by the facade read that fetches it
# (command_routes.CommandRoute.reads).
READS: dict[str, type[Out]] = {
    "plan.get_person": Person,
    "plan.get_arena": Arena,
    "plan.get_initiative": Initiative,
    "plan.get_decision": Decision,
    "meetings.get_series": Series,
    "meetings.meeting_page": MeetingPage,
    "checkins.get_round": Round,
    "checkins.get_survey": Survey,
    "funds.get_agreement": Agreement,
    "funds.get_grant": Grant,
}
ACCEPTED: dict[int | str, dict[str, Any]] = {
    202: {"model": Accepted, "description": "Recorded; the views do not show it yet"}
}
