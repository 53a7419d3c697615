"""Read tables for meeting series, meetings, check-in rounds and the outbox."""

from __future__ import annotations

from sqlalchemy import JSON, BigInteger, Boolean, Column, Index, Integer, String, Table, Text

from projections.tables import DAY, ID, WHEN, history, links, metadata, parts, stamped

meeting_series = Table(
    "meeting_series",
    metadata,
    Column("id", ID, primary_key=True),
    Column("title", Text, nullable=False),
    Column("arena_id", ID),
    Column("initiative_id", ID),
    Column("moderator_id", ID, nullable=False),
    Column("secretary_id", ID),
    Column("timezone", String(64), nullable=False),
    Column("holiday_policy", String(32), nullable=False),
    Column("rules", JSON, nullable=False),
    Column("overrides", JSON, nullable=False),
    Column("starts_on", DAY, nullable=False),
    Column("until", DAY),
    Column("ended_on", DAY),
    Column("location", Text, nullable=False),
    Column("video_link", Text),
    Column("slack_channel", String(80), nullable=False),
    # A Teams channel's conversation id ("" for none).
    Column("teams_channel", String(200), nullable=False),
    Column("agenda_template", JSON, nullable=False),
    Column("evaluate_after", Integer),
    Column("status_round_days", Integer),
    # Bumped by every change that invitees should hear about (new times).
    Column("schedule_revision", Integer, nullable=False),
    *stamped("created_at", "updated_at"),
    Index("ix_meeting_series_arena", "arena_id"),
    Index("ix_meeting_series_initiative", "initiative_id"),
)

series_invitees = links(
    "series_invitees",
    "series_id",
    "person_id",
    Column("since", WHEN, nullable=False),
    Column("since_revision", Integer, nullable=False),
)

# History of schedule changes (skips for holidays, moves, cancellations).
series_events = history(
    "series_events",
    Column("series_id", ID, nullable=False),
    Column("kind", String(32), nullable=False),
    Column("occurrence_date", DAY),
    Column("detail", Text, nullable=False),
    Column("recorded_at", WHEN, nullable=False),
    Index("ix_series_events_series", "series_id", "position"),
)

meetings = Table(
    "meetings",
    metadata,
    Column("id", ID, primary_key=True),
    Column("series_id", ID, nullable=False),
    Column("occurrence_date", DAY, nullable=False),
    Column("title", Text, nullable=False),
    Column("starts_at", WHEN, nullable=False),
    Column("ends_at", WHEN, nullable=False),
    Column("state", String(16), nullable=False),
    Column("moved_reason", Text, nullable=False),
    Column("holiday", Text, nullable=False),
    Column("notes", Text, nullable=False),
    Column("summary", JSON),
    Column("closed_at", WHEN),
    *stamped("planned_at", "updated_at"),
    Index("ix_meetings_series_date", "series_id", "occurrence_date", unique=True),
)

agenda_items = parts(
    "agenda_items",
    "meeting_id",
    "item_id",
    Column("position", BigInteger, nullable=False),
    Column("title", Text, nullable=False),
    Column("note", Text, nullable=False),
    Column("proposed_by", String(100), nullable=False),
    Column("kind", String(16), nullable=False),
)

meeting_attendance = Table(
    "meeting_attendance",
    metadata,
    Column("meeting_id", ID, primary_key=True),
    Column("person_id", ID, primary_key=True),
    Column("present", Boolean, nullable=False),
    sqlite_with_rowid=False,
)

meeting_decisions = Table(
    "meeting_decisions",
    metadata,
    Column("meeting_id", ID, primary_key=True),
    Column("decision_id", ID, primary_key=True),
    Column("text", Text, nullable=False),
    Column("position", BigInteger, nullable=False),
    sqlite_with_rowid=False,
)

