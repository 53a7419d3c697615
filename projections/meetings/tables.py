"""Read tables for meeting series, meetings, check-in rounds and the outbox."""

from __future__ import annotations

from sqlalchemy import JSON, BigInteger, Boolean, Column, Index, Integer, String, Text

from projections.tables import (
    DAY,
    ID,
    WHEN,
    clustered,
    entity,
    history,
    key,
    links,
    optional,
    parts,
    required,
    stamped,
)

meeting_series = entity(
    "meeting_series",
    *required(title=Text),
    *optional(arena_id=ID, initiative_id=ID),
    *required(moderator_id=ID),
    *optional(secretary_id=ID),
    *required(timezone=String(64), holiday_policy=String(32), rules=JSON, overrides=JSON),
    *required(starts_on=DAY),
    *optional(until=DAY, ended_on=DAY),
    *required(location=Text),
    *optional(video_link=Text),
    *required(slack_channel=String(80)),
    # A Teams channel's conversation id ("" for none).
    *required(teams_channel=String(200), agenda_template=JSON),
    *optional(evaluate_after=Integer, status_round_days=Integer),
    # Bumped by every change that invitees should hear about (new times).
    *required(schedule_revision=Integer),
    *stamped("created_at", "updated_at"),
    Index("ix_meeting_series_arena", "arena_id"),
    Index("ix_meeting_series_initiative", "initiative_id"),
)

series_invitees = links(
    "series_invitees",
    "series_id",
    "person_id",
    *required(since=WHEN, since_revision=Integer),
)

# History of schedule changes (skips for holidays, moves, cancellations).
series_events = history(
    "series_events",
    *required(series_id=ID, kind=String(32)),
    *optional(occurrence_date=DAY),
    *required(detail=Text, recorded_at=WHEN),
    Index("ix_series_events_series", "series_id", "position"),
)

meetings = entity(
    "meetings",
    *required(series_id=ID, occurrence_date=DAY, title=Text, starts_at=WHEN, ends_at=WHEN),
    *required(state=String(16), moved_reason=Text, holiday=Text, notes=Text),
    *optional(summary=JSON, closed_at=WHEN),
    *stamped("planned_at", "updated_at"),
    Index("ix_meetings_series_date", "series_id", "occurrence_date", unique=True),
)

agenda_items = parts(
    "agenda_items",
    "meeting_id",
    "item_id",
    *required(position=BigInteger, title=Text, note=Text, proposed_by=String(100)),
    *required(kind=String(16)),
)

meeting_attendance = clustered(
    "meeting_attendance",
    *key(meeting_id=ID, person_id=ID),
    *required(present=Boolean),
)

meeting_decisions = clustered(
    "meeting_decisions",
    *key(meeting_id=ID, decision_id=ID),
    *required(text=Text, position=BigInteger),
)

action_items = parts(
    "action_items",
    "meeting_id",
    "item_id",
    *required(series_id=ID, occurrence_date=DAY, text=Text, assignee_id=ID),
    *optional(due=DAY, done_on=DAY),
    *required(assigned_at=WHEN),
    Index("ix_action_items_assignee", "assignee_id", "done_on"),
    Index("ix_action_items_series", "series_id", "occurrence_date"),
)

checkin_rounds = entity(
    "checkin_rounds",
    *required(kind=String(16), title=Text, audience_kind=String(16)),
    *optional(audience_ref=ID, series_id=ID, occurrence_date=DAY, initiative_id=ID, survey_id=ID),
    *optional(year=Integer),
    *required(questions=JSON, opens_at=WHEN, due_at=WHEN, reminders=JSON, state=String(16)),
    *required(invited=Integer, answered=Integer),
    *optional(summary=JSON, closed_at=WHEN),
    *stamped("opened_at"),
    Index("ix_checkin_rounds_series", "series_id", "occurrence_date"),
    Index("ix_checkin_rounds_initiative", "initiative_id"),
)

checkin_recipients = links(
    "checkin_recipients",
    "round_id",
    "person_id",
    *required(channel=String(16), revision=Integer),
    *optional(answers=JSON, answered_at=WHEN, answer_channel=String(16)),
)

# Every answer and revision, in log order (the latest per person counts).
checkin_answers = history(
    "checkin_answers",
    *required(round_id=ID, person_id=ID),
    *optional(initiative_id=ID),
    *required(revision=Integer, answers=JSON, answered_at=WHEN, channel=String(16)),
    *optional(source_id=String(200)),
    Index("ix_checkin_answers_round", "round_id", "person_id"),
    Index("ix_checkin_answers_initiative", "initiative_id", "answered_at"),
)

survey_plans = entity(
    "survey_plans",
    *required(title=Text),
    *optional(arena_id=ID),
    *required(contacts=JSON, questions=JSON, send_on=String(5), due_on=String(5)),
    *required(timezone=String(64), first_year=Integer, ended=Boolean),
    *optional(plan_id=ID),
    *stamped("created_at"),
)

notifications = entity(
    "notifications",
    Column("key", String(200), nullable=False, unique=True),
    *required(kind=String(40), state=String(16), recipients=JSON, subject=Text, text=Text),
    *required(data=JSON),
    *optional(not_after=WHEN),
    *required(attempts=Integer),
    *optional(last_error=Text, skip_reason=Text),
    *required(queued_at=WHEN),
    *optional(sent_at=WHEN, channels=JSON),
    *required(unreachable=JSON),  # person id -> why they were not reached
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
