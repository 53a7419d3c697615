"""Response bodies, for /openapi.json: what each route answers with.

The routes answer with the read tables' rows as the query facades give them
(services.queries), so these models document those rows; they allow more
fields than they name, so a column added to a read table shows up before it
is documented here. Times are ISO 8601 strings, money integer öre.
"""

from __future__ import annotations

from typing import Any, Generic, TypeVar

from pydantic import BaseModel, ConfigDict

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


class Person(Versioned):
    name: str | None = None
    email: str | None = None
    slack_user_id: str | None = None
    organisation: str | None = None
    forgotten: bool = False
    created_at: str | None = None
    updated_at: str | None = None


class Arena(Versioned):
    code: str
    name: str
    kind: str
    description: str | None = None
    created_at: str | None = None
    updated_at: str | None = None
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


class Initiative(Versioned):
    arena_id: str
    code: str
    title: str
    background: str | None = None
    goal: str | None = None
    objectives: list[str] = []
    perspectives: list[str] = []
    status: str
    health: str | None = None
    health_comment: str | None = None
    health_reported_at: str | None = None
    created_at: str | None = None
    updated_at: str | None = None
    arena_code: str | None = None
    milestones: Rows | None = None
    participants: Rows | None = None
    links: Rows | None = None
    decisions: Rows | None = None


class Decision(Versioned):
    text: str
    rationale: str | None = None
    decided_by_kind: str | None = None
    decided_by_name: str | None = None
    meeting_id: str | None = None
    decision_date: str
    review_date: str | None = None
    arena_id: str | None = None
    state: str
    supersedes: str | None = None
    superseded_by: str | None = None
    revoked_reason: str | None = None
    revoked_on: str | None = None
    recorded_at: str | None = None
    recorded_by: str | None = None
    initiative_ids: list[str] | None = None


# -- meetings ----------------------------------------------------------------------


class Series(Versioned):
    title: str
    arena_id: str | None = None
    initiative_id: str | None = None
    moderator_id: str
    secretary_id: str | None = None
    timezone: str
    holiday_policy: str
    rules: Rows
    overrides: dict[str, Any] = {}
    starts_on: str
    until: str | None = None
    ended_on: str | None = None
    location: str | None = None
    video_link: str | None = None
    slack_channel: str | None = None
    teams_channel: str | None = None
    agenda_template: list[str] = []
    evaluate_after: int | None = None
    status_round_days: int | None = None
    schedule_revision: int | None = None
    invitees: Rows | None = None
    history: Rows | None = None


class MeetingPage(Versioned):
    series_id: str
    occurrence_date: str
    title: str | None = None
    starts_at: str | None = None
    ends_at: str | None = None
    state: str
    notes: str | None = None
    summary: dict[str, Any] | None = None
    closed_at: str | None = None
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


class ActionItem(Out):
    meeting_id: str
    item_id: str
    series_id: str
    occurrence_date: str
    text: str
    assignee_id: str
    due: str | None = None
    done_on: str | None = None
    meeting_title: str | None = None


# -- check-ins ---------------------------------------------------------------------


class Round(Versioned):
    kind: str
    title: str
    audience_kind: str
    audience_ref: str | None = None
    series_id: str | None = None
    occurrence_date: str | None = None
    initiative_id: str | None = None
    survey_id: str | None = None
    year: int | None = None
    questions: Rows
    opens_at: str
    due_at: str
    reminders: list[int]
    state: str
    invited: int
    answered: int
    response_rate: float
    summary: Any = None
    closed_at: str | None = None


class Recipient(Out):
    round_id: str
    person_id: str
    name: str | None = None
    revision: int
    answers: dict[str, Any] | None = None
    answered_at: str | None = None


class Survey(Out):
    id: str
    title: str | None = None


class Notification(Out):
    id: str
    key: str
    kind: str
    state: str
    subject: str
    queued_at: str | None = None
    sent_at: str | None = None


# -- funds ---------------------------------------------------------------------------


class Agreement(Versioned):
    reference: str
    title: str
    first_year: int
    last_year: int
    currency: str
    grants: Rows | None = None


class Grant(Versioned):
    agreement_id: str
    principal: str
    principal_kind: str
    county: str | None = None
    area: str
    year: int
    decided_on: str
    granted: int
    requisitioned: int
    booked: int
    spent: int
    repaid: int
    unbooked: int
    unspent: int
    sek: dict[str, str]
    bookings: Rows | None = None
    lines: Rows | None = None


class LedgerLine(Out):
    grant_id: str
    entry_id: str
    position: int
    recorded_at: str
    business_date: str | None = None
    kind: str
    amount: int


class Booking(Out):
    initiative_id: str | None = None
    activity: str | None = None
    booked: int
    spent: int
    sek: dict[str, str]


class Submission(Out):
    id: str
    year: int
    principal: str | None = None
    area: str | None = None
    log_position: int
    chain_link: str
    report_sha256: str
    submitted_on: str
    recipient: str | None = None


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


class AuditRow(Out):
    position: int
    recorded_at: str
    aggregate_id: str
    aggregate_type: str
    aggregate_version: int
    event_type: str
    actor_id: str | None = None
    channel: str | None = None
    source_id: str | None = None
    correlation_id: str | None = None
    business_date: str | None = None
    summary: str | None = None


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
