"""Read tables of plans and organisations. A plan's parts (målbilder,
directions, insatsområden) share one table, told apart by `kind`."""

from __future__ import annotations

from sqlalchemy import JSON, Boolean, Column, Index, Integer, String, Table, Text

from projections.tables import ID, POSITION, WHEN, history, links, metadata, stamped

organisations = Table(
    "organisations",
    metadata,
    Column("id", ID, primary_key=True),
    Column("code", String(32), nullable=False),
    Column("name", Text, nullable=False),
    Column("kind", String(16), nullable=False),
    Column("county", Text, nullable=False),
    Column("area_code", String(4)),
    Column("parent_id", ID),
    Column("arena_id", ID),
    *stamped("created_at", "updated_at"),
    Index("ix_organisations_county", "county", "kind"),
)

organisation_members = links(
    "organisation_members",
    "organisation_id",
    "person_id",
    Column("contact", Boolean, nullable=False),
)

plans = Table(
    "plans",
    metadata,
    Column("id", ID, primary_key=True),
    Column("code", String(32), nullable=False),
    Column("title", Text, nullable=False),
    Column("scope", String(16), nullable=False),
    Column("county", Text, nullable=False),
    Column("goal", Text, nullable=False),
    Column("purpose", Text, nullable=False),
    Column("first_year", Integer, nullable=False),
    Column("last_year", Integer, nullable=False),
    Column("arena_id", ID),
    Column("survey_id", ID),
    *stamped("created_at", "updated_at"),
)

# kind: target (målbild), direction, area (insatsområde). `questions` of an
# area: {number: {text, kind, perspective}}.
plan_parts = Table(
    "plan_parts",
    metadata,
    Column("plan_id", ID, primary_key=True),
    Column("part_id", ID, primary_key=True),
    Column("kind", String(16), nullable=False),
    Column("code", String(32), nullable=False),
    Column("title", Text, nullable=False),
    Column("description", Text, nullable=False),
    Column("direction_id", ID),
    Column("challenges", JSON, nullable=False),
    Column("questions", JSON, nullable=False),
    Column("position", POSITION, nullable=False),
    Index("ix_plan_parts_part", "part_id", unique=True),
    sqlite_with_rowid=False,
)

plan_activities = Table(
    "plan_activities",
    metadata,
    Column("plan_id", ID, primary_key=True),
    Column("activity_id", ID, primary_key=True),
    Column("code", String(32), nullable=False),
    Column("title", Text, nullable=False),
    Column("area_id", ID, nullable=False),
    Column("description", Text, nullable=False),
    Column("target_ids", JSON, nullable=False),
    Column("organisation_ids", JSON, nullable=False),
    Column("initiative_id", ID),
    Column("perspectives", JSON, nullable=False),
    Index("ix_plan_activities_area", "area_id"),
    sqlite_with_rowid=False,
)

# scope: "plan" or an insatsområde's id.
plan_perspective_goals = Table(
    "plan_perspective_goals",
    metadata,
    Column("plan_id", ID, primary_key=True),
    Column("scope", ID, primary_key=True),
    Column("perspective", String(32), primary_key=True),
    Column("goal", Text, nullable=False),
    sqlite_with_rowid=False,
)

plan_organisations = links("plan_organisations", "plan_id", "organisation_id")

# Who answers each year's survey for which organisation, as sent.
plan_follow_ups = Table(
    "plan_follow_ups",
    metadata,
    Column("plan_id", ID, primary_key=True),
    Column("year", Integer, primary_key=True),
    Column("round_id", ID, nullable=False),
    Column("respondents", JSON, nullable=False),
    Column("sent_at", WHEN, nullable=False),
    sqlite_with_rowid=False,
)

# Every revision of a narrative; the latest per area and year is shown.
plan_narratives = history(
    "plan_narratives",
    Column("plan_id", ID, nullable=False),
    Column("area_id", ID, nullable=False),
    Column("year", Integer, nullable=False),
    Column("revision", Integer, nullable=False),
    Column("done", Text, nullable=False),
    Column("effect", Text, nullable=False),
    Column("next", Text, nullable=False),
    Column("actor_id", String(100), nullable=False),
    Column("channel", String(16), nullable=False),
    Column("recorded_at", WHEN, nullable=False),
    Index("ix_plan_narratives_area", "plan_id", "area_id", "year"),
)

PLANS_TABLES = (
    organisations,
    organisation_members,
    plans,
    plan_parts,
    plan_activities,
    plan_perspective_goals,
    plan_organisations,
    plan_follow_ups,
    plan_narratives,
)