action_items = parts(
    "action_items",
    "meeting_id",
    "item_id",
    Column("series_id", ID, nullable=False),
    Column("occurrence_date", DAY, nullable=False),
    Column("text", Text, nullable=False),
    Column("assignee_id", ID, nullable=False),
    Column("due", DAY),
    Column("done_on", DAY),
    Column("assigned_at", WHEN, nullable=False),
    Index("ix_action_items_assignee", "assignee_id", "done_on"),
    Index("ix_action_items_series", "series_id", "occurrence_date"),
)

checkin_rounds = Table(
    "checkin_rounds",
    metadata,
    Column("id", ID, primary_key=True),
    Column("kind", String(16), nullable=False),
    Column("title", Text, nullable=False),
    Column("audience_kind", String(16), nullable=False),
    Column("audience_ref", ID),
    Column("series_id", ID),
    Column("occurrence_date", DAY),
    Column("initiative_id", ID),
    Column("survey_id", ID),
    Column("year", Integer),
    Column("questions", JSON, nullable=False),
    Column("opens_at", WHEN, nullable=False),
    Column("due_at", WHEN, nullable=False),
    Column("reminders", JSON, nullable=False),
    Column("state", String(16), nullable=False),
    Column("invited", Integer, nullable=False),
    Column("answered", Integer, nullable=False),
    Column("summary", JSON),
    Column("closed_at", WHEN),
    *stamped("opened_at"),
    Index("ix_checkin_rounds_series", "series_id", "occurrence_date"),
    Index("ix_checkin_rounds_initiative", "initiative_id"),
)

checkin_recipients = links(
    "checkin_recipients",
    "round_id",
    "person_id",
    Column("channel", String(16), nullable=False),
    Column("revision", Integer, nullable=False),
    Column("answers", JSON),
    Column("answered_at", WHEN),
    Column("answer_channel", String(16)),
)

# Every answer and revision, in log order (the latest per person counts).
checkin_answers = history(
    "checkin_answers",
    Column("round_id", ID, nullable=False),
    Column("person_id", ID, nullable=False),
    Column("initiative_id", ID),
    Column("revision", Integer, nullable=False),
    Column("answers", JSON, nullable=False),
    Column("answered_at", WHEN, nullable=False),
    Column("channel", String(16), nullable=False),
    Column("source_id", String(200)),
    Index("ix_checkin_answers_round", "round_id", "person_id"),
    Index("ix_checkin_answers_initiative", "initiative_id", "answered_at"),
)

survey_plans = Table(
    "survey_plans",
    metadata,
    Column("id", ID, primary_key=True),
    Column("title", Text, nullable=False),
    Column("arena_id", ID),
    Column("contacts", JSON, nullable=False),
    Column("questions", JSON, nullable=False),
    Column("send_on", String(5), nullable=False),
    Column("due_on", String(5), nullable=False),
    Column("timezone", String(64), nullable=False),
    Column("first_year", Integer, nullable=False),
    Column("ended", Boolean, nullable=False),
    Column("plan_id", ID),
    *stamped("created_at"),
)

notifications = Table(
    "notifications",
    metadata,
    Column("id", ID, primary_key=True),
    Column("key", String(200), nullable=False, unique=True),
    Column("kind", String(40), nullable=False),
    Column("state", String(16), nullable=False),
    Column("recipients", JSON, nullable=False),
    Column("subject", Text, nullable=False),
    Column("text", Text, nullable=False),
    Column("data", JSON, nullable=False),
    Column("not_after", WHEN),
    Column("attempts", Integer, nullable=False),
    Column("last_error", Text),
    Column("skip_reason", Text),
    Column("queued_at", WHEN, nullable=False),
    Column("sent_at", WHEN),
    Column("channels", JSON),
    Column("unreachable", JSON, nullable=False),  # person id -> why they were not reached
    Index("ix_notifications_state", "state", "queued_at"),
)

MEETING_TABLES = (
    meeting_series,
    series_invitees,
    series_events,
    meetings,
    agenda_items,
    meeting_attendance,
    meeting_decisions,
    action_items,
    checkin_rounds,
    checkin_recipients,
    checkin_answers,
    survey_plans,
    notifications,
)
